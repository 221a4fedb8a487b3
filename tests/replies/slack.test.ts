import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { executeLine } from '../../src/dispatch/router.js';
import { createRuntime } from '../../src/dispatch/runtime.js';
import { silentLogger } from '../../src/log.js';
import type { Block, Reply } from '../../src/replies/model.js';
import { escapeSlack, renderSlack, SLACK_LIMITS, type SlackBlock } from '../../src/replies/slack.js';
import { expectInert, expectWithinSlackLimits } from '../adapters/slack/limits.js';

const HOSTILE = '<!channel> <!here> <@U1> <#C1|general> <!subteam^S1|@team> <http://x|y> @everyone @here & <b> >';

function reply(over: Partial<Reply> = {}): Reply {
  return { kind: 'answer', title: 'Title', blocks: [], actions: [], data: {}, ...over };
}

/** Every block type, each string hostile. */
function everything(s: string): Reply {
  const blocks: Block[] = [
    { type: 'text', text: s },
    {
      type: 'figures',
      figures: [
        { label: s, value: s, origin: { kind: 'episode', speaker: 'x', speakerName: s } },
        { label: s, value: s, origin: { kind: 'public', source: s, year: 2024 } },
        { label: s, value: s, origin: { kind: 'arithmetic', working: s } },
      ],
    },
    { type: 'quote', text: s, speaker: s },
    { type: 'context', title: s, text: s, sources: [{ kind: 'public', source: s, year: 2023 }] },
    { type: 'list', title: s, items: [s, s] },
    { type: 'table', title: s, columns: [s, 'b'], rows: [[s, s]] },
    { type: 'fields', fields: [{ name: s, value: s }] },
  ];
  return reply({ title: s, blocks, actions: [{ label: s, command: `/ask ${s}` }], footer: s });
}

const textsOf = (blocks: SlackBlock[]) =>
  blocks.flatMap((b) => ('text' in b && b.text ? [b.text.text] : 'fields' in b ? b.fields.map((f) => f.text) : 'elements' in b ? b.elements.map((e) => ('value' in e ? e.text.text : e.text)) : []));

describe('renderSlack: escaping', () => {
  it('escapes & < > so mentions, broadcasts and links typed by users cannot act', async () => {
    const m = renderSlack(everything(HOSTILE), 'en');
    expectInert(m);
    expectWithinSlackLimits(m);
    const body = textsOf(m.blocks).join('\n');
    expect(body).toContain('&amp;');
    expect(body).toContain('&lt;\u2060!channel&gt;');
    expect(body).toContain('&lt;http://x|y&gt;');
    expect(m.text).toContain('&lt;\u2060@U1&gt;');
  });

  it('escapes exactly the three control characters', async () => {
    expect(escapeSlack('A & B <c> d')).toBe('A &amp; B &lt;c&gt; d');
    expect(escapeSlack('&amp;')).toBe('&amp;amp;');
  });

  it('marks every text object verbatim, so Slack does not auto-link names', async () => {
    const m = renderSlack(everything('#general @ann'), 'en');
    for (const b of m.blocks) {
      const objs = 'fields' in b ? b.fields : 'elements' in b && b.type === 'context' ? b.elements : 'text' in b && b.text.type === 'mrkdwn' ? [b.text] : [];
      for (const o of objs) expect(o).toMatchObject({ type: 'mrkdwn', verbatim: true });
    }
  });

  it('holds for any mix of hostile fragments and arbitrary text (property)', async () => {
    const fragment = fc.oneof(
      fc.constantFrom(
        '<!channel>',
        '<!here>',
        '<!everyone>',
        '<@U1>',
        '<@U1|ann>',
        '<#C1>',
        '<http://x|y>',
        '<mailto:a@b|a>',
        '@here',
        '@channel',
        '&',
        '&amp;',
        '&lt;',
        '<',
        '>',
        '\u2060',
        '😀',
        '中文',
        '\n',
        '*',
        '`',
      ),
      fc.string({ maxLength: 20 }),
    );
    const hostile = fc.array(fragment, { maxLength: 40 }).map((a) => a.join(''));
    fc.assert(
      fc.property(hostile, fc.integer({ min: 1, max: 8 }), (s, copies) => {
        const m = renderSlack(everything(s.repeat(copies)), 'en', { umbrella: { command: 'wattson', names: ['ask', 'fact'] } });
        expectInert(m);
        expectWithinSlackLimits(m);
      }),
      { numRuns: 200 },
    );
  });
});

