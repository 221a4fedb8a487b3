import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SlackAdapter, startSlack } from '../../../src/adapters/slack/index.js';
import { allTexts, commandBody, FakeSlack, postToApp, sign } from './fake-slack.js';
import { expectInert, expectWithinSlackLimits } from './limits.js';
import { httpEnv, testRuntime } from './setup.js';

/** The real Bolt App in HTTP mode on 127.0.0.1, driven by signed requests as Slack sends them. */

const fake = new FakeSlack({ locales: { U0ZH: 'zh-CN' } });
const { rt, runs } = testRuntime();
let app: SlackAdapter;

beforeAll(async () => {
  await fake.start();
  app = await startSlack(rt, httpEnv(fake), { host: '127.0.0.1' });
});

afterAll(async () => {
  await app?.stop();
  await fake.close();
});

const slash = (text: string, fields: Record<string, string> = {}) => postToApp(app.port!, commandBody({ text, ...fields }));
const header = (json: Record<string, unknown>) => ((json['blocks'] as any[])[0] as { text: { text: string } }).text.text;

describe('slash commands over HTTP', () => {
  it('answers /wattson convert in the channel with Block Kit', async () => {
    const res = await slash('convert 5 MW to kW');
    expect(res.status).toBe(200);
    const json = res.json();
    expect(json['response_type']).toBe('in_channel');
    expect(header(json)).toBe('5 MW = 5,000 kW');
    const fields = (json['blocks'] as any[]).find((b) => b.fields)?.fields as { text: string }[];
    expect(fields[0]!.text).toContain('5,000 kW');
    expect((json['blocks'] as any[]).at(-1).type).toBe('context');
    expectWithinSlackLimits(json);
  });

  it('answers /wattson ask with the fact, its quote, its sources and buttons that carry command lines', async () => {
    const res = await slash('ask how much electricity does ChatGPT use a day?');
    const json = res.json();
    expect(json['response_type']).toBe('in_channel');
    expect(header(json)).toBe("ChatGPT's electricity use per day");
    const blocks = json['blocks'] as any[];
    expect(blocks.some((b) => b.type === 'section' && b.text?.text.startsWith('>“'))).toBe(true);
    const actions = blocks.find((b) => b.type === 'actions');
    expect(actions.elements.every((e: { value: string }) => /^\/fact [a-z0-9-]+$/.test(e.value))).toBe(true);
    expect(blocks.at(-1).elements[0].text).toContain('<https://sv101.fireside.fm/155>');
    // Commands a user reads are in the form they can type here.
    expect(allTexts(json).join('\n')).toContain('/wattson fact ');
    expect(allTexts(json).join('\n')).not.toMatch(/(^|[\s(])\/fact /);
    expectWithinSlackLimits(json);
  });

  it('treats text that does not start with a command as a question', async () => {
    const json = (await slash('how much electricity does ChatGPT use a day?')).json();
    expect(header(json)).toBe("ChatGPT's electricity use per day");
  });

  it('answers a bare /wattson with help listing every registry command', async () => {
    const json = (await slash('')).json();
    expect(json['response_type']).toBe('in_channel');
    const text = allTexts(json).join('\n');
    for (const c of rt.commands) expect(text).toContain(`/wattson ${c.name}`);
  });

  it("answers user errors privately, with the parser's usual message and example", async () => {
    const json = (await slash('convrt 5 MW to kW')).json();
    expect(json['response_type']).toBe('ephemeral');
    expect(allTexts(json).join('\n')).toContain('There is no /convrt command. Did you mean /wattson convert?');
    const missing = (await slash('convert')).json();
    expect(missing['response_type']).toBe('ephemeral');
    expect(allTexts(missing).join('\n')).toContain('`quantity` is missing.');
    expectWithinSlackLimits(missing);
  });

  it('answers in Chinese for a user whose Slack locale is Chinese, or for a Chinese question; --en overrides', async () => {
    const zhUser = (await slash('ask how much electricity does ChatGPT use a day?', { user_id: 'U0ZH' })).json();
    expect(header(zhUser)).toBe('ChatGPT 每日耗电量');
    expect((await fake.waitFor('/api/users.info', (c) => c.body['user'] === 'U0ZH')).body['include_locale']).toBe('true');
    const zhText = (await slash('ask ChatGPT每天用多少电？')).json();
    expect(header(zhText)).toBe('ChatGPT 每日耗电量');
    const forced = (await slash('--en ask how much electricity does ChatGPT use a day?', { user_id: 'U0ZH' })).json();
    expect(header(forced)).toBe("ChatGPT's electricity use per day");
  });
});

describe('start-up and degraded Slack', () => {
  it('refuses to start with a token Slack rejects, naming the setting but never the token', async () => {
    const badFake = await new FakeSlack().start();
    badFake.tokenValid = false;
    try {
      const started = startSlack(rt, httpEnv(badFake), { host: '127.0.0.1' });
      await expect(started).rejects.toThrow(/SLACK_BOT_TOKEN \(invalid_auth\)/);
      await started.catch((err: Error) => expect(err.message).not.toContain('xoxb-fake'));
    } finally {
      await badFake.close();
    }
  });

  it('answers in the language of the text when users.info is not allowed (missing users:read)', async () => {
    fake.noScopeUsers.add('U0NOSCOPE');
    const en = (await slash('ask how much electricity does ChatGPT use a day?', { user_id: 'U0NOSCOPE' })).json();
    expect(header(en)).toBe("ChatGPT's electricity use per day");
    const zh = (await slash('ask ChatGPT每天用多少电？', { user_id: 'U0NOSCOPE' })).json();
    expect(header(zh)).toBe('ChatGPT 每日耗电量');
    // The failure is remembered: one users.info call, not one per command.
    expect(fake.callsTo('/api/users.info').filter((c) => c.body['user'] === 'U0NOSCOPE')).toHaveLength(1);
  });
});

describe('request authenticity', () => {
  const body = () => commandBody({ text: 'about' });

  it('rejects a bad signature with 401 and runs nothing', async () => {
    const before = runs.about;
    expect((await postToApp(app.port!, body(), { secret: 'not-the-secret' })).status).toBe(401);
    expect(runs.about).toBe(before);
  });

  it('rejects a stale timestamp with 401', async () => {
    const before = runs.about;
    expect((await postToApp(app.port!, body(), { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 })).status).toBe(401);
    expect(runs.about).toBe(before);
  });

  it('rejects a request without signature headers with 401', async () => {
    const before = runs.about;
    expect((await postToApp(app.port!, body(), { signature: null })).status).toBe(401);
    expect(runs.about).toBe(before);
  });

  it('rejects a replayed request with 401 and runs the command only once', async () => {
    const b = body();
    const ts = Math.floor(Date.now() / 1000);
    const signature = sign(b, ts);
    const before = runs.about;
    const first = await postToApp(app.port!, b, { timestamp: ts, signature });
    expect(first.status).toBe(200);
    expect(header(first.json())).toContain('E149');
    const replay = await postToApp(app.port!, b, { timestamp: ts, signature });
    expect(replay.status).toBe(401);
    expect(runs.about).toBe(before + 1);
    // The same body signed afresh (as Slack's own retry would be) is still served.
    expect((await postToApp(app.port!, b, { timestamp: ts + 1 })).status).toBe(200);
    expect(runs.about).toBe(before + 2);
  });
});

describe('hostile input', () => {
  const hostile = '<!channel> <!here> <@U1> <http://x|y> @everyone';

  it('escapes mentions and links typed into a question, in the blocks and the fallback', async () => {
    for (const text of [`ask ${hostile} what is a gigawatt-hour?`, `ask ${hostile.replace(/</g, '&lt;').replace(/>/g, '&gt;')} zzz qqq`]) {
      const json = (await slash(text)).json();
      expectInert(json);
      expectWithinSlackLimits(json);
    }
  });

  it('escapes hostile text in error replies too', async () => {
    const json = (await slash(`fact ${hostile}`)).json();
    expect(json['response_type']).toBe('ephemeral');
    expectInert(json);
    expectWithinSlackLimits(json);
  });

  it("keeps 10,000 characters of hostile text within Slack's limits", async () => {
    for (const text of [`ask ${'<!channel> '.repeat(1000)}`, 'x'.repeat(10_000), `convert ${'&lt;@U1&gt;'.repeat(1000)}`, `fact ${'<http://x|y>'.repeat(900)}`]) {
      const res = await slash(text);
      expect(res.status).toBe(200);
      const json = res.json();
      expectInert(json);
      expectWithinSlackLimits(json);
    }
  });
});

describe('failures', () => {
  it('answers a command that throws with an apology, no stack trace, and keeps serving', async () => {
    const json = (await slash('boom')).json();
    expect(json['response_type']).toBe('ephemeral');
    const text = allTexts(json).join('\n');
    expect(text).toContain('Sorry, something went wrong on my side');
    expect(text).not.toContain('kaboom');
    expect(text).not.toMatch(/at .+\.(ts|js):\d+/);
    const next = await slash('convert 5 MW to kW');
    expect(next.status).toBe(200);
    expect(header(next.json())).toBe('5 MW = 5,000 kW');
  });
});

describe('buttons', () => {
  it('runs the command line a button carries and answers through the response_url', async () => {
    const payload = {
      type: 'block_actions',
      team: { id: 'T0FAKE', domain: 'fake' },
      user: { id: 'U0ANN', username: 'ann', name: 'ann', team_id: 'T0FAKE' },
      api_app_id: 'A0FAKE',
      token: 'legacy',
      container: { type: 'message', message_ts: '1.1', channel_id: 'C0CHAN', is_ephemeral: false },
      trigger_id: 'trig-button',
      channel: { id: 'C0CHAN', name: 'general' },
      response_url: fake.responseUrl('button-1'),
      actions: [{ type: 'button', action_id: 'wattson-run-0', block_id: 'b1', text: { type: 'plain_text', text: 'Topics' }, value: '/fact topics', action_ts: '1.2' }],
    };
    const res = await postToApp(app.port!, new URLSearchParams({ payload: JSON.stringify(payload) }).toString());
    expect(res.status).toBe(200);
    const posted = await fake.waitFor('/response/button-1');
    expect(posted.body['response_type']).toBe('in_channel');
    expect(posted.body['replace_original']).toBe(false);
    expect(header(posted.body)).toMatch(/^Topics \(\d+ facts\)$/);
    expectWithinSlackLimits(posted.body);
  });
});

describe('slow answers', () => {
  it('acks empty within the budget and delivers the answer through respond() to the response_url', async () => {
    const slowFake = await new FakeSlack().start();
    let release!: () => void;
    slowFake.usersInfoGate = new Promise<void>((resolve) => (release = resolve));
    // The locale lookup is held at the fake until the ack has arrived, so the answer cannot be ready in time.
    const slow = await startSlack(rt, httpEnv(slowFake), { host: '127.0.0.1', ackBudgetMs: 20, localeTimeoutMs: 60_000 });
    try {
      const res = await postToApp(slow.port!, commandBody({ text: 'convert 5 MW to kW', response_url: slowFake.responseUrl('slow-1') }));
      expect(res.status).toBe(200);
      expect(res.text).toBe('');
      expect(slowFake.callsTo('/response/slow-1')).toHaveLength(0);
      release();
      const posted = await slowFake.waitFor('/response/slow-1');
      expect(posted.headers['content-type']).toContain('application/json');
      expect(posted.body['response_type']).toBe('in_channel');
      expect(header(posted.body)).toBe('5 MW = 5,000 kW');
      expectWithinSlackLimits(posted.body);
    } finally {
      await slow.stop();
      await slowFake.close();
    }
  });
});
