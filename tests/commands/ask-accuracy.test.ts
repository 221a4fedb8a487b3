import { describe, expect, it } from 'vitest';
import { executeLine } from '../../src/execute.js';
import { loadQuestions } from '../../src/facts/question-set.js';
import { silentLogger } from '../../src/log.js';
import { createRuntime } from '../../src/runtime.js';

const rt = createRuntime({ log: silentLogger() });
const questions = loadQuestions();

describe('/ask on the question set', () => {
  const outcomes = questions.map((q) => {
    const { reply } = executeLine(`/ask ${q.q}`, q.lang, rt);
    return { q, first: reply.data.facts?.[0], kind: reply.kind };
  });

  it('has at least 50 questions, about a third in Chinese, every expected id in the store', () => {
    expect(questions.length).toBeGreaterThanOrEqual(50);
    expect(questions.filter((q) => q.lang === 'zh').length).toBeGreaterThanOrEqual(Math.floor(questions.length / 4));
    for (const q of questions) if (q.expect) expect(rt.store.byId.has(q.expect), q.expect).toBe(true);
  });

  for (const lang of ['en', 'zh'] as const) {
    it(`returns the expected fact first for at least 90% of ${lang} questions`, () => {
      const set = outcomes.filter((o) => o.q.lang === lang && o.q.expect);
      const misses = set.filter((o) => o.first !== o.q.expect).map((o) => `${o.q.q} → ${o.first ?? 'none'} (want ${o.q.expect})`);
      const rate = (set.length - misses.length) / set.length;
      console.info(`/ask hit rate ${lang}: ${set.length - misses.length}/${set.length} = ${(rate * 100).toFixed(1)}%${misses.length ? `\n  ${misses.join('\n  ')}` : ''}`);
      expect(rate).toBeGreaterThanOrEqual(0.9);
    });
  }

  it('never presents a guess for questions the episode does not cover', () => {
    for (const o of outcomes.filter((x) => x.q.none)) {
      expect(o.first, o.q.q).toBeUndefined();
      expect(o.kind).toBe('notice');
    }
  });
});