describe('renderSlack: limits', () => {
  it("keeps 10,000 characters in every field within Slack's limits, splitting long text over sections", async () => {
    const long = `${'<!channel> & '.repeat(769)}end`.slice(0, 10_000);
    const m = renderSlack(everything(long), 'zh');
    expectWithinSlackLimits(m);
    expectInert(m);
    expect(m.blocks[0]).toMatchObject({ type: 'header' });
    expect((m.blocks[0] as { text: { text: string } }).text.text.endsWith('…')).toBe(true);
    // The text block's content is kept, spread over several sections, not cut to one.
    const plainText = renderSlack(reply({ blocks: [{ type: 'text', text: 'word '.repeat(2000) }] }), 'en');
    const sections = plainText.blocks.filter((b) => b.type === 'section');
    expect(sections.length).toBeGreaterThanOrEqual(4);
    expect(textsOf(sections).join(' ').split('word').length - 1).toBe(2000);
  });

  it('never cuts inside an escape sequence or a surrogate pair', async () => {
    // Every offset, so some section boundary falls inside an entity or a pair unless guarded.
    for (let k = 0; k < 5; k++) {
      const pad = 'x'.repeat(k);
      const m = renderSlack(
        reply({
          title: pad + '😀'.repeat(200),
          blocks: [
            { type: 'text', text: pad + '&'.repeat(4000) },
            { type: 'text', text: pad + '<'.repeat(1001) + '😀'.repeat(3000) },
            { type: 'fields', fields: [{ name: 'n', value: pad + '>'.repeat(3000) }] },
          ],
        }),
        'en',
      );
      for (const t of [...textsOf(m.blocks), m.text]) {
        expect(t.replace(/&(amp|lt|gt);/g, '')).not.toContain('&');
        expect(t).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
      }
      expectWithinSlackLimits(m);
    }
  });

  it('puts at most ten fields in a section', async () => {
    const figures = Array.from({ length: 23 }, (_, i) => ({ label: `f${i}`, value: `${i} MW`, origin: { kind: 'arithmetic' as const, working: 'x' } }));
    const m = renderSlack(reply({ blocks: [{ type: 'figures', figures }] }), 'en');
    const counts = m.blocks.filter((b): b is Extract<SlackBlock, { fields: unknown }> => 'fields' in b).map((b) => b.fields.length);
    expect(counts).toEqual([10, 10, 3]);
  });

  it('caps a message at 50 blocks, keeping the header, the buttons and the citation, and says what was left out', async () => {
    const blocks: Block[] = Array.from({ length: 120 }, (_, i) => ({ type: 'text', text: `part ${i}` }));
    const m = renderSlack(reply({ blocks, actions: [{ label: 'Topics', command: '/fact topics' }], footer: 'Silicon Valley 101 E149' }), 'en');
    expect(m.blocks).toHaveLength(50);
    expect(m.blocks[0]!.type).toBe('header');
    expect(m.blocks.at(-2)!.type).toBe('actions');
    expect(m.blocks.at(-1)).toMatchObject({ type: 'context', elements: [{ text: '— Silicon Valley 101 E149' }] });
    expect(textsOf([m.blocks.at(-3)!])[0]).toMatch(/^… \d+ more parts not shown\.$/);
    expectWithinSlackLimits(m);
  });

  it('keeps the notification fallback plain, neutralised, escaped and short', async () => {
    const m = renderSlack(reply({ title: HOSTILE, blocks: [{ type: 'text', text: 'x'.repeat(10_000) }] }), 'en');
    expect(m.text.startsWith('&lt;\u2060!channel&gt;')).toBe(true);
    expect(m.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fallbackText);
  });
});

