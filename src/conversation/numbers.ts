import type { StoredFact } from '../facts/load.js';
import type { Equivalence } from '../facts/schema.js';
import type { SearchIndex } from '../facts/search.js';
import type { FactStore } from '../facts/store.js';
import type { Locale } from '../locale.js';
import { bestUnit, convert } from '../quantities/convert.js';
import { math, quantity, type Unit } from '../quantities/math.js';
import { findEquivalence, mayStartTarget, mentionsTime, type ParsedAmount, parseAmount, parseConvert, parseDuration, parseTarget } from '../quantities/parse.js';
import { physicalValues } from '../quantities/sides.js';
import { type Compiled, endsWith, indexOfPhrase, normalize } from './phrases.js';
import { type Figure, factFigures } from './turn.js';

/**
 * A question with a quantity in it, answered by arithmetic instead of search: "how many homes
 * could 50 MW power?" is /convert 50 MW to households, "5万张H100一年耗电多少度" is /convert 50000
 * h100 for 1 year to 度, "1 GW for a year costs how much at 5 cents?" is /project cost. The
 * words that say what is asked for are data (facts/conversation.yaml); the quantity, the
 * duration and the unit asked for are read by /convert's own parser.
 */

export interface NumberRoute {
  /** The command line that answers it. */
  line: string;
  /** Facts whose figures the question touches, best first: linked from the answer, and checked for one that states the result. */
  touched: string[];
}

interface Found {
  amount: ParsedAmount;
  start: number;
  end: number;
}

/** Where numbers start: a digit not inside a Latin word or a number (H100's 100 is a name); 那5万度 starts at 5. */
const NUMBER_START = /(?<![A-Za-z0-9.,])[-+]?\.?\d/g;
const MAX_QUANTITY = 32;
const HAN = /\p{Script=Han}/u;

/** Ends at which a quantity may stop: word ends in English, any character in Chinese. */
function ends(s: string, start: number): number[] {
  const out: number[] = [];
  const limit = Math.min(s.length, start + MAX_QUANTITY);
  for (let i = start + 1; i <= limit; i++) {
    if (i === s.length || s[i] === ' ' || HAN.test(s[i]!) || HAN.test(s[i - 1]!)) out.push(i);
  }
  return out.reverse();
}

function findQuantity(s: string, store: FactStore): Found | undefined {
  for (const m of s.matchAll(NUMBER_START)) {
    const start = m.index;
    for (const end of ends(s, start)) {
      const text = s.slice(start, end);
      const parsed = parseAmount(text, store.equivalences, true);
      // "10万块H100集群" names one yardstick, not 100,000 of it; "100k H100s" is both, alike.
      const named = findEquivalence(text, store.equivalences);
      if (named) {
        const one = parseAmount(`1 ${named.id}`, store.equivalences, true);
        const same = parsed.ok && one.ok && parsed.value.dimension === one.value.dimension && close(siOf(parsed.value), siOf(one.value), 1e-6);
        if (one.ok && !same) return { amount: one.value, start, end };
      }
      if (parsed.ok && (parsed.value.dimension === 'energy' || parsed.value.dimension === 'power')) return { amount: parsed.value, start, end };
    }
  }
  return undefined;
}

/** The text after a position, growing: ["a", "a year", "a year costs"] by words, or by characters in Chinese. */
function following(s: string, from: number, max = 4): { text: string; end: number }[] {
  const start = from + (s.slice(from).length - s.slice(from).trimStart().length);
  const rest = s.slice(start);
  if (!rest) return [];
  if (HAN.test(rest[0]!) || (/^\d/.test(rest) && HAN.test(rest.slice(0, 14)))) {
    // Characters: Chinese runs on without spaces, and "90天" or "5万度" start with digits.
    return Array.from({ length: Math.min(14, rest.length) }, (_, i) => ({ text: rest.slice(0, i + 1), end: start + i + 1 })).filter((x) => x.text.trim() === x.text);
  }
  const out: { text: string; end: number }[] = [];
  let end = 0;
  for (const w of rest.split(' ').slice(0, max)) {
    end += (end ? 1 : 0) + w.length;
    out.push({ text: rest.slice(0, end), end: start + end });
  }
  return out;
}

export interface Span {
  text: string;
  start: number;
  end: number;
}

/**
 * A duration in the text: after a lead ("for a whole year", "per day", "一年", "每天") or on its
 * own ("90 days", "90天"); read back as written ("a year", "一年"), "每年"/"per year" as one of it.
 */
