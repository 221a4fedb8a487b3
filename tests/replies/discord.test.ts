import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { executeLine } from '../../src/dispatch/router.js';
import { createRuntime } from '../../src/dispatch/runtime.js';
import type { Locale } from '../../src/locale.js';
import { silentLogger } from '../../src/log.js';
import { type DiscordMessage, EPHEMERAL, embedsLength, escapeMarkdown, KIND_COLOURS, renderButtons, renderDiscord } from '../../src/replies/discord.js';
import type { Block, Reply } from '../../src/replies/model.js';
import { messageProblems } from '../adapters/discord/fake-discord.js';

const rt = createRuntime({ log: silentLogger(), random: () => 0.5 });

/** Every string in a payload, wherever it sits. */
function strings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.flatMap(strings);
  if (v && typeof v === 'object') return Object.values(v).flatMap(strings);
  return [];
}

/** Discord's limits, restated here rather than read back from the renderer's constants. */
function expectWithinLimits(m: DiscordMessage): void {
  expect(messageProblems(m)).toEqual([]);
  expect(m.allowed_mentions).toEqual({ parse: [] });
  const embeds = m.embeds ?? [];
  expect(embeds.length).toBeLessThanOrEqual(10);
  let total = 0;
  for (const e of embeds) {
    expect(e.title?.length ?? 0).toBeLessThanOrEqual(256);
    expect(e.description?.length ?? 0).toBeLessThanOrEqual(4096);
    expect(e.fields?.length ?? 0).toBeLessThanOrEqual(25);
    for (const f of e.fields ?? []) {
      expect(f.name.length).toBeGreaterThan(0);
      expect(f.name.length).toBeLessThanOrEqual(256);
      expect(f.value.length).toBeGreaterThan(0);
      expect(f.value.length).toBeLessThanOrEqual(1024);
      total += f.name.length + f.value.length;
    }
    total += (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0);
  }
  expect(total).toBeLessThanOrEqual(6000);
  expect(m.content?.length ?? 0).toBeLessThanOrEqual(2000);
  for (const row of m.components ?? []) {
    expect(row.components.length).toBeLessThanOrEqual(5);
    for (const b of row.components) {
      expect(b.label.length).toBeLessThanOrEqual(80);
      expect(b.custom_id.length).toBeLessThanOrEqual(100);
    }
  }
  expect(m.components?.length ?? 0).toBeLessThanOrEqual(5);
  // No lone surrogate: a cut never splits a character.
  for (const s of strings(m)) expect(s).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
}

