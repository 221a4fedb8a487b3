import * as z from 'zod';
import { lazily } from './lazily.js';

export const VERDICTS = ['consistent', 'rounded', 'outdated', 'disputed', 'misattributed', 'wrong', 'unverifiable'] as const;
export type Verdict = (typeof VERDICTS)[number];

/**
 * Units a fact value may carry. Physical ones (energy, power, energy per time) are read by
 * the quantities core; the rest are counted things, money and plain numbers. A closed list
 * so that a typo such as "kwh" is caught at start-up, not shown to a user.
 */
export const FACT_UNITS = [
  // energy
  'Wh',
  'kWh',
  'MWh',
  'GWh',
  'TWh',
  'J',
  'MJ',
  'GJ',
  'PJ',
  'EJ',
  // power
  'W',
  'kW',
  'MW',
  'GW',
  'TW',
  // energy per time (average power)
  'Wh/day',
  'kWh/day',
  'MWh/day',
  'GWh/day',
  'kWh/year',
  'MWh/year',
  'GWh/year',
  'TWh/year',
  // money
  'USD',
  'CNY',
  'USD/kWh',
  'USD/MWh',
  'CNY/kWh',
  'USD/g',
  'CNY/g',
  'USD/year',
  'USD/MW/year',
  // time
  'second',
  'minute',
  'hour',
  'day',
  'month',
  'year',
  // shares and multiples
  'percent',
  'percent/year',
  'times',
  // counted things
  'GPU',
  'household',
  'data center',
  'reactor',
  'plant',
  'company',
  'person',
  'query',
  'parameter',
  'count',
  // physics
  'kelvin',
  'tesla',
  'kg',
  'g',
  'tonne',
  'km2',
  'km',
  'm',
  'm3',
] as const;
export type FactUnit = (typeof FACT_UNITS)[number];

/**
 * The fact files' schemas, built on first use: a start from the build's snapshot validates
 * nothing, and zod builds each schema eagerly, which for these takes several milliseconds.
 */
export const factSchemas = lazily(() => {
  /** Text every user-facing field carries in both languages. */
  const bilingual = z.strictObject({
    en: z.string().trim().min(1, 'English text is required'),
    zh: z.string().trim().min(1, 'Chinese text is required'),
  });

  const year = z.int().min(1900).max(2100);

  const factValue = z
    .strictObject({
      measures: bilingual,
      value: z.number().finite(),
      low: z.number().finite().optional(),
      high: z.number().finite().optional(),
      unit: z.enum(FACT_UNITS),
      year,
    })
    .refine((v) => v.low === undefined || v.low <= v.value, {
      message: 'low must not exceed value',
      path: ['low'],
    })
    .refine((v) => v.high === undefined || v.high >= v.value, {
      message: 'high must not be below value',
      path: ['high'],
    });

  const publicSource = z.strictObject({
    name: z.string().trim().min(1),
    year,
    figure: z.string().trim().min(1),
    url: z.url().optional(),
  });

  const factContext = z.strictObject({
    en: z.string().trim().min(1),
    zh: z.string().trim().min(1),
    sources: z.array(publicSource).min(1, 'a context note names at least one public source'),
  });

  const kebabId = z.string().regex(/^[a-z0-9]+(?:[-.][a-z0-9]+)*$/, 'a kebab-case id such as "chatgpt-daily-energy"');

  const fact = z
    .strictObject({
      id: kebabId,
      claim: bilingual,
      quote: z.string().min(2),
      speaker: z.string().min(1),
      speaker_inferred: z.boolean().optional(),
      verdict: z.enum(VERDICTS),
      values: z.array(factValue).default([]),
      context: factContext.optional(),
      keywords: z.strictObject({
        en: z.array(z.string().trim().min(1)).min(1, 'at least one English keyword'),
        zh: z.array(z.string().trim().min(1)).min(1, 'at least one Chinese keyword'),
      }),
      related: z.array(kebabId).default([]),
      /** How people ask for this fact, in their words (slang, abbreviations, typos): the search's strongest field. */
      questions: z
        .strictObject({
          en: z.array(z.string().trim().min(3, 'a question of at least 3 characters')).default([]),
          zh: z.array(z.string().trim().min(2, 'a question of at least 2 characters')).default([]),
        })
        .default({ en: [], zh: [] }),
    })
    .refine((f) => f.verdict === 'consistent' || f.context !== undefined, {
      message: 'a context note (public figure, source, year) is required when the verdict is not "consistent"',
      path: ['context'],
    });

  /**
   * A topic file without looking inside its facts: the loader checks each fact on its own, so one
   * broken fact is one problem, and the file's other facts still load (and can be referred to).
   */
  const topicEnvelope = z.strictObject({
    topic: kebabId,
    facts: z.array(z.unknown()).min(1, 'a topic file holds at least one fact'),
  });

  const speaker = z.strictObject({ name: bilingual, role: bilingual });

  const episodeFile = z.strictObject({
    episode: z.strictObject({
      show: bilingual,
      number: z.string().min(1),
      title: bilingual,
      published: z.iso.date(),
      url: z.url(),
      transcript: z.string().min(1),
    }),
    speakers: z.record(kebabId, speaker),
    topics: z.record(kebabId, bilingual),
  });

  /**
   * A yardstick for conversions ("1.2 GW is about a million US households"). Its amount comes
   * from a fact: either a value the episode gives (basis: episode) or a public figure from that
   * fact's context note (basis: public, naming the source), and `why` says which and why.
   */
  const equivalence = z
    .strictObject({
      id: kebabId,
      name: bilingual,
      /** How a count of it reads: "{n} US households", "{n} 户美国家庭". */
      counted: bilingual,
      amount: z.number().positive().finite(),
      unit: z.enum(FACT_UNITS),
      fact: kebabId,
      basis: z.enum(['episode', 'public']),
      source: z.string().trim().min(1).optional(),
      why: bilingual,
      aliases: z.array(z.string().trim().min(1)).min(1),
      /**
       * Fact values that count this yardstick: a value in `unit` whose English `measures` names one
       * of `measures` ("H100 GPUs Meta is said to have" counts H100s), so "how much power is that?"
       * after it has a figure to work from.
       */
      counts: z.strictObject({ unit: z.enum(FACT_UNITS), measures: z.array(z.string().trim().min(1)).min(1) }).optional(),
    })
    .refine((e) => e.basis === 'episode' || e.source !== undefined, {
      message: "a public-basis equivalence names its source (one of the fact's context sources)",
      path: ['source'],
    });

  const equivalenceFile = z.strictObject({ equivalences: z.array(equivalence).min(1) });
  return { bilingual, factValue, publicSource, factContext, fact, topicEnvelope, speaker, episodeFile, equivalence, equivalenceFile };
});
export type FactSchemas = ReturnType<typeof factSchemas>;
export type Bilingual = z.infer<FactSchemas['bilingual']>;
export type FactValue = z.infer<FactSchemas['factValue']>;
export type PublicSource = z.infer<FactSchemas['publicSource']>;
export type FactContext = z.infer<FactSchemas['factContext']>;
export type Fact = z.infer<FactSchemas['fact']>;
export type Speaker = z.infer<FactSchemas['speaker']>;
export type EpisodeFile = z.infer<FactSchemas['episodeFile']>;
export type Episode = EpisodeFile['episode'];
export type Equivalence = z.infer<FactSchemas['equivalence']>;
