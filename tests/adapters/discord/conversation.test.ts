import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withFeedback } from '../../helpers/conversation.js';
import { ISSUE_ROWS } from '../../helpers/issue-rows.js';
import type { Option, RecordedRequest } from './fake-discord.js';
import { type Harness, startHarness } from './harness.js';

/**
 * A conversation on Discord: the real discord.js client against the loopback fake, slash
 * commands one after another in a channel, the 👍 / 👎 row under every answer, and the bad inputs.
 */

const STRING = 3;
const str = (name: string, value: string): Option => ({ name, type: STRING, value });

function strings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.flatMap(strings);
  if (v && typeof v === 'object') return Object.values(v).flatMap(strings);
  return [];
}

const shown = (r: RecordedRequest) => strings(r.body.data.embeds ?? r.body.data.content ?? '').join('\n');
const ANN = { id: '100000000000000001', username: 'ann' };
const BOB = { id: '100000000000000002', username: 'bob' };

describe('a conversation on Discord', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(async (rt) => (await withFeedback(rt)).rt);
  });
  afterAll(async () => {
    await h?.stop();
  });

  const slash = async (command: string, option: string, value: string, user = ANN, extra: { locale?: string; thread?: string } = {}) =>
    h.fake.callbackFor(h.fake.slash(command, [str(option, value)], { user, ...extra }).id);

  it('answers each row of the issue in one channel conversation', async () => {
    for (const row of ISSUE_ROWS) {
      const cb = await slash(row.command, row.command === 'ask' ? 'question' : 'quantity', row.text, ANN, row.zh ? { locale: 'zh-CN' } : {});
      const text = shown(cb);
      for (const says of row.says) expect(text, `${row.command} ${row.text}`).toMatch(says);
      expect(cb.body.data.flags ?? 0, row.text).toBe(0);
    }
  });

  it('carries 👍 / 👎 in a row of their own, and a vote from the asker is recorded privately', async () => {
    const cb = await slash('ask', 'question', 'how much electricity does ChatGPT use a day?');
    const rows = cb.body.data.components as { components: { label: string; custom_id: string }[] }[];
    const last = rows.at(-1)!.components;
    expect(last.map((b) => b.label)).toEqual(['👍', '👎']);
    expect(last[0]!.custom_id).toMatch(/^\/feedback good answer=[0-9a-f]{12}$/);
    expect(rows[0]!.components[0]!.custom_id).toMatch(/^\/fact /);
    const vote = await h.fake.callbackFor(h.fake.button(last[1]!.custom_id, { user: ANN }).id);
    expect(vote.body.data.flags).toBe(64);
    expect(shown(vote)).toMatch(/👎 Thanks, recorded on "how much electricity does ChatGPT use a day\?"/);
    const theirs = await h.fake.callbackFor(h.fake.button(last[0]!.custom_id, { user: BOB }).id);
    expect(theirs.body.data.flags).toBe(64);
    expect(shown(theirs)).toMatch(/Only the person who asked can rate this answer/);
    const gone = await h.fake.callbackFor(h.fake.button('/feedback good answer=0123456789ab', { user: ANN }).id);
    expect(shown(gone)).toMatch(/too old to rate/);
  });

  it('keeps two people in one channel apart, shares a thread, and keeps a DM its own', async () => {
    await slash('ask', 'question', 'how much electricity does ChatGPT use a day?', ANN);
    const bobs = await slash('ask', 'question', 'who said that?', BOB);
    expect(shown(bobs)).toMatch(/Which figure do you mean\?/);
    expect(shown(bobs)).not.toMatch(/Xiang Jiang/);
    await slash('ask', 'question', 'how much electricity does ChatGPT use a day?', ANN, { thread: '200000000000000001' });
    const inThread = await slash('ask', 'question', 'who said that?', BOB, { thread: '200000000000000001' });
    expect(shown(inThread)).toMatch(/Who said it: Xiang Jiang/);
    const dm = await h.fake.callbackFor(h.fake.slash('ask', [str('question', 'who said that?')], { user: ANN, dm: true }).id);
    expect(shown(dm)).toMatch(/Which figure do you mean\?/);
  });

  it('answers bad input clearly: nothing before, after an error, /compare with one side or different dimensions', async () => {
    const carol = { id: '100000000000000003', username: 'carol' };
    expect(shown(await slash('ask', 'question', 'and in homes?', carol))).toMatch(/Which figure do you mean\?/);
    const err = await slash('convert', 'quantity', '5 mw', carol);
    expect(err.body.data.flags).toBe(64);
    expect(shown(await slash('ask', 'question', 'that in GWh', carol))).toMatch(/last message got no answer/);
    const one = await slash('compare', 'sides', 'ITER', carol);
    expect(one.body.data.flags).toBe(64);
    expect(shown(one)).toMatch(/Compare what with what\?/);
    expect(shown(await slash('compare', 'sides', '45 GW vs 1 TWh', carol))).toMatch(/45 GW is a power and 1 TWh is an energy/);
    expect(shown(await slash('compare', 'sides', 'ITER vs Helion vs NYC', carol))).toMatch(/two things at a time/);
    expect(shown(await slash('compare', 'sides', 'ITER vs bananas', carol))).toMatch(/can't tell what "bananas" is/);
    for (const r of h.fake.requests) expect(JSON.stringify(r.body ?? '')).not.toMatch(/\n\s+at .*\.(ts|js):\d+/);
  });
});
