import type { StoredFact } from '../facts/load.js';
import type { Equivalence } from '../facts/schema.js';
import type { FactStore } from '../facts/store.js';
import { type Locale, pick } from '../locale.js';
import { formatNumber } from '../quantities/format.js';
import { countFact } from '../quantities/household.js';
import type { Figure, Origin } from './model.js';

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

/** The household comparison every energy answer gets, as a figure with its working and the yardstick's source. */
export function equivalenceFigures(fact: StoredFact, store: FactStore, locale: Locale): Figure[] {
  const household = store.equivalences.find((e) => e.id === 'us-household');
  const counts = store.householdCounts;
  const worked = household && (counts?.has(fact.id) ? counts.get(fact.id) : countFact(fact, household));
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
