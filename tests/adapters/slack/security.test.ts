import { request } from 'node:http';
import { App } from '@slack/bolt';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { type SlackAdapter, startSlack } from '../../../src/adapters/slack/index.js';
import { loadConfig, secretValues } from '../../../src/config.js';
import { createLogger } from '../../../src/log.js';
import { buttonPayload, commandBody, eventBody, FakeSlack, type Posted, postRaw, postToApp, SIGNING_SECRET, sign, signedHeaders } from './fake-slack.js';
import { httpEnv, testRuntime } from './setup.js';

/**
 * Issue 10 against the real Bolt App in HTTP mode on 127.0.0.1: forged, replayed and malformed
 * requests. "Dispatched" is observed three ways: Bolt's App#processEvent (every request that
 * reaches routing passes through it before its answer is written), the runtime's command runs,
 * and what reaches the fake Slack (response_urls, chat.postMessage).
 */

const fake = new FakeSlack();
const { rt, runs } = testRuntime();
const processEvent = vi.spyOn(App.prototype, 'processEvent');
let app: SlackAdapter;

beforeAll(async () => {
  await fake.start();
  app = await startSlack(rt, httpEnv(fake), { host: '127.0.0.1' });
});

afterAll(async () => {
  await app?.stop();
  await fake.close();
  processEvent.mockRestore();
});

beforeEach(() => {
  processEvent.mockClear();
});

const now = () => Math.floor(Date.now() / 1000);
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const unsigned = (body: string, contentType = 'application/x-www-form-urlencoded') => postRaw(app.port!, body, ['content-type', contentType]);
const signed = (body: string, opts: Parameters<typeof signedHeaders>[1] = {}) => postRaw(app.port!, body, signedHeaders(body, opts));

/** A signed button click answered at its response_url: proof that the app still serves, and a point after earlier requests' effects. */
async function stillServing(id: string): Promise<void> {
  const res = await signed(form({ payload: JSON.stringify(buttonPayload(fake.responseUrl(id))) }));
  expect(res.status).toBe(200);
  await fake.waitFor(`/response/${id}`);
}

function expectEmpty(res: Posted, status: number): void {
  expect(res.status).toBe(status);
  expect(res.text).toBe('');
}

describe('1. unsigned ssl_check requests get their 200 and nothing else', () => {
  it('answers a bare ssl_check with an empty 200', async () => {
    expectEmpty(await unsigned(form({ ssl_check: '1', token: 'legacy' })), 200);
    expect(processEvent).not.toHaveBeenCalled();
  });

  it('does not run a button click smuggled beside ssl_check=1', async () => {
    const before = runs.all;
    const res = await unsigned(form({ ssl_check: '1', payload: JSON.stringify(buttonPayload(fake.responseUrl('smuggled-button'))) }));
    expectEmpty(res, 200);
    expect(processEvent).not.toHaveBeenCalled();
    await stillServing('after-smuggled-button');
    expect(fake.callsTo('/response/smuggled-button')).toHaveLength(0);
    expect(runs.all).toBe(before + 1);
  });

  it('does not post for a mention smuggled beside ssl_check=1', async () => {
    const event = eventBody({ type: 'app_mention', user: 'U0ANN', text: '<@UBOT> hello', channel: 'C0SMUGGLED', ts: '1700000000.000001' });
    expectEmpty(await unsigned(form({ ssl_check: '1', payload: event })), 200);
    expect(processEvent).not.toHaveBeenCalled();
    await stillServing('after-smuggled-event');
    expect(fake.calls.filter((c) => c.body['channel'] === 'C0SMUGGLED')).toHaveLength(0);
  });

  it('does not run a slash command whose form also says ssl_check=1', async () => {
    const before = runs.all;
    const res = await unsigned(commandBody({ ssl_check: '1', text: 'about', response_url: fake.responseUrl('smuggled-command') }));
    expectEmpty(res, 200);
    expect(processEvent).not.toHaveBeenCalled();
    expect(runs.all).toBe(before);
  });

  it('refuses unsigned requests that are not ssl_check with 401, however ssl_check is spelled', async () => {
    const before = runs.all;
    for (const body of [commandBody({ text: 'about' }), `${commandBody({ text: 'about' })}&ssl_check=1&ssl_check=1`, commandBody({ text: 'about', ssl_check: 'true' })]) {
      expectEmpty(await unsigned(body), 401);
    }
    // ssl_check inside JSON is not Slack's ssl_check and exempts nothing.
    expectEmpty(await unsigned(JSON.stringify({ ssl_check: '1', ...JSON.parse(eventBody({ type: 'app_mention', user: 'U0ANN', text: 'hi', channel: 'C0J', ts: '1.1' })) }), 'application/json'), 401);
    expect(processEvent).not.toHaveBeenCalled();
    expect(runs.all).toBe(before);
  });
});