describe('renderSlack: structure', () => {
  it('renders buttons from actions with the command line as value and unique action ids', async () => {
    const m = renderSlack(
      reply({
        actions: [
          { label: 'A very long label '.repeat(10), command: '/fact a' },
          { label: 'B', command: '/fact b' },
        ],
      }),
      'en',
    );
    const actions = m.blocks.find((b) => b.type === 'actions') as Extract<SlackBlock, { type: 'actions' }>;
    expect(actions.elements.map((e) => e.value)).toEqual(['/fact a', '/fact b']);
    expect(actions.elements.map((e) => e.action_id)).toEqual(['wattson-run-0', 'wattson-run-1']);
    expect(actions.elements[0]!.text.text.length).toBeLessThanOrEqual(75);
  });

  it('shows typed command lines in the umbrella form, leaving button values canonical', async () => {
    const r = reply({
      blocks: [
        { type: 'text', text: 'Try: /fact topics, or (/convert 5 MW) but not /factory or a/fact' },
        { type: 'text', text: '试试：/fact topics' },
      ],
      actions: [{ label: '/fact topics', command: '/fact topics' }],
    });
    const m = renderSlack(r, 'en', { umbrella: { command: 'wattson', names: ['fact', 'convert'] } });
    const body = textsOf(m.blocks).join('\n');
    expect(body).toContain('Try: /wattson fact topics, or (/wattson convert 5 MW) but not /factory or a/fact');
    expect(body).toContain('试试：/wattson fact topics');
    expect((m.blocks.find((b) => b.type === 'actions') as Extract<SlackBlock, { type: 'actions' }>).elements[0]!.value).toBe('/fact topics');
    expect(textsOf(renderSlack(r, 'en').blocks).join('\n')).toContain('Try: /fact topics');
  });

  it("ends with the source in a context block and links only Wattson's own URLs", async () => {
    const m = renderSlack(reply({ blocks: [{ type: 'text', text: 'see https://evil.example/x' }], footer: 'E149 · https://sv101.fireside.fm/155' }), 'en');
    expect(m.blocks.at(-1)).toMatchObject({ type: 'context', elements: [{ text: '— E149 · <https://sv101.fireside.fm/155>' }] });
    expect(textsOf(m.blocks).join('\n')).toContain('see https://evil.example/x');
    expect(textsOf(m.blocks).join('\n')).not.toContain('<https://evil');
  });

  it("renders every registry example, in both languages, within Slack's limits", async () => {
    const rt = createRuntime({ log: silentLogger() });
    for (const cmd of rt.commands) {
      for (const ex of cmd.examples) {
        for (const locale of ['en', 'zh'] as const) {
          const m = renderSlack((await executeLine(ex.line, locale, rt)).reply, locale, { umbrella: { command: 'wattson', names: rt.commands.map((c) => c.name) } });
          expectWithinSlackLimits(m);
          expectInert(m);
        }
      }
    }
  });
});

describe('renderSlack: every fact', () => {
  it("renders each fact in the store, in both languages, within Slack's limits and inert", async () => {
    const rt = createRuntime({ log: silentLogger() });
    const names = rt.commands.map((c) => c.name);
    for (const f of rt.store.facts) {
      for (const locale of ['en', 'zh'] as const) {
        const m = renderSlack((await executeLine(`/fact ${f.id}`, locale, rt)).reply, locale, { umbrella: { command: 'wattson', names } });
        expectWithinSlackLimits(m);
        expectInert(m);
      }
    }
  });
});

describe('feedback buttons', () => {
  it('adds 👍 / 👎 as an actions block of their own, after the other buttons and before the citation', () => {
    const m = renderSlack(reply({ actions: [{ label: 'Topics', command: '/fact topics' }], footer: 'E149', feedback: { answer: 'abcdef012345' } }), 'en');
    const tail = m.blocks.slice(-3);
    expect(tail[0]).toMatchObject({ type: 'actions', elements: [{ value: '/fact topics' }] });
    expect(tail[1]).toEqual({
      type: 'actions',
      elements: [
        { type: 'button', text: { type: 'plain_text', text: '👍', emoji: true }, action_id: 'wattson-run-feedback-good', value: '/feedback good answer=abcdef012345' },
        { type: 'button', text: { type: 'plain_text', text: '👎', emoji: true }, action_id: 'wattson-run-feedback-bad', value: '/feedback bad answer=abcdef012345' },
      ],
    });
    expect(tail[2]).toMatchObject({ type: 'context' });
    expectWithinSlackLimits(m);
  });
});
