import type { StoredFact } from '../facts/load.js';
import type { Equivalence } from '../facts/schema.js';
import { countOf, type ResultLine } from './convert.js';
import { dimensionOf, quantity } from './math.js';

/**
 * A fact's first figure counted in a yardstick ("500,000 kWh a day is about 17,000 US homes"),
 * worked out by the units library: numbers and the working only; how it reads is the replies'
 * business. Facts never change after load, so each fact's count is worked out once.
 */
export interface FactCount {
  line: ResultLine;
  dimension: 'energy' | 'power';
}

const counted = new WeakMap<StoredFact, Map<string, FactCount | null>>();

export function countFact(fact: StoredFact, yardstick: Equivalence): FactCount | undefined {
  let byYardstick = counted.get(fact);
  if (!byYardstick) counted.set(fact, (byYardstick = new Map()));
  const known = byYardstick.get(yardstick.id);
  if (known !== undefined) return known ?? undefined;
  const v = fact.values[0];
  let result: FactCount | null = null;
  if (v && yardstick.fact !== fact.id) {
    let dimension: ReturnType<typeof dimensionOf>;
    try {
      dimension = dimensionOf(quantity(1, v.unit));
    } catch {
      dimension = 'other';
    }
    if (dimension === 'energy' || dimension === 'power') result = { line: countOf(quantity(v.value, v.unit), dimension, yardstick, false), dimension };
  }
  byYardstick.set(yardstick.id, result);
  return result ?? undefined;
}
