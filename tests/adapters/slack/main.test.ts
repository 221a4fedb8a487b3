import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMain } from '../../helpers/run.js';
import { commandBody, FakeSlack, postToApp, SIGNING_SECRET } from './fake-slack.js';

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