export function findDuration(s: string, c: Compiled): Span | undefined {
  if (!mentionsTime(s)) return undefined;
  const drop = (t: string) => t.replace(c.durationFillerRe, ' ').replace(/\s+/g, ' ').trim();
  const read = (candidate: string): string | undefined => {
    const d = parseDuration(candidate, true);
    return d.ok ? candidate.replace(/^每/, '1').replace(/^(per|each|every) /i, '1 ') : undefined;
  };
  const starts: { at: number; lead: string }[] = [];
  for (const lead of c.durationLead) for (let i = indexOfPhrase(s, lead); i >= 0; i = indexOfPhrase(s, lead, i + 1)) starts.push({ at: i, lead });
  for (const m of s.matchAll(NUMBER_START)) starts.push({ at: m.index, lead: '' });
  starts.sort((a, b) => a.at - b.at || b.lead.length - a.lead.length);
  for (const { at, lead } of starts) {
    const counted = /^(?:一|每|a|an|per|each|every)$/i.test(lead);
    // Longest first: "90 days", not "90 d".
    for (const { text, end } of following(s, at + lead.length).reverse()) {
      const words = drop(text);
      if (!words) continue;
      // "一年", "a year" carry their own one; "每年", "per year" mean one of it.
      for (const candidate of counted ? [`${lead}${HAN.test(lead) ? '' : ' '}${words}`, `1 ${words}`] : [words]) {
        const got = read(candidate);
        if (got) return { text: got, start: at, end };
      }
    }
  }
  return undefined;
}

function findPrice(s: string, c: Compiled): number | undefined {
  for (const p of c.prices) {
    const m = p.re.exec(s);
    if (m?.[1]) return Number(m[1]) * p.usdPerKwh;
  }
  return undefined;
}

function findTarget(s: string, c: Compiled, store: FactStore): string | undefined {
  for (const lead of c.targetLead) {
    for (let i = indexOfPhrase(s, lead); i >= 0; i = indexOfPhrase(s, lead, i + 1)) {
      if (!mayStartTarget(s.slice(i + lead.length), store.equivalences)) continue;
      // Longest first: "US homes" before "US".
      for (const { text } of following(s, i + lead.length).reverse()) {
        const t = parseTarget(text, store.equivalences, true);
        if (t.ok && (t.value.kind === 'equivalence' || t.value.dimension === 'energy' || t.value.dimension === 'power')) return text;
      }
    }
  }
  return undefined;
}

function findAsk(s: string, c: Compiled): 'energy' | 'power' | 'cost' | undefined {
  return c.asks.find((a) => indexOfPhrase(s, a.phrase) >= 0)?.kind;
}

/** The amount as a line /convert reads back exactly: "50000 h100", "500000 kWh/day", "3 chatgpt-days". */
function canonical(a: ParsedAmount): string {
  const n = (v: number) => String(Number(v.toPrecision(12)));
  if (a.count) return `${n(a.count.n)} ${a.count.equivalence.id}${a.count.period ? `-${a.count.period}s` : ''}`;
  return `${n(a.value)} ${a.display}`;
}

/** Each fact's energy and power figures in SI, worked out once per store. */
const figureIndex = new WeakMap<FactStore, { fact: StoredFact; si: number; dimension: 'energy' | 'power' }[]>();

function figuresOf(store: FactStore) {
  let index = figureIndex.get(store);
  if (!index) {
    index = store.facts.flatMap((fact) => physicalValues(fact).map(({ value, dimension }) => ({ fact, dimension, si: quantity(value.value, value.unit).toNumber(dimension === 'power' ? 'W' : 'J') })));
    figureIndex.set(store, index);
  }
  return index;
}

function close(a: number, b: number, tolerance: number): boolean {
  return Math.abs(a - b) <= tolerance * Math.max(Math.abs(a), Math.abs(b));
}

function siOf(a: ParsedAmount): number {
  return quantity(a.value, a.unit).toNumber(a.dimension === 'power' ? 'W' : 'J');
}

/** Facts that state the quantity asked about (50 MW, 100,000 GPUs), or stand behind its yardstick, ranked by the search. */
function touchedFacts(amount: ParsedAmount, question: string, store: FactStore, search: SearchIndex): string[] {
  const si = quantity(amount.value, amount.unit).toNumber(amount.dimension === 'power' ? 'W' : 'J');
  const ids = new Set<string>();
  for (const f of figuresOf(store)) if (f.dimension === amount.dimension && close(f.si, si, 0.005)) ids.add(f.fact.id);
  const count = amount.count;
  if (count) {
    for (const fact of store.facts) if (fact.values.some((v) => v.unit === 'GPU' && v.value === count.n) && count.equivalence.unit === 'W') ids.add(fact.id);
    ids.add(count.equivalence.fact);
  }
  if (ids.size === 0) return [];
  const rank = new Map(search.search(question, 10).hits.map((h, i) => [h.fact.id, i]));
  return [...ids].sort((a, b) => (rank.get(a) ?? 99) - (rank.get(b) ?? 99)).slice(0, 2);
}

