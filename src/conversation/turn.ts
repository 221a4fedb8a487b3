import type { StoredFact } from '../facts/load.js';
import type { FactStore } from '../facts/store.js';
import { type Locale, pick } from '../locale.js';
import { formatFactValue, isCalendarYear } from '../quantities/fact-values.js';
import { inBaseUnits, type Target } from '../quantities/parse.js';
import { physical, physicalValues } from '../quantities/sides.js';
import type { Reply } from '../replies/model.js';
import { truncate } from '../text/clean.js';

/**
 * What a conversation remembers of its last answer: the facts it was about and the figures in
 * it, so that the next message can say "that", "who said that?" or "more". Everything is cut to
 * a fixed size, so a turn costs at most a few hundred bytes however long the answer was.
 */

/** A figure "that" can mean: a fact's value with its unit, a count of a yardstick, or a conversion's quantity. */
export interface Figure {
  value: number;
  /** A unit /convert reads: "kWh/day", "MW", "kWh", "W", or a yardstick counted ("h100"). */
  unit: string;
  dimension: 'energy' | 'power';
  /**
   * The time the figure goes with: a power the fact says runs for 90 days, an energy used over
   * 90 days. A follow-up in an energy unit, or in homes, uses it.
   */
  over?: string;
  /** What it measures, as the answer named it: "ChatGPT's electricity use per day". */
  label: string;
  /** The figure as stated: "500,000 kWh/day". */
  stated: string;
  fact?: string;
}

/** What a follow-up asked of a figure: a unit or yardstick, or a kind of quantity, over a duration. */
export interface Want {
  target?: string;
  parsed?: Target;
  ask?: 'energy' | 'power';
  duration?: string;
}

/** A conversion asked for before there was a figure to apply it to ("and in homes?" first thing). */
export interface Pending {
  want: Want;
}

export interface Turn {
  at: number;
  locale: Locale;
  command: string;
  /** The facts the answer was about (its subject), best first. */
  subjects: string[];
  /** Every fact the answer showed (for feedback records). */
  shown: string[];
  figures: Figure[];
  /** The working and assumptions of a conversion, for "why?". */
  notes: string[];
  /** The feedback id of the answer, for a console /feedback with no id. */
  answer?: string;
  /** The question /ask was asked, for a next question that leans on it ("by 2030?"). */
  question?: string;
  pending?: Pending;
  /** The last message got an error, not an answer: there is nothing for "that" to mean. */
  error?: true;
}

export const MAX_FIGURES = 4;
const MAX_FACTS = 6;
const MAX_NOTES = 4;
const MAX_TEXT = 160;

function clip(s: string): string {
  return truncate(s, MAX_TEXT);
}

const TIME_UNITS = new Set(['second', 'minute', 'hour', 'day', 'month', 'year']);

/** The length of time a fact states ("for 90 days"), if it states one that is not a calendar year. */
function statedDuration(fact: StoredFact): string | undefined {
  const v = fact.values.find((x) => TIME_UNITS.has(x.unit) && !isCalendarYear(x));
  return v ? `${v.value} ${v.unit}${v.value === 1 ? '' : 's'}` : undefined;
}

function inWatts(f: Figure, store: FactStore): number | undefined {
  const e = store.equivalences.find((x) => x.id === f.unit);
  try {
    return e ? inBaseUnits(f.value * e.amount, e.unit, f.dimension) : inBaseUnits(f.value, f.unit, f.dimension);
  } catch {
    return undefined;
  }
}

/** Facts never change once loaded, so each one's figures are worked out once per language. */
const figureCache = new WeakMap<FactStore, Map<string, readonly Figure[]>>();

/** A fact's energy and power figures, and the yardstick counts it states (650,000 H100s), each once. */
export function factFigures(factId: string, store: FactStore, locale: Locale): Figure[] {
  let cache = figureCache.get(store);
  if (!cache) figureCache.set(store, (cache = new Map()));
  const key = `${locale} ${factId}`;
  let figures = cache.get(key);
  if (!figures) {
    figures = Object.freeze(workOutFigures(factId, store, locale));
    if (cache.size < 4096) cache.set(key, figures);
  }
  return [...figures];
}

