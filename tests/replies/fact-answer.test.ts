import { describe, expect, it } from 'vitest';
import { createRuntime } from '../../src/dispatch/runtime.js';
import { silentLogger } from '../../src/log.js';
import { factAnswer, relatedFacts } from '../../src/replies/fact-answer.js';

const { store } = createRuntime({ log: silentLogger() });
const fact = store.byId.get('chatgpt-daily-energy')!;
const related = relatedFacts(fact, store);

describe('factAnswer', () => {
  it('builds a fact’s answer once and hands every caller the same one', async () => {
    const first = factAnswer(fact, related, store, 'en');
    expect(factAnswer(fact, [...related], store, 'en')).toBe(first);
    expect(factAnswer(fact, related, store, 'zh')).not.toBe(first);
    expect(factAnswer(fact, related.slice(1), store, 'en')).not.toBe(first);
    expect(factAnswer(fact, related.slice(1), store, 'en').data.facts).toEqual([fact.id, ...related.slice(1).map((f) => f.id)]);
  });

  it('shares its answers frozen, so no caller can change what the next one sees', async () => {
    const reply = factAnswer(fact, related, store, 'en');
    expect(Object.isFrozen(reply)).toBe(true);
    expect(() => (reply.blocks as unknown[]).push({ type: 'text', text: 'changed' })).toThrow(TypeError);
    expect(() => {
      (reply.actions[0] as { label: string }).label = 'changed';
    }).toThrow(TypeError);
    expect(factAnswer(fact, related, store, 'en').blocks.some((b) => b.type === 'text' && b.text === 'changed')).toBe(false);
  });
});
