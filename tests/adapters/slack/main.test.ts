import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMain } from '../../helpers/run.js';
import { commandBody, eventBody, FakeSlack, postRaw, postToApp, SIGNING_SECRET, signedHeaders } from './fake-slack.js';

/** Resolves once the child's stderr holds `text` (the test's own timeout bounds the wait). */
async function logged(stderr: () => string, text: string): Promise<void> {
  while (!stderr().includes(text)) await new Promise((r) => setTimeout(r, 20));
}

/**
 * `npm start` (the built dist, as npm start runs it) with Slack settings: the composition root
 * picks the mode from the settings, the app answers, and SIGTERM stops it cleanly with exit
 * status 0, secrets never logged.
 */

describe('npm start with Slack settings', () => {
  let fake: FakeSlack;
  beforeAll(async () => {
    fake = await new FakeSlack().start();
  });
  afterAll(async () => {
    await fake.close();
  });

  it('serves HTTP mode on PORT, answers a signed command, and exits 0 on SIGTERM', async () => {
    const r = await runMain({ SLACK_BOT_TOKEN: 'xoxb-main-secret', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.apiUrl, PORT: '0' }, async (stderr) => {
      const port = Number(/"port":(\d+)/.exec(stderr())?.[1]);
      const res = await postToApp(port, commandBody({ text: 'convert 5 MW to kW' }));
      expect(res.status).toBe(200);
      expect(res.json()['text']).toBe('5 MW = 5,000 kW');
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('"mode":"http"');
    expect(r.stdout).toBe('');
    expect(r.stderr).not.toContain('xoxb-main-secret');
    expect(r.stderr).not.toContain(SIGNING_SECRET);
  });

  it('survives a signed payload=null (and other signed bodies Bolt cannot read), answering 400 and then the next command, secrets out of its log', async () => {
    const r = await runMain({ SLACK_BOT_TOKEN: 'xoxb-main-secret', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.apiUrl, PORT: '0', HOST: '127.0.0.1' }, async (stderr) => {
      expect(stderr()).toContain('"host":"127.0.0.1"');
      const port = Number(/"port":(\d+)/.exec(stderr())?.[1]);
      for (const body of ['payload=null', 'payload=%5B%5D', 'payload=1']) expect((await postRaw(port, body, signedHeaders(body))).status).toBe(400);
      const json = '{"type":"event_callback","event":null}';
      expect((await postRaw(port, json, signedHeaders(json, { contentType: 'application/json' }))).status).toBe(400);
      const res = await postToApp(port, commandBody({ text: 'convert 5 MW to kW' }));
      expect(res.status).toBe(200);
      expect(res.json()['text']).toBe('5 MW = 5,000 kW');
      // An upstream error that echoes the credentials back is logged without them.
      fake.script('/api/chat.postMessage', { body: { ok: false, error: 'invalid_auth', detail: 'Authorization: Bearer xoxb-main-secret' } });
      const mention = eventBody({ type: 'app_mention', user: 'U0ANN', text: '<@UBOT> about', channel: 'C0MAIN', ts: '1700000000.000007' });
      expect((await postRaw(port, mention, signedHeaders(mention, { contentType: 'application/json' }))).status).toBe(200);
      await logged(stderr, 'slack listener failed');
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('Bearer [redacted]');
    expect(r.stderr).not.toContain('xoxb-main-secret');
    expect(r.stderr).not.toContain(SIGNING_SECRET);
    expect(r.stderr).not.toContain('uncaught');
    expect(r.stderr).not.toContain('unhandled');
  });

  it('uses Socket Mode when SLACK_APP_TOKEN is set, and closes the WebSocket on SIGTERM', async () => {
    const r = await runMain({ SLACK_BOT_TOKEN: 'xoxb-main-secret', SLACK_APP_TOKEN: 'xapp-main-secret', SLACK_API_URL: fake.apiUrl }, async () => {
      expect(fake.socketCount).toBe(1);
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('"mode":"socket"');
    await fake.allSocketsClosed();
    expect(r.stderr).not.toMatch(/xoxb-main-secret|xapp-main-secret/);
  });
});
