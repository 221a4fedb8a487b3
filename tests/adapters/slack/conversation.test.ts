import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SlackAdapter, startSlack } from '../../../src/adapters/slack/index.js';
import { withFeedback } from '../../helpers/conversation.js';
import { ISSUE_ROWS } from '../../helpers/issue-rows.js';
import { allTexts, commandBody, eventBody, FakeSlack, postToApp } from './fake-slack.js';
import { expectWithinSlackLimits } from './limits.js';
import { httpEnv, testRuntime } from './setup.js';

/**
 * A conversation on Slack: the real Bolt app in HTTP mode, driven by signed requests, one
 * slash command after another; 👍 / 👎 under every answer, run as buttons; mentions in a thread
 * shared by everyone in it; and the bad inputs.
 */

const fake = new FakeSlack();
const { rt } = testRuntime();
let app: SlackAdapter;
let seq = 0;
const ts = () => `1700000100.${String(++seq).padStart(6, '0')}`;

beforeAll(async () => {
  await fake.start();
  app = await startSlack((await withFeedback(rt)).rt, httpEnv(fake), { host: '127.0.0.1' });
});

afterAll(async () => {
  await app?.stop();
  await fake.close();
});

const slash = async (text: string, user = 'U0ANN', channel = 'C0CONV') => (await postToApp(app.port!, commandBody({ text, user_id: user, user_name: user.toLowerCase(), channel_id: channel }))).json();
const textOf = (json: Record<string, unknown>) => allTexts(json).join('\n');
const buttons = (json: Record<string, unknown>) =>
  (json['blocks'] as any[]).filter((b) => b.type === 'actions').flatMap((b) => b.elements) as { action_id: string; value: string; text: { text: string } }[];

async function click(value: string, user: string, id: string): Promise<Record<string, unknown>> {
  const payload = {
    type: 'block_actions',
    team: { id: 'T0FAKE', domain: 'fake' },
    user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: 'T0FAKE' },
    api_app_id: 'A0FAKE',
    token: 'legacy',
    container: { type: 'message', message_ts: '1.1', channel_id: 'C0CONV', is_ephemeral: false },
    trigger_id: `trig-${id}`,
    channel: { id: 'C0CONV', name: 'general' },
    response_url: fake.responseUrl(id),
    actions: [{ type: 'button', action_id: 'wattson-run-feedback-good', block_id: 'b1', text: { type: 'plain_text', text: '👍' }, value, action_ts: '1.2' }],
  };
  expect((await postToApp(app.port!, new URLSearchParams({ payload: JSON.stringify(payload) }).toString())).status).toBe(200);
  return (await fake.waitFor(`/response/${id}`)).body;
}

describe('a conversation on Slack', () => {
  it('answers each row of the issue in one channel conversation', async () => {
    for (const row of ISSUE_ROWS) {
      const json = await slash(`${row.command} ${row.text}`);
      for (const says of row.says) expect(textOf(json), `${row.command} ${row.text}`).toMatch(says);
      expect(json['response_type'], row.text).toBe('in_channel');
      expectWithinSlackLimits(json);
    }
  });

  it('carries 👍 / 👎 after the other buttons; a vote is the asker’s alone', async () => {
    const json = await slash('ask how much electricity does ChatGPT use a day?');
    const all = buttons(json);
    expect(all[0]!.value).toMatch(/^\/fact /);
    const [up, down] = all.slice(-2);
    expect([up!.text.text, down!.text.text]).toEqual(['👍', '👎']);
    expect(up!.value).toMatch(/^\/feedback good answer=[0-9a-f]{12}$/);
    expect(new Set(all.map((b) => b.action_id)).size).toBe(all.length);
    const mine = await click(down!.value, 'U0ANN', 'vote-1');
    expect(mine['response_type']).toBe('ephemeral');
    expect(textOf(mine)).toMatch(/👎 Thanks, recorded/);
    const theirs = await click(up!.value, 'U0BOB', 'vote-2');
    expect(textOf(theirs)).toMatch(/Only the person who asked/);
    expect(textOf(await click('/feedback good answer=0123456789ab', 'U0ANN', 'vote-3'))).toMatch(/too old to rate/);
  });

  it('keeps two people in one channel apart, and shares a thread', async () => {
    await slash('ask how much electricity does ChatGPT use a day?', 'U0ANN', 'C0TWO');
    await slash('convert 45 GW to nyc', 'U0BOB', 'C0TWO');
    expect(textOf(await slash('and in homes?', 'U0ANN', 'C0TWO'))).toMatch(/ChatGPT's electricity use per day \(500,000 kWh\/day\) = 17,200 US households/);
    expect(textOf(await slash('and in homes?', 'U0BOB', 'C0TWO'))).toMatch(/45 GW = 37,200,000 US households/);
    expect(textOf(await slash('who said that?', 'U0CAROL', 'C0TWO'))).toMatch(/Which figure do you mean\?/);
    const thread = '1700000000.999999';
    const t1 = ts();
    await postToApp(app.port!, eventBody({ type: 'app_mention', user: 'U0ANN', text: '<@UBOT> how much electricity does ChatGPT use a day?', channel: 'C0THREADS', ts: t1, thread_ts: thread }), {
      contentType: 'application/json',
    });
    await fake.waitFor('/api/chat.postMessage', (c) => c.body['channel'] === 'C0THREADS');
    const t2 = ts();
    await postToApp(app.port!, eventBody({ type: 'app_mention', user: 'U0BOB', text: '<@UBOT> who said that?', channel: 'C0THREADS', ts: t2, thread_ts: thread }), { contentType: 'application/json' });
    const answer = await fake.waitFor('/api/chat.postMessage', (c) => c.body['channel'] === 'C0THREADS' && JSON.stringify(c.body).includes('Who said it'));
    expect(textOf(answer.body)).toMatch(/Who said it: Xiang Jiang/);
    expect(answer.body['thread_ts']).toBe(thread);
  });

  it('answers bad input clearly and privately, never with another person’s context', async () => {
    expect(textOf(await slash('and in homes?', 'U0DAN'))).toMatch(/Which figure do you mean\?/);
    const err = await slash('convert 5 mw', 'U0DAN');
    expect(err['response_type']).toBe('ephemeral');
    expect(textOf(await slash('that in GWh', 'U0DAN'))).toMatch(/last message got no answer/);
    const one = await slash('compare ITER', 'U0DAN');
    expect(one['response_type']).toBe('ephemeral');
    expect(textOf(one)).toMatch(/Compare what with what\?/);
    expect(textOf(await slash('compare 45 GW vs 1 TWh', 'U0DAN'))).toMatch(/45 GW is a power and 1 TWh is an energy/);
    expect(textOf(await slash('compare a vs b vs c', 'U0DAN'))).toMatch(/two things at a time/);
    expect(textOf(await slash('compare ITER vs bananas', 'U0DAN'))).toMatch(/can't tell what "bananas" is/);
  });
});
