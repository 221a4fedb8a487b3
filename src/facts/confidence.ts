/**
 * How sure /ask is of its best fact, from the evidence of one search. Nothing here is guessed:
 * `npm run --silent ask:tune` fits the weights (a logistic model of "the best fact is the right
 * answer") and chooses the thresholds on the labelled tuning sets of the blind questions
 * (tests/fixtures/ask-blind/tuning*.yaml; never test.yaml), and prints the decline precision
 * and recall they give; the values below are what it printed.
 *
 * - confident: presented as the answer.
 * - closest: likely but not certain; presented in full, headed as the closest match.
 * - ambiguous: the best two about equally likely; a "did you mean" list.
 * - none: the episode does not cover it; declined.
 */

export type Match = 'confident' | 'closest' | 'ambiguous' | 'none';

export interface Evidence {
  /** The best fact's score (after coverage). */
  score: number;
  /** Share of the question's weight the best fact matched, 0..1. */
  coverage: number;
  /** The runner-up's score and coverage. */
  second: number;
  secondCoverage: number;
  /** Share of the question's weight in words the store knows but the best fact lacks. */
  knownMiss: number;
  /** The weightiest such word, as a share of the rarest word's weight. */
  knownMissMax: number;
  /** Share of the question's weight in words the store does not know. */
  unknown: number;
  /** Words the question asks about. */
  words: number;
  /** The best fact's score (before coverage) over the score of an ideal fact matching every word as well as any fact does. */
  relative: number;
  /** Share of the best fact's core words (those most of its questions use) the question does not name. */
  coreMiss: number;
  /** The question is (also) in Chinese. */
  zh: boolean;
  /** The question names a kind of figure (a cost, a capacity in MW) that the best fact states none of. */
  kindMiss: boolean;
  /** The question names one of a group of rivals (a country, a fusion company) and the best fact names another instead. */
  rivalMiss: boolean;
}

/** The evidence a judgement weighs, in a fixed order: the tuning script fits one weight per feature. */
export const FEATURES = ['logScore', 'coverage', 'coreMiss', 'ratio', 'knownMiss', 'unknown', 'relative', 'zh', 'logWords', 'kindMiss', 'rivalMiss'] as const;
export type Feature = (typeof FEATURES)[number];

export function features(e: Evidence): number[] {
  const values: Record<Feature, number> = {
    logScore: Math.log1p(e.score),
    coverage: e.coverage,
    coreMiss: e.coreMiss,
    ratio: e.score > 0 ? e.second / e.score : 0,
    knownMiss: e.knownMiss,
    unknown: e.unknown,
    relative: e.relative,
    zh: e.zh ? 1 : 0,
    logWords: Math.log1p(e.words),
    kindMiss: e.kindMiss ? 1 : 0,
    rivalMiss: e.rivalMiss ? 1 : 0,
  };
  return FEATURES.map((f) => values[f]);
}

export interface Model {
  /** One weight per feature, and the intercept: the log-odds that the best fact is the right answer. */
  weights: readonly number[];
  intercept: number;
  /** Below this log-odds the question is declined; at or above `confident` the best fact is the answer. */
  decline: number;
  confident: number;
  /** Between the two, a runner-up at or above this share of the best score makes it ambiguous (above 1: never). */
  ambiguousRatio: number;
}

/** Fitted and chosen by `npm run --silent ask:tune` on the tuning half (see its output for the figures). */
export const MODEL: Model = {
  weights: [2.40163, 2.11988, -2.64559, -3.25273, 1.33106, 0.938008, -0.469505, -0.11248, 1.2507, -4.96264, -5.66122],
  intercept: -8.283,
  decline: 0.96918,
  confident: 2.26386,
  ambiguousRatio: 2,
};

const FULL_COVERAGE = 0.999;

export function logOdds(e: Evidence, m: Model = MODEL): number {
  const f = features(e);
  let z = m.intercept;
  for (let i = 0; i < f.length; i++) z += (m.weights[i] ?? 0) * f[i]!;
  return z;
}

export function judge(e: Evidence, m: Model = MODEL): Match {
  if (e.score <= 0) return 'none';
  const z = logOdds(e, m);
  // A fact that holds every word of the question, none of them unknown, and one of its own core
  // words among them, is never "not covered" ("about ChatGPT"): at worst it is the closest match.
  // Not so when the one word is incidental to it ("thanks, super helpful!" and a fact on AI's
  // help), the question asks for a kind of figure it does not state ("how many MW is …"), or it
  // names a rival of what the fact names (India's coal for China's).
  const held = e.coverage >= FULL_COVERAGE && e.unknown === 0 && e.coreMiss < 1 && !e.kindMiss && !e.rivalMiss;
  if (z < m.decline && !held) return 'none';
  if (z >= m.confident) return 'confident';
  if (e.second / e.score >= m.ambiguousRatio) return 'ambiguous';
  return 'closest';
}