describe('2. the signature covers the bytes sent, and a replay is refused however it is spelled', () => {
  it('refuses a replay with the timestamp re-spelled (0<ts>, 00<ts>, <ts>.0, +<ts>) and runs the command once', async () => {
    const body = commandBody({ text: 'about' });
    const ts = now();
    const signature = sign(body, ts);
    const before = runs.about;
    expect((await postRaw(app.port!, body, ['content-type', 'application/x-www-form-urlencoded', 'x-slack-request-timestamp', String(ts), 'x-slack-signature', signature])).status).toBe(200);
    for (const spelling of [`0${ts}`, `00${ts}`, `${ts}.0`, `+${ts}`, `${ts}`, ` ${ts} `]) {
      const res = await postRaw(app.port!, body, ['content-type', 'application/x-www-form-urlencoded', 'x-slack-request-timestamp', spelling, 'x-slack-signature', signature]);
      expect(res.status, spelling).toBe(401);
    }
    expect(runs.about).toBe(before + 1);
  });

  it('refuses a non-canonical timestamp even on first sight: the bytes hashed must be the bytes sent', async () => {
    const before = runs.about;
    for (const make of [(ts: number) => `0${ts}`, (ts: number) => `${ts}.0`, (ts: number) => `${ts / 10}e1`, (ts: number) => `0x${ts.toString(16)}`]) {
      const body = commandBody({ text: 'about' });
      const ts = now();
      const res = await postRaw(app.port!, body, ['content-type', 'application/x-www-form-urlencoded', 'x-slack-request-timestamp', make(ts), 'x-slack-signature', sign(body, ts)]);
      expect(res.status, make(ts)).toBe(401);
    }
    expect(runs.about).toBe(before);
  });

  it('refuses a re-spelled signature (upper-case hex, extra "=…", two headers)', async () => {
    const body = commandBody({ text: 'about' });
    const ts = now();
    const signature = sign(body, ts);
    const before = runs.about;
    const spellings = [
      ['x-slack-signature', `v0=${signature.slice(3).toUpperCase()}`],
      ['x-slack-signature', `${signature}=x`],
      ['x-slack-signature', signature, 'x-slack-signature', signature],
    ];
    for (const lines of spellings) {
      const res = await postRaw(app.port!, body, ['content-type', 'application/x-www-form-urlencoded', 'x-slack-request-timestamp', String(ts), ...lines]);
      expect(res.status, lines.join(' ')).toBe(401);
    }
    expect(runs.about).toBe(before);
    // The canonical spelling is still accepted afterwards: the failed attempts did not use it up.
    expect((await postRaw(app.port!, body, ['content-type', 'application/x-www-form-urlencoded', 'x-slack-request-timestamp', String(ts), 'x-slack-signature', signature])).status).toBe(200);
    expect(runs.about).toBe(before + 1);
  });

  it('refuses a timestamp more than five minutes away, in the past or in the future', async () => {
    const before = runs.about;
    for (const ts of [now() - 6 * 60, now() + 6 * 60]) expectEmpty(await signed(commandBody({ text: 'about' }), { timestamp: ts }), 401);
    expect(runs.about).toBe(before);
    expect((await signed(commandBody({ text: 'about' }), { timestamp: now() + 60 })).status).toBe(200);
  });

  it('refuses a replayed button click, so its command runs once', async () => {
    const body = form({ payload: JSON.stringify(buttonPayload(fake.responseUrl('replayed-button'))) });
    const headers = signedHeaders(body);
    expect((await postRaw(app.port!, body, headers)).status).toBe(200);
    expectEmpty(await postRaw(app.port!, body, headers), 401);
    await fake.waitFor('/response/replayed-button');
    await stillServing('after-replayed-button');
    expect(fake.callsTo('/response/replayed-button')).toHaveLength(1);
  });

  it('refuses a body whose bytes are not UTF-8, signed or not, since two such bodies can decode to one signed string', async () => {
    const body = Buffer.concat([Buffer.from(commandBody({ text: 'about ' })), Buffer.from([0xff])]);
    const ts = now();
    const signature = sign(body.toString('utf8'), ts);
    expectEmpty(await postRaw(app.port!, body, ['content-type', 'application/x-www-form-urlencoded', 'x-slack-request-timestamp', String(ts), 'x-slack-signature', signature]), 400);
  });
});

