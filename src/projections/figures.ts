import type { StoredFact } from '../facts/load.js';
import type { FactUnit, FactValue } from '../facts/schema.js';
import type { FactStore } from '../facts/store.js';

/**
 * Reads a projection's starting figures out of the fact store, by fact id and unit, so that a
 * preset never carries a number of its own. A preset whose fact changed shape fails loudly
 * (and its test fails), instead of silently projecting from a stale figure.
 */
export interface FactFigure {
  fact: StoredFact;
  value: FactValue;
}

export class MissingFigureError extends Error {
  override name = 'MissingFigureError';
}

export function factFigure(store: FactStore, factId: string, unit: FactUnit, nth = 0): FactFigure {
  const fact = store.byId.get(factId);
  const value = fact?.values.filter((v) => v.unit === unit)[nth];
  if (!fact || !value) throw new MissingFigureError(`fact "${factId}" has no value #${nth + 1} in ${unit}`);
  return { fact, value };
}
