import { describe, expect, it } from 'vitest';
import { executeLine } from '../../src/dispatch/router.js';
import { createRuntime } from '../../src/dispatch/runtime.js';
import { HELD_OUT_SET, loadQuestions } from '../../src/facts/question-set.js';
import { silentLogger } from '../../src/log.js';

const rt = createRuntime({ log: silentLogger() });
const questions = loadQuestions();

const outcomes = await Promise.all(
  questions.map(async (q) => {
    const { reply } = await executeLine(`/ask ${q.q}`, q.lang, rt);
    return { q, first: reply.data.facts?.[0], kind: reply.kind };
  }),
);

describe('/ask on the question set', () => {
  it('has at least 50 questions, about a third in Chinese, every expected id in the store', async () => {
    expect(questions.length).toBeGreaterThanOrEqual(50);
    expect(questions.filter((q) => q.lang === 'zh').length).toBeGreaterThanOrEqual(Math.floor(questions.length / 4));
    for (const q of questions) if (q.expect) expect(rt.store.byId.has(q.expect), q.expect).toBe(true);
  });

  for (const lang of ['en', 'zh'] as const) {
    it(`returns the expected fact first for at least 90% of ${lang} questions`, async () => {
      const set = outcomes.filter((o) => o.q.lang === lang && o.q.expect);
      const misses = set.filter((o) => o.first !== o.q.expect).map((o) => `${o.q.q} → ${o.first ?? 'none'} (want ${o.q.expect})`);
      const rate = (set.length - misses.length) / set.length;
      console.info(`/ask hit rate ${lang}: ${set.length - misses.length}/${set.length} = ${(rate * 100).toFixed(1)}%${misses.length ? `\n  ${misses.join('\n  ')}` : ''}`);
      expect(rate).toBeGreaterThanOrEqual(0.9);
    });
  }

  it('keeps every first fact of the held-out set (written after the first tuning, a regression set)', async () => {
    const misses: string[] = [];
    for (const q of loadQuestions(HELD_OUT_SET)) {
      const { reply } = await executeLine(`/ask ${q.q}`, q.lang, rt);
      const first = reply.data.facts?.[0];
      if (q.expect ? first !== q.expect : first !== undefined) misses.push(`${q.q} → ${first ?? 'none'} (want ${q.expect ?? 'none'})`);
    }
    expect(misses).toEqual([]);
  });

  it('never presents a guess for questions the episode does not cover', async () => {
    for (const o of outcomes.filter((x) => x.q.none)) {
      expect(o.first, o.q.q).toBeUndefined();
      expect(o.kind).toBe('notice');
    }
  });
});

describe('/ask and the way people address a bot', () => {
  const framings = { en: ['hey Wattson, ', 'hi! quick question: ', 'I was wondering, ', 'just curious, '], zh: ['你好，', '麻烦问下，', '请教一下，', '想问一下'] };

  it('gives the same first fact with a greeting or a framing in front of the question', async () => {
    const changed: string[] = [];
    let asked = 0;
    for (const q of questions.filter((x) => x.expect)) {
      const bare = (await executeLine(`/ask ${q.q}`, q.lang, rt)).reply.data.facts?.[0];
      for (const f of framings[q.lang]) {
        asked++;
        const framed = (await executeLine(`/ask ${f}${q.q}`, q.lang, rt)).reply.data.facts?.[0];
        if (framed !== bare) changed.push(`${f}${q.q} → ${framed ?? 'none'} (bare: ${bare ?? 'none'})`);
      }
    }
    console.info(`/ask with framings: ${asked - changed.length}/${asked} unchanged${changed.length ? `\n  ${changed.join('\n  ')}` : ''}`);
    expect(changed.length / asked).toBeLessThanOrEqual(0.02);
  });

  it('still declines an uncovered question however it is framed', async () => {
    for (const q of questions.filter((x) => x.none)) {
      for (const f of framings[q.lang]) expect((await executeLine(`/ask ${f}${q.q}`, q.lang, rt)).reply.data.facts?.[0], `${f}${q.q}`).toBeUndefined();
    }
  });
});
