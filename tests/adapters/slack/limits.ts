import { expect } from 'vitest';
import { allTexts } from './fake-slack.js';

/** Slack's documented Block Kit limits, checked on a message as it would be sent. */
export function expectWithinSlackLimits(message: { text?: unknown; blocks?: unknown }): void {
  expect(typeof message.text).toBe('string');
  expect((message.text as string).length).toBeGreaterThan(0);
  expect((message.text as string).length).toBeLessThanOrEqual(3000);
  const blocks = message.blocks as Record<string, any>[];
  expect(Array.isArray(blocks)).toBe(true);
  expect(blocks.length).toBeGreaterThan(0);
  expect(blocks.length).toBeLessThanOrEqual(50);
  for (const b of blocks) {
    switch (b['type']) {
      case 'header':
        expect(b['text'].type).toBe('plain_text');
        expect(b['text'].text.length).toBeGreaterThan(0);
        expect(b['text'].text.length).toBeLessThanOrEqual(150);
        break;
      case 'section':
        if (b['text']) {
          expect(b['text'].text.trim().length).toBeGreaterThan(0);
          expect(b['text'].text.length).toBeLessThanOrEqual(3000);
        }
        if (b['fields']) {
          expect(b['fields'].length).toBeGreaterThan(0);
          expect(b['fields'].length).toBeLessThanOrEqual(10);
          for (const f of b['fields']) expect(f.text.length).toBeLessThanOrEqual(2000);
        }
        expect(Boolean(b['text']) || Boolean(b['fields'])).toBe(true);
        break;
      case 'context':
        expect(b['elements'].length).toBeGreaterThan(0);
        expect(b['elements'].length).toBeLessThanOrEqual(10);
        for (const e of b['elements']) expect(e.text.length).toBeLessThanOrEqual(3000);
        break;
      case 'actions':
        expect(b['elements'].length).toBeGreaterThan(0);
        expect(b['elements'].length).toBeLessThanOrEqual(25);
        for (const e of b['elements']) {
          expect(e.text.text.length).toBeLessThanOrEqual(75);
          expect(e.value.length).toBeLessThanOrEqual(2000);
        }
        expect(new Set(b['elements'].map((e: { action_id: string }) => e.action_id)).size).toBe(b['elements'].length);
        break;
      default:
        throw new Error(`unexpected block type ${String(b['type'])}`);
    }
  }
}

/**
 * Nothing in the message can act as a mention or a link Slack would parse from user text: the
 * only `<` left opens one of Wattson's own source links, which are bare URLs without a label.
 */
export function expectInert(message: unknown): void {
  for (const t of allTexts(message)) {
    expect(t).not.toMatch(/<[!@#]/);
    expect(t.replace(/<https?:\/\/[^\s<>|]+>/g, '')).not.toContain('<');
    expect(t).not.toMatch(/@(here|channel|everyone)\b/);
  }
}
