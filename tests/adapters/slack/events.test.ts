import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SlackAdapter, startSlack } from '../../../src/adapters/slack/index.js';
import { allTexts, eventBody, FakeSlack, postToApp, sign } from './fake-slack.js';
import { expectInert, expectWithinSlackLimits } from './limits.js';
import { httpEnv, testRuntime } from './setup.js';

/** Mentions and DMs through the Events API (HTTP), answered through a fake Web API. */

const fake = new FakeSlack({ locales: { U0ZH: 'zh-CN' } });
const { rt } = testRuntime();
let app: SlackAdapter;
let seq = 0;
const ts = () => `1700000000.${String(++seq).padStart(6, '0')}`;

beforeAll(async () => {
  await fake.start();
  app = await startSlack(rt, httpEnv(fake), { host: '127.0.0.1' });
});

afterAll(async () => {
  await app?.stop();
  await fake.close();
});

const header = (body: Record<string, unknown>) => ((body['blocks'] as any[])[0] as { text: { text: string } }).text.text;

describe('app_mention', () => {
  it('answers "@Wattson <question>" in the channel as /ask, with the bot mention stripped', async () => {
    const t = ts();
    const res = await postToApp(app.port!, eventBody({ type: 'app_mention', user: 'U0ANN', text: '<@UBOT> how much electricity does ChatGPT use a day?', channel: 'C0CHAN', ts: t, event_ts: t }), {
      contentType: 'application/json',
    });
    expect(res.status).toBe(200);
    const posted = await fake.waitFor('/api/chat.postMessage', (c) => c.body['channel'] === 'C0CHAN');
    expect(posted.headers['authorization']).toBe('Bearer xoxb-fake');
    expect(header(posted.body)).toBe("ChatGPT's electricity use per day");
    expect(posted.body['thread_ts']).toBeUndefined();
    expectWithinSlackLimits(posted.body);
  });

  it('runs the command a mention starts with, and replies in the thread it came from', async () => {
    const t = ts();
    await postToApp(
      app.port!,
      eventBody({ type: 'app_mention', user: 'U0ANN', text: '<@UBOT|wattson> convert 70 MW for 90 days to GWh', channel: 'C0THREAD', ts: t, thread_ts: '1699999999.000001' }),
      { contentType: 'application/json' },
    );
    const posted = await fake.waitFor('/api/chat.postMessage', (c) => c.body['channel'] === 'C0THREAD');
    expect(header(posted.body)).toBe('70 MW for 90 days = 151 GWh');
    expect(posted.body['thread_ts']).toBe('1699999999.000001');
  });

  it('asks a question that merely starts with a command word ("about …")', async () => {
    const t = ts();
    await postToApp(app.port!, eventBody({ type: 'app_mention', user: 'U0ANN', text: '<@UBOT> about ChatGPT, how much electricity does it use a day?', channel: 'C0ABOUT', ts: t }), {
      contentType: 'application/json',
    });
    const posted = await fake.waitFor('/api/chat.postMessage', (c) => c.body['channel'] === 'C0ABOUT');
    expect(header(posted.body)).toBe("ChatGPT's electricity use per day");
  });

  it('shows errors only to the person who asked (chat.postEphemeral), escaped', async () => {
    const t = ts();
    await postToApp(app.port!, eventBody({ type: 'app_mention', user: 'U0ANN', text: '<@UBOT> fact <!channel> nonsense', channel: 'C0ERR', ts: t }), { contentType: 'application/json' });
    const posted = await fake.waitFor('/api/chat.postEphemeral', (c) => c.body['channel'] === 'C0ERR');
    expect(posted.body['user']).toBe('U0ANN');
    expect(header(posted.body)).toBe('Not quite');
    expectInert(posted.body);
    expect(fake.callsTo('/api/chat.postMessage').some((c) => c.body['channel'] === 'C0ERR')).toBe(false);
  });

  it('rejects a replayed event with 401 and answers it once', async () => {
    const t = ts();
    const body = eventBody({ type: 'app_mention', user: 'U0ANN', text: '<@UBOT> convert 1 GW to MW', channel: 'C0REPLAY', ts: t });
    const stamp = Math.floor(Date.now() / 1000);
    const signature = sign(body, stamp);
    expect((await postToApp(app.port!, body, { contentType: 'application/json', timestamp: stamp, signature })).status).toBe(200);
    expect((await postToApp(app.port!, body, { contentType: 'application/json', timestamp: stamp, signature })).status).toBe(401);
    await fake.waitFor('/api/chat.postMessage', (c) => c.body['channel'] === 'C0REPLAY');
    // A marker message after the replay: once it is answered, a second answer to the replay would have arrived too.
    const m = ts();
    await postToApp(app.port!, eventBody({ type: 'app_mention', user: 'U0ANN', text: '<@UBOT> about', channel: 'C0REPLAY-END', ts: m }), { contentType: 'application/json' });
    await fake.waitFor('/api/chat.postMessage', (c) => c.body['channel'] === 'C0REPLAY-END');
    expect(fake.callsTo('/api/chat.postMessage').filter((c) => c.body['channel'] === 'C0REPLAY')).toHaveLength(1);
  });
});