function workOutFigures(factId: string, store: FactStore, locale: Locale): Figure[] {
  const fact = store.byId.get(factId);
  if (!fact) return [];
  const out: Figure[] = [];
  const add = (f: Figure) => {
    const si = inWatts(f, store);
    if (!out.some((o) => o.dimension === f.dimension && si !== undefined && Math.abs((inWatts(o, store) ?? Number.NaN) - si) <= 1e-9 * Math.abs(si))) out.push(f);
  };
  const over = statedDuration(fact);
  for (const { value, dimension } of physicalValues(fact)) {
    const rate = /\//.test(value.unit);
    add({
      value: value.value,
      unit: value.unit,
      dimension,
      label: clip(pick(locale, value.measures)),
      stated: formatFactValue(value, locale),
      fact: fact.id,
      ...(over && dimension === 'power' && !rate && { over }),
    });
  }
  for (const value of fact.values) {
    const e = store.equivalences.find((x) => x.counts?.unit === value.unit && x.counts.measures.some((m) => value.measures.en.toLowerCase().includes(m.toLowerCase())));
    const dimension = e && physical(e.unit);
    if (e && dimension) add({ value: value.value, unit: e.id, dimension, label: clip(pick(locale, value.measures)), stated: formatFactValue(value, locale), fact: fact.id });
  }
  return out.slice(0, MAX_FIGURES);
}

export function errorTurn(at: number, locale: Locale, command: string): Turn {
  return { at, locale, command, subjects: [], shown: [], figures: [], notes: [], error: true };
}

/**
 * The turn an answer leaves. `that` is the figure a follow-up resolved to: after "and in homes?"
 * the conversation is still about ChatGPT's 500,000 kWh a day, not about 17,000 homes.
 */
export function turnOf(reply: Reply, command: string, locale: Locale, store: FactStore, at: number, that?: Figure, question?: string): Turn {
  if (reply.kind === 'error') return errorTurn(at, locale, command);
  const d = reply.data;
  const shown = (d.facts ?? []).slice(0, MAX_FACTS);
  let subjects: string[];
  let figures: Figure[];
  if (that) {
    subjects = that.fact ? [that.fact] : [];
    figures = [that];
  } else if (d.compare) {
    subjects = [d.compare.a.fact, d.compare.b.fact].filter((f): f is string => f !== undefined);
    // A side that is a fact's own figure stays that figure (500,000 kWh/day, not 0.0208 GW), so "that" keeps its speaker.
    const dimension = d.compare.dimension;
    const side = (s: typeof d.compare.a): Figure =>
      (s.fact && factFigures(s.fact, store, locale).find((f) => f.stated === s.stated)) || { value: s.value, unit: d.compare!.unit, dimension, label: clip(s.label), stated: clip(s.stated) };
    figures = [side(d.compare.a), side(d.compare.b)];
  } else if (d.converted) {
    const c = d.converted;
    subjects = c.fact ? [c.fact] : [];
    figures = [{ value: c.value, unit: c.unit, dimension: c.dimension, label: clip(c.label), stated: clip(c.label), ...(c.fact && { fact: c.fact }), ...(c.over && { over: c.over }) }];
  } else {
    subjects = shown.slice(0, 1);
    figures = subjects[0] ? factFigures(subjects[0], store, locale) : [];
  }
  // A figure worked out for the question (the episode's fact with the arithmetic beside it) comes first.
  if (!that && !d.converted && !d.compare && d.quantity) {
    const q = d.quantity;
    const dimension = physical(q.unit);
    if (dimension) {
      const worked: Figure = { value: q.value, unit: q.unit, dimension, label: clip(`${q.value} ${q.unit}`), stated: clip(`${q.value} ${q.unit}`) };
      const si = inWatts(worked, store);
      const same = figures.find((f) => f.dimension === dimension && si !== undefined && Math.abs((inWatts(f, store) ?? Number.NaN) - si) <= 0.03 * Math.abs(si));
      figures = same ? [same, ...figures.filter((f) => f !== same)] : [worked, ...figures];
    }
  }
  const notes: string[] = [];
  if (reply.kind === 'conversion' || reply.kind === 'projection' || reply.kind === 'comparison') {
    for (const b of reply.blocks) {
      if (b.type === 'figures') for (const f of b.figures) if (f.origin.kind === 'arithmetic' && notes.length < MAX_NOTES) notes.push(clip(`${f.label}: ${f.value} (${f.origin.working})`));
      if (b.type === 'list') for (const item of b.items) if (notes.length < MAX_NOTES) notes.push(clip(item));
    }
  }
  return { at, locale, command, subjects, shown, figures: figures.slice(0, MAX_FIGURES), notes, ...(question && { question: clip(question) }) };
}
