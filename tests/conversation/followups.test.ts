import { describe, expect, it } from 'vitest';
import { createRuntime } from '../../src/dispatch/runtime.js';
import { silentLogger } from '../../src/log.js';
import { loadFollowUps, runSet } from './followup-set.js';

/**
 * The blind follow-up set (tests/fixtures/followups.yaml, written by someone else from digests of
 * the facts and yardsticks, copied here unchanged). Each conversation is run interleaved, turn by
 * turn, with another person's in the same channel; see followup-set.ts for how each expectation
 * is judged and how crossing into the other person's context is detected.
 */
describe('the blind follow-up set', () => {
  const set = loadFollowUps();

  it('has at least 60 two- and three-turn conversations in both languages', () => {
    expect(set.length).toBeGreaterThanOrEqual(60);
    expect(set.every((c) => c.turns.length >= 2 && c.turns.length <= 3)).toBe(true);
    expect(new Set(set.map((c) => c.lang))).toEqual(new Set(['en', 'zh']));
  });

  it('answers at least 90% of turns right, and none from the other person’s context', async () => {
    const rt = createRuntime({ log: silentLogger() });
    const score = await runSet(rt, set);
    const share = score.right / score.turns;
    console.info(
      `follow-up set: ${score.right}/${score.turns} turns right (${(share * 100).toFixed(1)}%), ${score.whole}/${score.conversations} conversations wholly right, ${score.crossed} turns changed by another person's messages\n` +
        score.failures.map((f) => `  ${f.id} #${f.turn} "${f.say}": ${f.why.join('; ')}`).join('\n'),
    );
    expect(score.crossed).toBe(0);
    expect(share).toBeGreaterThanOrEqual(0.9);
  }, 60_000);
});