function expectNoMentions(m: DiscordMessage): void {
  for (const s of strings(m)) {
    expect(s).not.toMatch(/@(everyone|here)/i);
    expect(s).not.toMatch(/<[@#!]/);
  }
}

const LINES: [string, Locale][] = [
  ['/ask how much electricity does ChatGPT use a day?', 'en'],
  ['/ask ChatGPT每天用多少电？', 'zh'],
  ['/ask what is the weather on mars', 'en'],
  ['/fact', 'en'],
  ['/fact topics', 'zh'],
  ['/fact helion-2028', 'en'],
  ['/convert 500000 kWh/day to MW', 'en'],
  ['/convert 1.2 GW to households', 'en'],
  ['/convert 290亿千瓦时', 'zh'],
  ['/convert 5 mw', 'en'],
  ['/about', 'en'],
  ['/about', 'zh'],
  ['/help', 'en'],
  ['/help convert', 'zh'],
];

describe('Discord renderer: real replies', () => {
  it.each(LINES)('%s (%s) fits Discord and disables mentions', async (line, locale) => {
    const { reply } = await executeLine(line, locale, rt);
    const m = renderDiscord(reply, locale);
    expectWithinLimits(m);
    expect(m.embeds?.[0]?.color).toBe(KIND_COLOURS[reply.kind]);
    expect(m.flags).toBe(reply.kind === 'error' ? EPHEMERAL : undefined);
    if (reply.footer) expect(m.embeds?.at(-1)?.footer?.text).toBe(reply.footer);
  });

  it('shows the ChatGPT answer with its figure, its origin, the quote and the source', async () => {
    const { reply } = await executeLine('/ask how much electricity does ChatGPT use a day?', 'en', rt);
    const m = renderDiscord(reply, 'en');
    const e = m.embeds![0]!;
    expect(e.title).toBe("ChatGPT's electricity use per day");
    expect(e.description).toContain('它每天的日耗电量它能达到50万千瓦时也就是50万度电');
    expect(e.description).toContain('— Xiang Jiang');
    const figure = e.fields!.find((f) => f.value.includes('500,000 kWh/day'));
    expect(figure?.value).toContain('the episode, Xiang Jiang');
    expect(e.fields!.some((f) => f.name.startsWith('Context:') && f.value.includes('The New Yorker'))).toBe(true);
    expect(e.footer?.text).toContain('https://sv101.fireside.fm/155');
    const ids = m.components!.flatMap((r) => r.components.map((b) => b.custom_id));
    expect(ids).toEqual(reply.actions.map((a) => a.command));
  });

  it('answers in Chinese with Chinese magnitudes', async () => {
    const { reply } = await executeLine('/ask ChatGPT每天用多少电？', 'zh', rt);
    const e = renderDiscord(reply, 'zh').embeds![0]!;
    expect(e.title).toBe('ChatGPT 每日耗电量');
    expect(e.fields!.map((f) => f.value).join('\n')).toContain('50万千瓦时');
    expect(e.footer?.text).toContain('硅谷101');
  });

  it('makes user errors ephemeral and red, with the example and "did you mean" buttons', async () => {
    const { reply } = await executeLine('/fact helion-2028', 'en', rt);
    const m = renderDiscord(reply, 'en');
    expect(m.flags).toBe(64);
    expect(m.embeds![0]!.color).toBe(KIND_COLOURS.error);
    expect(m.embeds![0]!.description).toContain('Try: /fact helion');
    expect(m.components?.[0]?.components[0]?.custom_id).toMatch(/^\/fact helion-/);
  });

  it('falls back to plain content, still mention-safe, where embeds are not allowed', async () => {
    const { reply } = await executeLine('/ask how much electricity does ChatGPT use a day?', 'en', rt);
    const m = renderDiscord(reply, 'en', { embeds: false });
    expect(m.embeds).toBeUndefined();
    expect(m.content).toContain('500,000 kWh/day');
    expectWithinLimits(m);
  });
});

function reply(blocks: Block[], extra: Partial<Reply> = {}): Reply {
  return { kind: 'answer', title: 'T', blocks, actions: [], data: {}, ...extra };
}

describe('Discord renderer: hostile and oversized replies', () => {
  const hostile = '@everyone <@&1> <@123> <#9> @here [click](https://evil.example) **bold** `code` ||spoiler|| ';

  it('neutralises mentions and escapes markdown in every string', async () => {
    const m = renderDiscord(
      reply(
        [
          { type: 'text', text: hostile },
          { type: 'list', title: hostile, items: [hostile] },
          { type: 'quote', text: hostile, speaker: hostile },
          { type: 'fields', fields: [{ name: hostile, value: hostile }] },
        ],
        { title: hostile, footer: hostile, actions: [{ label: hostile, command: '/ask @everyone' }] },
      ),
      'en',
    );
    expectNoMentions(m);
    expectWithinLimits(m);
    const d = m.embeds![0]!.description!;
    expect(d).toContain('\\[click\\](https://evil.example)');
    expect(d).toContain('\\*\\*bold\\*\\*');
    expect(d).toContain('\\|\\|spoiler\\|\\|');
    expect(d).not.toMatch(/(^|[^\\])\[click/);
  });

  it('keeps 10,000 characters of text, 40 long fields and a huge title within every limit', async () => {
    const long = `${hostile}${'x'.repeat(10_000)}`;
    const m = renderDiscord(
      reply(
        [
          { type: 'text', text: long },
          { type: 'fields', fields: Array.from({ length: 40 }, (_, i) => ({ name: `${i} ${long}`, value: long })) },
          { type: 'list', items: Array.from({ length: 200 }, (_, i) => `item ${i} ${hostile}`) },
        ],
        { title: long, footer: long, kind: 'error', actions: Array.from({ length: 40 }, (_, i) => ({ label: long, command: `/fact id-${i}` })) },
      ),
      'en',
    );
    expectWithinLimits(m);
    expectNoMentions(m);
    expect(m.flags).toBe(EPHEMERAL);
    expect(m.embeds![0]!.description!.endsWith('…')).toBe(true);
    expect(embedsLength(m.embeds!)).toBeLessThanOrEqual(6000);
  });

  it('splits a field longer than 1,024 characters into continuation fields, losing nothing that fits', async () => {
    const items = Array.from({ length: 30 }, (_, i) => `fact number ${i} with some words to make it longer than a little`);
    const m = renderDiscord(reply([{ type: 'list', title: 'Many', items }]), 'en');
    const fields = m.embeds![0]!.fields!;
    expect(fields.length).toBeGreaterThan(1);
    expect(fields[0]!.name).toBe('Many');
    const all = fields.map((f) => f.value).join('\n');
    for (const item of items) expect(all).toContain(item);
    expectWithinLimits(m);
  });

  it('keeps the blocks in order: text after a list follows it as a field, not above it', async () => {
    const m = renderDiscord(
      reply([
        { type: 'text', text: 'first' },
        { type: 'list', title: 'L', items: ['a'] },
        { type: 'text', text: 'last' },
      ]),
      'en',
    );
    const e = m.embeds![0]!;
    expect(e.description).toBe('first');
    expect(e.fields!.map((f) => f.value)).toEqual(['• a', 'last']);
  });

  it('pages more than 25 fields into further embeds', async () => {
    const m = renderDiscord(reply([{ type: 'fields', fields: Array.from({ length: 30 }, (_, i) => ({ name: `n${i}`, value: `v${i}` })) }], { footer: 'source' }), 'en');
    expect(m.embeds).toHaveLength(2);
    expect(m.embeds![0]!.fields).toHaveLength(25);
    expect(m.embeds![1]!.fields).toHaveLength(5);
    expect(m.embeds![1]!.footer?.text).toBe('source');
    expect(m.embeds![0]!.footer).toBeUndefined();
    expectWithinLimits(m);
  });

  it('turns actions into rows of at most 5 buttons, skipping duplicates and command lines too long for a custom_id', async () => {
    const rows = renderButtons([
      ...Array.from({ length: 12 }, (_, i) => ({ label: `Fact ${i}`, command: `/fact f-${i}` })),
      { label: 'dup', command: '/fact f-0' },
      { label: 'too long', command: `/ask ${'x'.repeat(120)}` },
    ]);
    expect(rows.map((r) => r.components.length)).toEqual([5, 5, 2]);
    const ids = rows.flatMap((r) => r.components.map((b) => b.custom_id));
    expect(new Set(ids).size).toBe(12);
    expect(ids.every((id) => id.length <= 100)).toBe(true);
  });

  it('escapes markdown but leaves URLs intact', async () => {
    expect(escapeMarkdown('see https://a.example/x_y*z and _this_')).toBe('see https://a.example/x_y*z and \\_this\\_');
    expect(escapeMarkdown('# heading\n> quote\n- item')).toBe('\\# heading\n\\> quote\n\\- item');
  });

  it('holds the limits for arbitrary replies (property)', async () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 3000 });
    const block: fc.Arbitrary<Block> = fc.oneof(
      text.map((t) => ({ type: 'text' as const, text: t })),
      fc.record({ type: fc.constant('list' as const), title: text, items: fc.array(text, { maxLength: 30 }) }),
      fc.record({ type: fc.constant('quote' as const), text, speaker: text }),
      fc.record({ type: fc.constant('fields' as const), fields: fc.array(fc.record({ name: text, value: text }), { maxLength: 30 }) }),
      fc.record({ type: fc.constant('table' as const), columns: fc.array(text, { maxLength: 4 }), rows: fc.array(fc.array(text, { maxLength: 4 }), { maxLength: 30 }) }),
    );
    fc.assert(
      fc.property(text, fc.array(block, { maxLength: 8 }), fc.option(text, { nil: undefined }), fc.boolean(), (title, blocks, footer, embeds) => {
        const m = renderDiscord(reply(blocks, { title, ...(footer !== undefined && { footer }) }), 'en', { embeds });
        expectWithinLimits(m);
      }),
      { numRuns: 150 },
    );
  });
});

describe('feedback buttons', () => {
  it('puts 👍 / 👎 in a last row of their own, leaving four rows for other buttons', () => {
    const actions = Array.from({ length: 30 }, (_, i) => ({ label: `Fact ${i}`, command: `/fact f-${i}` }));
    const rows = renderButtons(actions, { answer: 'abcdef012345' });
    expect(rows).toHaveLength(5);
    expect(rows.slice(0, 4).flatMap((r) => r.components)).toHaveLength(20);
    expect(rows[4]!.components).toEqual([
      { type: 2, style: 2, label: '👍', custom_id: '/feedback good answer=abcdef012345' },
      { type: 2, style: 2, label: '👎', custom_id: '/feedback bad answer=abcdef012345' },
    ]);
    expect(renderButtons(actions)).toHaveLength(5);
    expect(renderButtons(actions).flatMap((r) => r.components)).toHaveLength(25);
    const m = renderDiscord(reply([{ type: 'text', text: 'x' }], { feedback: { answer: 'abcdef012345' } }), 'en');
    expect(m.components?.at(-1)?.components.map((b) => b.label)).toEqual(['👍', '👎']);
  });
});
