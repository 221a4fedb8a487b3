import type { StoredFact } from '../facts/load.js';
import type { Equivalence, FactValue } from '../facts/schema.js';
import type { SearchIndex } from '../facts/search.js';
import type { FactStore } from '../facts/store.js';
import { bestUnit, convert } from './convert.js';
import { type Dimension, quantity, type Unit } from './math.js';
import { findEquivalence, type ParsedAmount, parseConvert, unitDimension } from './parse.js';

/**
 * One side of a comparison, read from what a person typed: a fact id, a yardstick ("a nuclear
 * plant", "NYC"), a quantity ("45 GW", "2 nuclear plants", "45 GW for 1 year") or words the fact
 * search recognises ("ChatGPT's daily use"). Each side keeps where its figure comes from, since
 * a comparison shows both origins.
 */

export type SideSource =
  /** `counts`: the value counts this yardstick (Meta's 650,000 H100s are 650,000 × 700 W). */
  { kind: 'fact'; fact: StoredFact; value: FactValue; counts?: Equivalence } | { kind: 'equivalence'; equivalence: Equivalence } | { kind: 'quantity'; amount: ParsedAmount; duration?: string };

export interface Side {
  typed: string;
  quantity: Unit;
  dimension: 'energy' | 'power';
  source: SideSource;
}

export type SideResult =
  | { ok: true; side: Side }
  | { ok: false; code: 'unknown-side'; typed: string }
  | { ok: false; code: 'no-figure'; typed: string; fact: StoredFact }
  | { ok: false; code: 'not-energy'; typed: string };

/** Fact units are a closed list, so each one's dimension is worked out once. */
const dimensions = new Map<string, 'energy' | 'power' | undefined>();

export function physical(unit: string): 'energy' | 'power' | undefined {
  if (dimensions.has(unit)) return dimensions.get(unit);
  const d: Dimension = unitDimension(unit) ?? 'other';
  const out = d === 'energy' || d === 'power' ? d : undefined;
  if (dimensions.size < 1024) dimensions.set(unit, out);
  return out;
}

/** A fact's first energy or power figure: the one a comparison (or "that") means. */
export function physicalValue(fact: StoredFact): { value: FactValue; dimension: 'energy' | 'power' } | undefined {
  for (const value of fact.values) {
    const dimension = physical(value.unit);
    if (dimension) return { value, dimension };
  }
  return undefined;
}

/** Every energy or power figure a fact states, in order. */
export function physicalValues(fact: StoredFact): { value: FactValue; dimension: 'energy' | 'power' }[] {
  return fact.values.flatMap((value) => {
    const dimension = physical(value.unit);
    return dimension ? [{ value, dimension }] : [];
  });
}

/** A fact value that counts a yardstick (equivalences.yaml `counts`): "H100 GPUs Meta is said to have". */
export function countedValue(fact: StoredFact, equivalences: readonly Equivalence[]): { value: FactValue; equivalence: Equivalence } | undefined {
  for (const value of fact.values) {
    const e = equivalences.find((x) => x.counts?.unit === value.unit && x.counts.measures.some((m) => value.measures.en.toLowerCase().includes(m.toLowerCase())));
    if (e) return { value, equivalence: e };
  }
  return undefined;
}

function fromFact(typed: string, fact: StoredFact, equivalences: readonly Equivalence[]): SideResult {
  const v = physicalValue(fact);
  if (v) return { ok: true, side: { typed, quantity: quantity(v.value.value, v.value.unit), dimension: v.dimension, source: { kind: 'fact', fact, value: v.value } } };
  const counted = countedValue(fact, equivalences);
  const dimension = counted && physical(counted.equivalence.unit);
  if (!counted || !dimension) return { ok: false, code: 'no-figure', typed, fact };
  const q = quantity(counted.value.value * counted.equivalence.amount, counted.equivalence.unit);
  return { ok: true, side: { typed, quantity: q, dimension, source: { kind: 'fact', fact, value: counted.value, counts: counted.equivalence } } };
}

function fromEquivalence(typed: string, e: Equivalence): SideResult {
  const dimension = physical(e.unit);
  if (!dimension) return { ok: false, code: 'not-energy', typed };
  return { ok: true, side: { typed, quantity: quantity(e.amount, e.unit), dimension, source: { kind: 'equivalence', equivalence: e } } };
}