/**
 * The fact the search is sure of counts this yardstick with this number (20,000 US households),
 * and the question names that fact's subject besides the count: the rest of it finds that fact
 * among its best two ("how much power do 20k US homes use" is about no fact but the homes).
 */
function restatesCount(amount: ParsedAmount, question: string, rest: string, search: SearchIndex): boolean {
  const count = amount.count;
  if (!count) return false;
  const r = search.search(question, 1);
  const best = r.confident ? r.hits[0]?.fact : undefined;
  if (!best || !search.search(rest, 2).hits.some((h) => h.fact.id === best.id)) return false;
  return countsYardstick(best, count.equivalence, count.n);
}

/**
 * The fact counts the yardstick (with this many, when `n` is given): in the yardstick's own
 * noun, "household" for "US household", as a fact's values name their units.
 */
export function countsYardstick(fact: StoredFact, yardstick: Equivalence, n?: number): boolean {
  const noun = (w: string) => w.toLowerCase().replace(/s$/, '');
  const names = new Set([...yardstick.id.split('-'), ...yardstick.name.en.split(/\s+/)].map(noun));
  return fact.values.some((v) => names.has(noun(v.unit)) && (n === undefined || close(v.value, n, 0.01)));
}

/** The best unit of a dimension for an amount: "613 GWh", not "613,200,000 kWh". */
export function bestTarget(line: string, store: FactStore, dimension: 'energy' | 'power'): string | undefined {
  const parsed = parseConvert(line, store.equivalences, true);
  if (!parsed.ok) return undefined;
  const converted = convert(parsed.value, store.equivalences);
  if (!converted.ok || converted.value.dimension !== dimension) return undefined;
  const c = converted.value.converted;
  const q = math.unit(c.value, c.unit) as Unit;
  return bestUnit(q, dimension === 'power' ? ['W', 'kW', 'MW', 'GW', 'TW'] : ['Wh', 'kWh', 'MWh', 'GWh', 'TWh', 'PWh']).unit;
}

/** Where a sentence ends: a check tag ends its own sentence ("…a day, right?"), not the message. */
const SENTENCE_END = /[?？!！。;；\n]+/;

/**
 * The number is offered to be checked against the episode, not given to be worked out from: its
 * sentence ends in a check tag with nothing asked after the number ("avg household uses like 50
 * kwh a day right?", "ChatGPT一天耗多少度电？有50万度那么夸张吗").
 */
function offeredForCheck(question: string, quantity: string, c: Compiled): boolean {
  for (const sentence of question.split(SENTENCE_END)) {
    const n = normalize(sentence);
    const at = n.indexOf(quantity);
    if (at < 0) continue;
    const after = n.slice(at + quantity.length).trim();
    return endsWith(after, c.checkTags) !== undefined && !findAsk(after, c) && !c.targetLead.some((lead) => indexOfPhrase(after, lead) >= 0);
  }
  return false;
}

/** A unit asked for that is the quantity's own ("多少度" of 50万度): converting it would give the number back. */
function ownUnit(target: string, amount: ParsedAmount, store: FactStore): boolean {
  const t = parseTarget(target, store.equivalences, true);
  if (!t.ok) return false;
  if (t.value.kind === 'equivalence') return amount.count?.equivalence.id === t.value.equivalence.id;
  return !amount.count && t.value.dimension === amount.dimension && t.value.scale === undefined && t.value.unit.replace(/\s+/g, '') === amount.unit.replace(/\s+/g, '').split('/')[0];
}

export function routeNumbers(question: string, c: Compiled, store: FactStore, search: SearchIndex): NumberRoute | undefined {
  const s = normalize(question);
  if (!/\d/.test(s)) return undefined;
  const found = findQuantity(s, store);
  if (!found) return undefined;
  const rest = `${s.slice(0, found.start)} ${s.slice(found.end)}`.replace(/\s+/g, ' ').trim();
  const amount = canonical(found.amount);
  const duration = findDuration(rest, c)?.text;
  const price = findPrice(rest, c);
  const target = findTarget(rest, c, store);
  const ask = findAsk(rest, c);
  if (!(ask || target || price !== undefined)) return undefined;
  if ((!target || ownUnit(target, found.amount, store)) && offeredForCheck(question, s.slice(found.start, found.end), c)) return undefined;
  // "chatgpt uses as much power as 20k US homes, right?" restates the count a fact gives: it
  // asks about that fact, not for the count worked out in another unit (unless one is named).
  if (!target && restatesCount(found.amount, question, rest, search)) return undefined;
  const touched = touchedFacts(found.amount, question, store, search);
  const over = duration ? ` for ${duration}` : '';
  if (ask === 'cost' || (price !== undefined && !target)) {
    const days = duration ? parseDuration(duration) : undefined;
    const load = amount.replace(/\s+/g, '');
    return { line: `/project cost load=${load}${days?.ok ? ` days=${days.value.hours / 24}` : ''}${price !== undefined ? ` price=${price}` : ''}`, touched };
  }
  if (target) return { line: `/convert ${amount}${over} to ${target}`, touched };
  if (ask === 'energy' || ask === 'power') {
    // "How much electricity do 100,000 H100s need?" with no time given asks what they draw: an
    // energy needs a time, and the figure people quote for a load (and the episode's) is its power.
    const want = ask === 'energy' && found.amount.dimension === 'power' && !duration ? 'power' : ask;
    const base = found.amount.dimension === 'energy' && want === 'power' && duration ? `${amount} over ${duration}` : `${amount}${want === 'energy' ? over : ''}`;
    const unit = bestTarget(base, store, want);
    if (!unit) return want === 'energy' && found.amount.dimension === 'power' ? { line: `/convert ${base} to GWh`, touched } : undefined;
    return { line: `/convert ${base} to ${unit}`, touched };
  }
  return undefined;
}

