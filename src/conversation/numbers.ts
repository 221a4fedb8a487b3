import type { StoredFact } from '../facts/load.js';
import type { SearchIndex } from '../facts/search.js';
import type { FactStore } from '../facts/store.js';
import { bestUnit, convert } from '../quantities/convert.js';
import { math, quantity, type Unit } from '../quantities/math.js';
import { findEquivalence, type ParsedAmount, parseAmount, parseConvert, parseDuration, parseTarget } from '../quantities/parse.js';
import { physicalValues } from '../quantities/sides.js';
import { type Compiled, indexOfPhrase, normalize } from './phrases.js';

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

/** Where numbers start: a digit not inside a word (H100's 100 is a name, not a number). */
const NUMBER_START = /(?<![\p{L}\p{N}.,])[-+]?\.?\d/gu;
const MAX_QUANTITY = 48;
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
      const parsed = parseAmount(s.slice(start, end), store.equivalences, true);
      if (parsed.ok && (parsed.value.dimension === 'energy' || parsed.value.dimension === 'power')) return { amount: parsed.value, start, end };
    }
  }
  return undefined;
}

/** The words after a phrase, growing: ["a", "a year", "a year costs"] (characters, in Chinese). */
function following(s: string, from: number, max = 3): string[] {
  const rest = s.slice(from).trim();
  if (!rest) return [];
  if (HAN.test(rest[0]!)) return Array.from({ length: Math.min(6, rest.length) }, (_, i) => rest.slice(0, i + 1));
  const words = rest.split(' ');
  return Array.from({ length: Math.min(max, words.length) }, (_, i) => words.slice(0, i + 1).join(' '));
}

function findDuration(s: string, c: Compiled): string | undefined {
  for (const lead of c.durationLead) {
    for (let i = indexOfPhrase(s, lead); i >= 0; i = indexOfPhrase(s, lead, i + 1)) {
      const counted = /^(?:一|每|a|an|per|each|every)$/i.test(lead);
      for (const words of following(s, i + lead.length)) {
        // "一年", "a year" carry their own one; "每年", "per year" mean one of it.
        for (const candidate of counted ? [`${lead}${HAN.test(lead) ? '' : ' '}${words}`, `1 ${words}`] : [words]) {
          const d = parseDuration(candidate);
          // Read back as the person wrote it ("一年", "a year"); "每年", "per year" become one of it.
          if (d.ok) return candidate.replace(/^每/, '1').replace(/^(per|each|every) /i, '1 ');
        }
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
      // Longest first: "US homes" before "US".
      for (const words of following(s, i + lead.length).reverse()) {
        const t = parseTarget(words, store.equivalences, true);
        if (t.ok && (t.value.kind === 'equivalence' || t.value.dimension === 'energy' || t.value.dimension === 'power')) return words;
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

const close = (a: number, b: number, tolerance: number) => Math.abs(a - b) <= tolerance * Math.max(Math.abs(a), Math.abs(b));

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

/** The best unit of a dimension for an amount: "613 GWh", not "613,200,000 kWh". */
function bestTarget(line: string, store: FactStore, dimension: 'energy' | 'power'): string | undefined {
  const parsed = parseConvert(line, store.equivalences);
  if (!parsed.ok) return undefined;
  const converted = convert(parsed.value, store.equivalences);
  if (!converted.ok || converted.value.dimension !== dimension) return undefined;
  const c = converted.value.converted;
  const q = math.unit(c.value, c.unit) as Unit;
  return bestUnit(q, dimension === 'power' ? ['W', 'kW', 'MW', 'GW', 'TW'] : ['Wh', 'kWh', 'MWh', 'GWh', 'TWh', 'PWh']).unit;
}

export function routeNumbers(question: string, c: Compiled, store: FactStore, search: SearchIndex): NumberRoute | undefined {
  const s = normalize(question);
  if (!/\d/.test(s)) return undefined;
  const found = findQuantity(s, store);
  if (!found) return undefined;
  const rest = `${s.slice(0, found.start)} ${s.slice(found.end)}`.replace(/\s+/g, ' ').trim();
  const amount = canonical(found.amount);
  const duration = findDuration(rest, c);
  const price = findPrice(rest, c);
  const target = findTarget(rest, c, store);
  const ask = findAsk(rest, c);
  const touched = touchedFacts(found.amount, question, store, search);
  const over = duration ? ` for ${duration}` : '';
  if (ask === 'cost' || (price !== undefined && !target)) {
    const days = duration ? parseDuration(duration) : undefined;
    const load = amount.replace(/\s+/g, '');
    return { line: `/project cost load=${load}${days?.ok ? ` days=${days.value.hours / 24}` : ''}${price !== undefined ? ` price=${price}` : ''}`, touched };
  }
  if (target) return { line: `/convert ${amount}${over} to ${target}`, touched };
  if (ask === 'energy' || ask === 'power') {
    const base = found.amount.dimension === 'energy' && ask === 'power' && duration ? `${amount} over ${duration}` : `${amount}${ask === 'energy' ? over : ''}`;
    const unit = bestTarget(base, store, ask);
    if (!unit) return ask === 'energy' && found.amount.dimension === 'power' ? { line: `/convert ${base} to GWh`, touched } : undefined;
    return { line: `/convert ${base} to ${unit}`, touched };
  }
  return undefined;
}

/**
 * The fact among those touched that states the result itself ("100,000 H100s draw 70 MW"), so
 * the answer is the episode's figure with the arithmetic beside it rather than arithmetic alone.
 */
export function statingFact(touched: readonly string[], result: { value: number; unit: string }, store: FactStore): StoredFact | undefined {
  const target = parseTarget(result.unit, store.equivalences, true);
  for (const id of touched) {
    const fact = store.byId.get(id);
    if (!fact) continue;
    if (target.ok && target.value.kind === 'unit' && (target.value.dimension === 'energy' || target.value.dimension === 'power')) {
      const dimension = target.value.dimension;
      const si = quantity(result.value * (target.value.scale ?? 1), target.value.unit).toNumber(dimension === 'power' ? 'W' : 'J');
      if (physicalValues(fact).some((v) => v.dimension === dimension && close(quantity(v.value.value, v.value.unit).toNumber(dimension === 'power' ? 'W' : 'J'), si, 0.03))) return fact;
    }
    const yardstick = findEquivalence(result.unit, store.equivalences);
    if (yardstick?.id === 'us-household' && fact.values.some((v) => v.unit === 'household' && close(v.value, result.value, 0.1))) return fact;
  }
  return undefined;
}