describe('3. a signed malformed body is a 4xx, never an exit', () => {
  const malformed: [string, string, string?][] = [
    ['payload=null', form({ payload: 'null' })],
    ['payload=[]', form({ payload: '[]' })],
    ['payload=1', form({ payload: '1' })],
    ['payload="x"', form({ payload: '"x"' })],
    ['payload that is not JSON', form({ payload: '{"type":' })],
    ['a JSON body of null', 'null', 'application/json'],
    ['a JSON body that is a number', '42', 'application/json'],
    ['a form body sent as JSON', commandBody({ text: 'about' }), 'application/json'],
    ['an event that is null', JSON.stringify({ type: 'event_callback', event: null }), 'application/json'],
    ['an event that is a number', JSON.stringify({ type: 'event_callback', event: 5 }), 'application/json'],
    ['an event whose user is null', eventBody({ type: 'app_mention', user: null, text: 'x', channel: 'C1', ts: '1.1' }), 'application/json'],
    ['an event whose channel is null', eventBody({ type: 'app_mention', user: 'U1', text: 'x', channel: null, ts: '1.1' }), 'application/json'],
    ['authorizations holding null', JSON.stringify({ ...JSON.parse(eventBody({ type: 'app_mention', user: 'U1', text: 'x', channel: 'C1', ts: '1.1' })), authorizations: [null] }), 'application/json'],
    ['a click with no actions', form({ payload: JSON.stringify({ ...buttonPayload('http://127.0.0.1:9/x'), actions: [] }) })],
    ['a click whose channel is null', form({ payload: JSON.stringify({ ...buttonPayload('http://127.0.0.1:9/x'), channel: null }) })],
    ['a click with no user', form({ payload: JSON.stringify({ ...buttonPayload('http://127.0.0.1:9/x'), user: undefined }) })],
    ['a slash command with its text twice', `${commandBody({ text: 'about' })}&text=help`],
    ['a slash command with no user', form({ command: '/wattson', text: 'about', channel_id: 'C1', team_id: 'T1' })],
  ];

  it.each(malformed)('answers %s with 400 and dispatches nothing', async (_name, body, contentType) => {
    const before = runs.all;
    expectEmpty(await signed(body, contentType ? { contentType } : {}), 400);
    expect(processEvent).not.toHaveBeenCalled();
    expect(runs.all).toBe(before);
  });

  it("answers 404 at once for well-formed requests Wattson does not serve (another app's command, another button, a modal)", async () => {
    const bodies: [string, string?][] = [
      [commandBody({ command: '/weather', text: 'Oslo' })],
      [form({ payload: JSON.stringify(buttonPayload('http://127.0.0.1:9/x', '/fact topics', 'someone-else')) })],
      [form({ payload: JSON.stringify({ type: 'view_submission', user: { id: 'U1' }, view: { id: 'V1' } }) })],
    ];
    for (const [body, contentType] of bodies) expectEmpty(await signed(body, contentType ? { contentType } : {}), 404);
    // Slack's rate-limit notice is acknowledged (failed deliveries count against the app), and routes nowhere.
    expectEmpty(await signed(JSON.stringify({ type: 'app_rate_limited', team_id: 'T1', minute_rate_limited: 1, api_app_id: 'A1' }), { contentType: 'application/json' }), 200);
    expect(processEvent).not.toHaveBeenCalled();
  });

  it('answers a body over the limit with 413 as soon as it passes the limit, and a wrong content type as the JSON it is then read as', async () => {
    const status = new Promise<number>((resolve, reject) => {
      let answered = false;
      const req = request({ host: '127.0.0.1', port: app.port!, method: 'POST', path: '/slack/events', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      req.on('response', (res) => {
        answered = true;
        resolve(res.statusCode ?? 0);
        req.destroy();
      });
      // The server may cut the upload once it has answered; only an error before that counts.
      req.on('error', (err) => answered || reject(err));
      const chunk = Buffer.alloc(64 * 1024, 'x');
      let sent = 0;
      const pump = () => {
        while (!answered && sent < 5 * 1024 * 1024) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        if (!answered) req.end();
      };
      pump();
    });
    expect(await status).toBe(413);
    expectEmpty(await signed(commandBody({ text: 'about' }), { contentType: 'application/x-www-form-urlencoded; charset=utf-8' }), 400);
  });

  it('keeps serving after all of them', async () => {
    await stillServing('after-malformed');
    const res = await postToApp(app.port!, commandBody({ text: 'convert 5 MW to kW' }));
    expect(res.status).toBe(200);
  });
});

describe('5. secrets never reach the log', () => {
  it('scrubs a token an upstream error echoes back, in the error Bolt hands the listener', async () => {
    const lines: string[] = [];
    let wake: (() => void) | undefined;
    const env = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-4242-echoed-secret', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.apiUrl, PORT: '0' }).env;
    const log = createLogger('debug', {
      secrets: secretValues(env),
      destination: {
        write: (line: string) => {
          lines.push(line);
          wake?.();
        },
      },
    });
    const logged = (text: string) =>
      new Promise<void>((resolve) => {
        const check = () => lines.some((l) => l.includes(text)) && resolve();
        wake = check;
        check();
      });
    const echoing = await startSlack(testRuntime(log).rt, env, { host: '127.0.0.1' });
    try {
      // The fake answers the post with an error that quotes the request's credentials back.
      fake.script('/api/chat.postMessage', {
        body: { ok: false, error: 'invalid_auth', echo: { authorization: 'Bearer xoxb-4242-echoed-secret' }, detail: `Authorization: Bearer xoxb-4242-echoed-secret; secret ${SIGNING_SECRET}` },
      });
      const body = eventBody({ type: 'app_mention', user: 'U0ANN', text: '<@UBOT> about', channel: 'C0ECHO', ts: '1700000000.000042' });
      expect((await postRaw(echoing.port!, body, signedHeaders(body, { contentType: 'application/json' }))).status).toBe(200);
      await logged('slack listener failed');
    } finally {
      await echoing.stop();
    }
    const all = lines.join('');
    expect(all).toContain('invalid_auth');
    expect(all).toContain('Bearer [redacted]');
    expect(all).not.toContain('4242-echoed-secret');
    expect(all).not.toContain(SIGNING_SECRET);
    for (const l of lines) expect(() => JSON.parse(l)).not.toThrow();
  });
});

describe('8. HOST', () => {
  it('listens on the interface HOST names', async () => {
    const env = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-fake', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.apiUrl, PORT: '0', HOST: '127.0.0.1' }).env;
    const onHost = await startSlack(rt, env);
    try {
      expect(onHost.host).toBe('127.0.0.1');
      expect((await postToApp(onHost.port!, commandBody({ text: 'about' }))).status).toBe(200);
    } finally {
      await onHost.stop();
    }
  });

  it('listens on every interface without HOST', async () => {
    const everywhere = await startSlack(rt, httpEnv(fake));
    try {
      expect(['::', '0.0.0.0']).toContain(everywhere.host);
    } finally {
      await everywhere.stop();
    }
  });
});
