import type { FactStore } from '../facts/store.js';
import { type Locale, pick } from '../locale.js';
import { formatFactValue } from '../quantities/fact-values.js';
import { physicalValues } from '../quantities/sides.js';
import type { Reply } from '../replies/model.js';
import { truncate } from '../text/clean.js';

/**
 * What a conversation remembers of its last answer: the facts it was about and the figures in
 * it, so that the next message can say "that", "who said that?" or "more". Everything is cut to
 * a fixed size, so a turn costs at most a few hundred bytes however long the answer was.
 */

/** A figure "that" can mean: a fact's value with its unit, or a conversion's quantity. */
export interface Figure {
  value: number;
  /** A unit /convert reads: "kWh/day", "MW", "kWh", "W". */
  unit: string;
  /** What it measures, as the answer named it: "ChatGPT's electricity use per day". */
  label: string;
  /** The figure as stated: "500,000 kWh/day". */
  stated: string;
  fact?: string;
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

function sameQuantity(a: Figure, b: Figure): boolean {
  return a.unit === b.unit && Math.abs(a.value - b.value) <= 1e-9 * Math.max(Math.abs(a.value), Math.abs(b.value));
}

/** A fact's energy and power figures, each once. */
export function factFigures(factId: string, store: FactStore, locale: Locale): Figure[] {
  const fact = store.byId.get(factId);
  if (!fact) return [];
  const out: Figure[] = [];
  for (const { value } of physicalValues(fact)) {
    const f: Figure = { value: value.value, unit: value.unit, label: clip(pick(locale, value.measures)), stated: formatFactValue(value, locale), fact: fact.id };
    if (!out.some((o) => sameQuantity(o, f))) out.push(f);
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
export function turnOf(reply: Reply, command: string, locale: Locale, store: FactStore, at: number, that?: Figure): Turn {
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
    const side = (s: typeof d.compare.a): Figure =>
      (s.fact && factFigures(s.fact, store, locale).find((f) => f.stated === s.stated)) || { value: s.value, unit: d.compare!.unit, label: clip(s.label), stated: clip(s.stated) };
    figures = [side(d.compare.a), side(d.compare.b)];
  } else if (d.converted) {
    const c = d.converted;
    subjects = c.fact ? [c.fact] : [];
    figures = [{ value: c.value, unit: c.unit, label: clip(c.label), stated: clip(c.label), ...(c.fact && { fact: c.fact }) }];
  } else {
    subjects = shown.slice(0, 1);
    figures = subjects[0] ? factFigures(subjects[0], store, locale) : [];
  }
  const notes: string[] = [];
  if (reply.kind === 'conversion' || reply.kind === 'projection' || reply.kind === 'comparison') {
    for (const b of reply.blocks) {
      if (b.type === 'figures') for (const f of b.figures) if (f.origin.kind === 'arithmetic' && notes.length < MAX_NOTES) notes.push(clip(`${f.label}: ${f.value} (${f.origin.working})`));
      if (b.type === 'list') for (const item of b.items) if (notes.length < MAX_NOTES) notes.push(clip(item));
    }
  }
  return { at, locale, command, subjects, shown, figures: figures.slice(0, MAX_FIGURES), notes };
}
