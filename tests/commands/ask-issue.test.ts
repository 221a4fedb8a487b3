import { describe, expect, it } from 'vitest';
import { executeLine } from '../../src/dispatch/router.js';
import { createRuntime } from '../../src/dispatch/runtime.js';
import { silentLogger } from '../../src/log.js';
import { renderPlain } from '../../src/replies/plain.js';

/**
 * The questions issue 12 reports a new user asking, each with the fact it should have got.
 * Nothing in the search knows these strings: they are answered by the lexicon, the facts'
 * questions, the segmenter and the speller like any other question.
 */
const ASKED: [question: string, fact: string, lang: 'en' | 'zh'][] = [
  ['what did Helion agree to with Microsoft?', 'helion-msft-50mw-2028', 'en'],
  ['how much juice does chatgpt need daily', 'chatgpt-daily-energy', 'en'],
  ['how much does Stargate cost', 'stargate-100bn', 'en'],
  ["how cheap is Helion's electricity", 'helion-ppa-1-cent', 'en'],
  ['ChatGPT一天用多少度电', 'chatgpt-daily-energy', 'zh'],
  ['核聚变离商业化还有多远', 'fusion-power-within-10yr', 'zh'],
  ['铀还能用多少年', 'uranium-50-60-years', 'zh'],
  ['how much does chatgtp use per day', 'chatgpt-daily-energy', 'en'],
];

const rt = createRuntime({ log: silentLogger() });

describe("issue 12's examples", () => {
  for (const [question, fact, lang] of ASKED) {
    it(`${question} → ${fact}`, async () => {
      // No locale: the answer is in the question's language.
      const { reply, locale } = await executeLine(`/ask ${question}`, undefined, rt);
      expect(locale).toBe(lang);
      expect(reply.data.facts?.[0]).toBe(fact);
      // Presented in full, never as a bare list: figures with their origin and the speaker's words.
      expect(['confident', 'closest']).toContain(reply.data.match);
      const f = rt.store.byId.get(fact)!;
      const text = renderPlain(reply, locale);
      expect(text).toContain(f.quote);
      if (f.values.length > 0) expect(reply.blocks.some((b) => b.type === 'figures')).toBe(true);
      if (f.context) expect(reply.blocks.some((b) => b.type === 'context')).toBe(true);
    });
  }
});