describe('direct messages', () => {
  it('answers any DM as /ask, in Chinese for a Chinese-locale user', async () => {
    const t = ts();
    await postToApp(app.port!, eventBody({ type: 'message', channel_type: 'im', user: 'U0ZH', text: 'how much electricity does ChatGPT use a day?', channel: 'D0ZH', ts: t }), {
      contentType: 'application/json',
    });
    const posted = await fake.waitFor('/api/chat.postMessage', (c) => c.body['channel'] === 'D0ZH');
    expect(header(posted.body)).toBe('ChatGPT 每日耗电量');
  });

  it('answers a DM that starts with a command, and shows DM errors in the DM', async () => {
    await postToApp(app.port!, eventBody({ type: 'message', channel_type: 'im', user: 'U0ANN', text: '/convert 5 MW to kW', channel: 'D0ANN', ts: ts() }), { contentType: 'application/json' });
    const ok = await fake.waitFor('/api/chat.postMessage', (c) => c.body['channel'] === 'D0ANN');
    expect(header(ok.body)).toBe('5 MW = 5,000 kW');
    await postToApp(app.port!, eventBody({ type: 'message', channel_type: 'im', user: 'U0ANN', text: 'convert 5 mw', channel: 'D0ERR', ts: ts() }), { contentType: 'application/json' });
    const err = await fake.waitFor('/api/chat.postMessage', (c) => c.body['channel'] === 'D0ERR');
    expect(allTexts(err.body).join('\n')).toContain('MW or mW');
  });

  it("ignores its own and other bots' messages, edits, and channel chatter", async () => {
    const marker = ts();
    await postToApp(app.port!, eventBody({ type: 'message', channel_type: 'im', user: 'UBOT', bot_id: 'BBOT', text: 'an answer', channel: 'D0QUIET', ts: ts() }), { contentType: 'application/json' });
    await postToApp(app.port!, eventBody({ type: 'message', channel_type: 'im', user: 'U0ANN', bot_id: 'B0OTHER', text: 'hello bot', channel: 'D0QUIET', ts: ts() }), {
      contentType: 'application/json',
    });
    await postToApp(app.port!, eventBody({ type: 'message', subtype: 'message_changed', channel_type: 'im', channel: 'D0QUIET', ts: ts() }), { contentType: 'application/json' });
    await postToApp(app.port!, eventBody({ type: 'message', channel_type: 'channel', user: 'U0ANN', text: 'convert 1 GW to MW', channel: 'C0QUIET', ts: ts() }), { contentType: 'application/json' });
    await postToApp(app.port!, eventBody({ type: 'message', channel_type: 'im', user: 'U0ANN', text: 'about', channel: 'D0MARK', ts: marker }), { contentType: 'application/json' });
    await fake.waitFor('/api/chat.postMessage', (c) => c.body['channel'] === 'D0MARK');
    expect(fake.calls.some((c) => c.body['channel'] === 'D0QUIET' || c.body['channel'] === 'C0QUIET')).toBe(false);
    expect(fake.callsTo('/api/users.info').some((c) => c.body['user'] === 'UBOT')).toBe(false);
  });
});