/** The yardstick whose alias appears in the words, as whole words, longest alias first. */
function containedEquivalence(text: string, equivalences: readonly Equivalence[]): Equivalence | undefined {
  const t = ` ${text.toLowerCase().replace(/['’]s\b/g, '')} `;
  let best: { e: Equivalence; length: number } | undefined;
  for (const e of equivalences) {
    for (const a of e.aliases) {
      const alias = a.toLowerCase();
      const han = /\p{Script=Han}/u.test(alias);
      const hit = han ? t.includes(alias) : t.includes(` ${alias} `);
      if (hit && alias.length > (best?.length ?? 0)) best = { e, length: alias.length };
    }
  }
  return best?.e;
}

export function resolveSide(raw: string, store: FactStore, search: SearchIndex): SideResult {
  const typed = raw.trim().replace(/[?？。.!！]+$/, '');
  if (!typed) return { ok: false, code: 'unknown-side', typed };
  // A yardstick's name first: "10万块H100集群" is one cluster, not 100,000 of them.
  const named = findEquivalence(typed, store.equivalences);
  if (named) return fromEquivalence(typed, named);
  const parsed = /^[-+.\d]/.test(typed) ? parseConvert(typed, store.equivalences) : undefined;
  if (parsed?.ok && !parsed.value.target) {
    const converted = convert(parsed.value, store.equivalences);
    if (!converted.ok) return { ok: false, code: 'not-energy', typed };
    const c = converted.value.converted;
    return {
      ok: true,
      side: {
        typed,
        quantity: quantity(c.value, c.unit),
        dimension: converted.value.dimension,
        source: { kind: 'quantity', amount: parsed.value.amount, ...(parsed.value.duration && { duration: parsed.value.duration.text }) },
      },
    };
  }
  const byId = store.byId.get(typed.toLowerCase());
  if (byId) return fromFact(typed, byId, store.equivalences);
  const result = search.search(typed, 3);
  const best = result.confident ? result.hits.find((h) => physicalValue(h.fact) || countedValue(h.fact, store.equivalences)) : undefined;
  if (best) return fromFact(typed, best.fact, store.equivalences);
  const contained = containedEquivalence(typed, store.equivalences);
  if (contained) return fromEquivalence(typed, contained);
  if (result.confident && result.hits[0]) return { ok: false, code: 'no-figure', typed, fact: result.hits[0].fact };
  return { ok: false, code: 'unknown-side', typed };
}

export interface Comparison {
  /** The common unit both sides are shown in, chosen so the larger reads between 1 and 1,000. */
  unit: string;
  a: number;
  b: number;
  /** a ÷ b. */
  ratio: number;
}

const LADDERS = { power: ['W', 'kW', 'MW', 'GW', 'TW'], energy: ['Wh', 'kWh', 'MWh', 'GWh', 'TWh', 'PWh'] } as const;

/** Both sides in one unit, and their ratio; the caller has checked they measure the same thing. */
export function compareSides(a: Side, b: Side): Comparison {
  const larger = Math.abs(a.quantity.toNumber(a.dimension === 'power' ? 'W' : 'J')) >= Math.abs(b.quantity.toNumber(b.dimension === 'power' ? 'W' : 'J')) ? a : b;
  const { unit } = bestUnit(larger.quantity, LADDERS[a.dimension]);
  const av = a.quantity.toNumber(unit);
  const bv = b.quantity.toNumber(unit);
  return { unit, a: av, b: bv, ratio: av / bv };
}

/** Splits "A vs B" (or "A versus B", "A 对比 B"; "A and B", "A和B" when nothing stronger separates them). */
export function splitSides(text: string): string[] {
  const strong = text.split(/\s+(?:vs\.?|versus|v\.|against|compared (?:to|with))\s+|\s*(?:对比|相比|比较|\bvs\b\.?)\s*/i).map((s) => s.trim());
  if (strong.length > 1) return strong;
  return text.split(/\s+(?:and|with|to)\s+|\s*(?:和|与|跟|同)\s*/i).map((s) => s.trim());
}