/**
 * The fact among those touched that states the result itself ("100,000 H100s draw 70 MW"), so
 * the answer is the episode's figure with the arithmetic beside it rather than arithmetic alone.
 */
export function statingFact(touched: readonly string[], result: { value: number; unit: string }, store: FactStore, hours?: number): StoredFact | undefined {
  const target = parseTarget(result.unit, store.equivalences, true);
  for (const id of touched) {
    const fact = store.byId.get(id);
    if (!fact) continue;
    if (target.ok && target.value.kind === 'unit' && (target.value.dimension === 'energy' || target.value.dimension === 'power')) {
      const dimension = target.value.dimension;
      const si = quantity(result.value * (target.value.scale ?? 1), target.value.unit).toNumber(dimension === 'power' ? 'W' : 'J');
      const states = physicalValues(fact).some((v) => {
        const q = quantity(v.value.value, v.value.unit);
        if (v.dimension === dimension) return close(q.toNumber(dimension === 'power' ? 'W' : 'J'), si, 0.03);
        // A day's energy worked out from a yearly figure is what a daily figure states: 79 million kWh a day.
        return hours !== undefined && v.dimension === 'power' && dimension === 'energy' && close(q.toNumber('W') * hours * 3600, si, 0.03);
      });
      if (states) return fact;
    }
    const yardstick = findEquivalence(result.unit, store.equivalences);
    if (yardstick?.id === 'us-household' && fact.values.some((v) => v.unit === 'household' && close(v.value, result.value, 0.1))) return fact;
  }
  return undefined;
}

/**
 * The figure a message names, for completing a conversion asked before there was one ("and how
 * many homes is that?" … "the chatgpt daily figure"): a quantity in it, or the figure of the fact
 * the search is sure of.
 */
export function figureIn(q: string, c: Compiled, store: FactStore, search: SearchIndex, locale: Locale): Figure | undefined {
  const found = findQuantity(normalize(q), store);
  if (found) {
    const a = found.amount;
    const text = canonical(a);
    if (a.dimension !== 'energy' && a.dimension !== 'power') return undefined;
    if (a.count && !a.count.period) return { value: a.count.n, unit: a.count.equivalence.id, dimension: a.dimension, label: text, stated: text, fact: a.count.equivalence.fact };
    return { value: a.value, unit: a.count ? a.unit.replace(/\s+/g, '') : a.display, dimension: a.dimension, label: text, stated: text };
  }
  // A yardstick named ("ChatGPT一天那个", "the chatgpt daily figure"): the figure of its fact.
  const s = normalize(q).toLowerCase();
  const e = store.equivalences.find((x) => x.aliases.some((a) => indexOfPhrase(s, a.toLowerCase()) >= 0));
  const named = e && factFigures(e.fact, store, locale).find((f) => f.unit === e.unit && f.value === e.amount);
  if (named) return named;
  void c;
  const r = search.search(q, 3);
  const best = r.confident ? r.hits.find((h) => factFigures(h.fact.id, store, locale).length > 0) : undefined;
  return best ? factFigures(best.fact.id, store, locale)[0] : undefined;
}

/** What a question asks for when it holds no number of its own: a unit or yardstick, a duration ("chatgpt's electricity over 30 days in GWh?"). */
export function askedOf(question: string, c: Compiled, store: FactStore): { target?: string; duration?: string } {
  const s = normalize(question);
  // No unit asked for, nothing to work out: the duration is looked for only when there is one.
  if (!findTarget(s, c, store)) return {};
  const d = findDuration(s, c);
  const rest = d ? `${s.slice(0, d.start)} ${s.slice(d.end)}` : s;
  const target = findTarget(rest, c, store);
  return { ...(target && { target }), ...(d && { duration: d.text }) };
}
