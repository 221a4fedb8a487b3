import type { FactFigure } from './presets.js';
import type { FactUnit } from './schema.js';
import type { FactStore } from './store.js';

/** A fact's value by unit (and position among values in that unit); throws when the fact changed shape, so a caller never shows a stale figure. */
export function factFigure(store: FactStore, factId: string, unit: FactUnit, nth = 0): FactFigure {
  const fact = store.byId.get(factId);
  const value = fact?.values.filter((v) => v.unit === unit)[nth];
  if (!fact || !value) throw new Error(`fact "${factId}" has no value #${nth + 1} in ${unit}`);
  return { fact, value };
}
