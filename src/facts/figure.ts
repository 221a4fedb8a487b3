import type { StoredFact } from './load.js';
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

/** One of the fact's values is in one of these units, alone or as a part of a rate ("USD" in "USD/kWh"). */
export function statesUnit(fact: StoredFact, units: readonly string[]): boolean {
  return fact.values.some((v) =>
    String(v.unit)
      .split('/')
      .some((part) => units.includes(part.trim())),
  );
}
