import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { topByScore } from '../../src/facts/top-by-score.js';

describe('topByScore', () => {
  it('gives what a stable sort by score, cut to the limit, gives', () => {
    // Few distinct scores, so ties are common and their order is tested.
    const docsAndScores = fc
      .array(fc.integer({ min: 1, max: 6 }), { minLength: 0, maxLength: 60 })
      .chain((scores) => fc.shuffledSubarray(scores.map((_, i) => i)).map((touched) => ({ scores: Float64Array.from(scores), touched })));
    fc.assert(
      fc.property(docsAndScores, fc.integer({ min: 0, max: 12 }), ({ scores, touched }, limit) => {
        const expected = [...touched].sort((a, b) => scores[b]! - scores[a]!).slice(0, limit);
        expect(topByScore(touched, scores, limit)).toEqual(expected);
      }),
    );
  });

  it('keeps the first-met doc ahead on a tie', () => {
    expect(topByScore([3, 1, 2], Float64Array.from([0, 5, 5, 5]), 2)).toEqual([3, 1]);
  });
});
