import { describe, expect, it } from 'vitest';
import { executeLine } from '../../src/dispatch/router.js';
import { createRuntime } from '../../src/dispatch/runtime.js';
import { type Accuracy, type Answered, accuracy, blindSets, describeAccuracy, loadQuestions } from '../../src/facts/question-set.js';
import { silentLogger } from '../../src/log.js';

/**
 * /ask on the blind question set (written from a digest of the facts, blind to the search),
 * every half present in tests/fixtures/ask-blind, each reported on its own. The tuning half is
 * what the search and its confidence were tuned on; the test half is not.
 *
 * Floors per set. The confidence model is fitted on the nine tuning sets together (tuning.yaml,
 * and tuning2.yaml to tuning9.yaml written later, blind, by others); the test half was measured
 * once the tuning of the search was finished and again after each refit, never read. Each
 * floor is what its set measured less a small margin, so that a change that makes any of them
 * worse fails here; the issue's targets are printed beside each figure. The test half meets the
 * targets for declines and wrong facts, and falls short of them for first facts.
 */
type Floors = Record<keyof Accuracy, { min?: number; max?: number; target: string }>;
const FLOORS: Record<string, Floors> = {
  tuning: {
    en: { min: 0.93, target: 'issue: ≥ 95%; measured 95.3%' },
    zh: { min: 0.93, target: 'issue: ≥ 93%; measured 97.2%' },
    declines: { min: 0.94, target: 'issue: ≥ 95%; measured 97.9%' },
    declinePrecision: { min: 0, target: 'reported' },
    wrongPresented: { max: 0.01, target: 'issue: ≤ 1%; measured 0.2%' },
  },
  tuning2: {
    en: { min: 0.94, target: 'issue: ≥ 95%; measured 96.9%' },
    zh: { min: 0.89, target: 'issue: ≥ 93%; measured 92.7%' },
    declines: { min: 0.94, target: 'issue: ≥ 95%; measured 98.5%' },
    declinePrecision: { min: 0, target: 'reported' },
    wrongPresented: { max: 0.012, target: 'issue: ≤ 1%; measured 0.3%' },
  },
  tuning3: {
    en: { min: 0.93, target: 'issue: ≥ 95%; first blind run 90.7%, measured 94.8%' },
    zh: { min: 0.94, target: 'issue: ≥ 93%; first blind run 93.4%, measured 97.4%' },
    declines: { min: 0.91, target: 'issue: ≥ 95%; first blind run 91.0%, measured 93.0%' },
    declinePrecision: { min: 0, target: 'reported' },
    wrongPresented: { max: 0.012, target: 'issue: ≤ 1%; first blind run 0.8%, measured 0.4%' },
  },
  tuning4: {
    en: { min: 0.93, target: 'issue: ≥ 95%; first blind run 91.5%, measured 96.8%' },
    zh: { min: 0.92, target: 'issue: ≥ 93%; first blind run 91.5%, measured 96.3%' },
    declines: { min: 0.95, target: 'issue: ≥ 95%; first blind run 90.0%, measured 97.5%' },
    declinePrecision: { min: 0, target: 'reported' },
    wrongPresented: { max: 0.01, target: 'issue: ≤ 1%; first blind run 1.2%, measured 0.2%' },
  },
  tuning5: {
    en: { min: 0.9, target: 'issue: ≥ 95%; first blind run 91.0%, measured 92.6%' },
    zh: { min: 0.9, target: 'issue: ≥ 93%; first blind run 91.5%, measured 94.7%' },
    declines: { min: 0.94, target: 'issue: ≥ 95%; first blind run 88.0%, measured 96.0%' },
    declinePrecision: { min: 0, target: 'reported' },
    wrongPresented: { max: 0.01, target: 'issue: ≤ 1%; first blind run 1.5%, measured 0.2%' },
  },
  tuning6: {
    en: { min: 0.89, target: 'issue: ≥ 95%; first blind run 89.9%, measured 92.1%' },
    zh: { min: 0.93, target: 'issue: ≥ 93%; first blind run 95.2%, measured 95.3%' },
    declines: { min: 0.92, target: 'issue: ≥ 95%; first blind run 85.7%, measured 94.2%' },
    declinePrecision: { min: 0, target: 'reported' },
    wrongPresented: { max: 0.018, target: 'issue: ≤ 1%; first blind run 3.1%, measured 1.0%' },
  },
  tuning7: {
    en: { min: 0.91, target: 'issue: ≥ 95%; first blind run 92.6%, measured 92.2%' },
    zh: { min: 0.92, target: 'issue: ≥ 93%; first blind run 94.2%, measured 95.2%' },
    declines: { min: 0.95, target: 'issue: ≥ 95%; first blind run 86.7%, measured 96.6%' },
    declinePrecision: { min: 0, target: 'reported' },
    wrongPresented: { max: 0.015, target: 'issue: ≤ 1%; first blind run 2.4%, measured 1.2%' },
  },
  tuning8: {
    en: { min: 0, target: 'issue: ≥ 95%; the set holds no covered English question' },
    zh: { min: 0.86, target: 'issue: ≥ 93%; first blind run 86.8%, measured 90.0%' },
    declines: { min: 0.86, target: 'issue: ≥ 95%; first blind run 87.0%, measured 90.7%' },
    declinePrecision: { min: 0, target: 'reported' },
    wrongPresented: { max: 0.02, target: 'issue: ≤ 1%; first blind run 2.7%, measured 1.7%' },
  },
  tuning9: {
    en: { min: 0.86, target: 'issue: ≥ 95%; first blind run 87.0%, measured 88.5%' },
    zh: { min: 0, target: 'issue: ≥ 93%; the set holds no covered Chinese question' },
    declines: { min: 0.83, target: 'issue: ≥ 95%; first blind run 69.0%, measured 85.3%' },
    declinePrecision: { min: 0, target: 'reported' },
    wrongPresented: { max: 0.03, target: 'issue: ≤ 1%; first blind run 4.6%, measured 2.5%' },
  },
  test: {
    en: { min: 0.93, target: 'issue: ≥ 95%; measured 94.8%' },
    zh: { min: 0.88, target: 'issue: ≥ 93%; measured 90.5%' },
    declines: { min: 0.96, target: 'issue: ≥ 95%; measured 97.8%' },
    declinePrecision: { min: 0, target: 'reported' },
    wrongPresented: { max: 0.01, target: 'issue: ≤ 1%; measured 0.7%' },
  },
};

