import type { StoredFact } from '../facts/load.js';
import type { Equivalence } from '../facts/schema.js';
import type { FactStore } from '../facts/store.js';
import { type Locale, pick } from '../locale.js';
import type { Figure, Origin } from '../replies/model.js';
import { countOf } from './convert.js';
import { formatNumber } from './format.js';
import { dimensionOf, quantity } from './math.js';

/** Where a yardstick's figure comes from: the episode's speaker, or the public source it names. */
export function equivalenceOrigin(e: Equivalence, store: FactStore, locale: Locale): Origin {
  const fact = store.byId.get(e.fact);
  if (e.basis === 'public') {
    const source = fact?.context?.sources.find((s) => s.name === e.source);
    return { kind: 'public', source: `${e.source}: ${e.amount} ${e.unit}`, year: source?.year ?? fact?.values[0]?.year ?? 0 };
  }
  const speaker = fact ? store.speakers.get(fact.speaker) : undefined;
  return { kind: 'episode', speaker: fact?.speaker ?? '', speakerName: speaker ? pick(locale, speaker.name) : '' };
}

/**
 * The household comparison every energy answer gets ("500,000 kWh a day is about 17,000 US
 * homes"): computed by the units library from the fact's own value and the stored yardstick.
 */
/** Facts never change after load, so each fact's comparison is worked out once. */
const householdLines = new WeakMap<StoredFact, { line: ReturnType<typeof countOf>; dimension: 'energy' | 'power' } | null>();

function householdLine(fact: StoredFact, household: Equivalence): { line: ReturnType<typeof countOf>; dimension: 'energy' | 'power' } | null {
  if (householdLines.has(fact)) return householdLines.get(fact)!;
  const v = fact.values[0];
  let result: { line: ReturnType<typeof countOf>; dimension: 'energy' | 'power' } | null = null;
  if (v && household.fact !== fact.id) {
    let dimension: ReturnType<typeof dimensionOf>;
    try {
      dimension = dimensionOf(quantity(1, v.unit));
    } catch {
      dimension = 'other';
    }
    if (dimension === 'energy' || dimension === 'power') result = { line: countOf(quantity(v.value, v.unit), dimension, household, false), dimension };
  }
  householdLines.set(fact, result);
  return result;
}

export function equivalenceFigures(fact: StoredFact, store: FactStore, locale: Locale): Figure[] {
  const household = store.equivalences.find((e) => e.id === 'us-household');
  const worked = household && householdLine(fact, household);
  if (!household || !worked) return [];
  const { line, dimension } = worked;
  const counted = pick(locale, household.counted).replace('{n}', formatNumber(line.value, locale, 2));
  const origin = equivalenceOrigin(household, store, locale);
  return [
    {
      label: pick(locale, household.name),
      value: dimension === 'power' ? counted : `${counted} ${locale === 'zh' ? '一天' : 'for a day'}`,
      origin: { kind: 'arithmetic', working: `${line.working}; ${origin.kind === 'public' ? `${origin.source}, ${origin.year}` : origin.kind}` },
    },
  ];
}