const rt = createRuntime({ log: silentLogger() });
const halves = blindSets();

async function answer(file: string): Promise<Answered[]> {
  const out: Answered[] = [];
  for (const q of loadQuestions(file)) {
    // No locale given: the answer's language follows the question's, as in the CLI.
    const { reply } = await executeLine(`/ask ${q.q}`, undefined, rt);
    out.push({ q, first: reply.data.facts?.[0], match: reply.data.match });
  }
  return out;
}

describe('/ask on the blind question set', () => {
  it('has a tuning half, every expected id in the store', () => {
    expect(halves.map((h) => h.name)).toContain('tuning');
    for (const h of halves) for (const q of loadQuestions(h.file)) for (const id of [q.expect, ...(q.also ?? [])]) if (id) expect(rt.store.byId.has(id), `${h.name}: ${id}`).toBe(true);
  });

  for (const half of halves) {
    it(`meets the floors on the ${half.name} half`, async () => {
      const answered = await answer(half.file);
      const a = accuracy(answered);
      const wrong = answered.filter((x) => !x.q.none && x.first !== undefined && x.first !== x.q.expect && !(x.q.also ?? []).includes(x.first));
      // The test half's figures only: what it gets wrong is never listed, so that nobody tunes on it by reading a log.
      const listed = half.name !== 'test' && wrong.length > 0;
      console.info(
        `/ask on the blind ${half.name} half (${answered.length} questions):\n${describeAccuracy(a)}${listed ? `\n  wrong first fact:\n  ${wrong.map((x) => `${x.q.q} → ${x.first} (${x.match}; want ${x.q.expect})`).join('\n  ')}` : ''}`,
      );
      const floors = FLOORS[half.name];
      expect(floors, `floors for the ${half.name} half`).toBeDefined();
      for (const [key, floor] of Object.entries(floors!) as [keyof Accuracy, Floors[keyof Accuracy]][]) {
        if (floor.min !== undefined) expect(a[key].rate, `${half.name} ${key} ${floor.target}`).toBeGreaterThanOrEqual(floor.min);
        if (floor.max !== undefined) expect(a[key].rate, `${half.name} ${key} ${floor.target}`).toBeLessThanOrEqual(floor.max);
      }
    });
  }
});
