import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpHost } from '../../../src/adapters/http/server.js';
import { silentLogger } from '../../../src/log.js';
import { runMain } from '../../helpers/run.js';
import { FakeDiscord } from '../discord/fake-discord.js';
import { makeSigner, postInteraction, postRaw } from '../discord/signer.js';
import { commandBody, FakeSlack, postToApp, SIGNING_SECRET } from '../slack/fake-slack.js';

/**
 * One HTTP server, two verified routes: `npm start` with Slack's HTTP settings and Discord's
 * public key listens once, on PORT, and serves /slack/events (Slack's signature) and
 * /discord/interactions (Discord's) side by side; each refuses the other's requests unsigned.
 */

describe('the shared HTTP server', () => {
  it('routes exact paths, answers 404 elsewhere and 400 for a URL it cannot read, and a throwing route with 500', async () => {
    const host = createHttpHost({ port: 0, host: '127.0.0.1', log: silentLogger() });
    host.route('/ok', (_req, res) => res.end('ok'));
    host.route('/boom', () => {
      throw new Error('boom');
    });
    expect(() => host.route('/ok', () => {})).toThrow(/already served/);
    await host.listen();
    try {
      expect(await (await fetch(`http://127.0.0.1:${host.port}/ok?x=1`)).text()).toBe('ok');
      expect((await fetch(`http://127.0.0.1:${host.port}/ok/`)).status).toBe(404);
      expect((await fetch(`http://127.0.0.1:${host.port}/boom`)).status).toBe(500);
      expect((await postRaw(host.port, '', [], { path: '//[', method: 'GET' })).status).toBe(400);
      expect(host.address).toBe('127.0.0.1');
    } finally {
      await host.close();
    }
  });
});

describe('npm start with Slack over HTTP and Discord over HTTP', () => {
  let slack: FakeSlack;
  let discord: FakeDiscord;
  beforeAll(async () => {
    slack = await new FakeSlack().start();
    discord = await FakeDiscord.start();
  });
  afterAll(async () => {
    await slack.close();
    await discord.close();
  });

  it('listens once and serves both platforms, each request checked by its own platform’s signature', async () => {
    const signer = makeSigner();
    const env = {
      SLACK_BOT_TOKEN: 'xoxb-shared-secret',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      DISCORD_APPLICATION_ID: discord.applicationId,
      DISCORD_PUBLIC_KEY: signer.publicKeyHex,
      DISCORD_API_URL: discord.apiUrl,
      PORT: '0',
      HOST: '127.0.0.1',
    };
    const r = await runMain(env, async (stderr) => {
      const line = stderr()
        .split('\n')
        .find((l) => l.includes('"HTTP listening"'))!;
      const http = JSON.parse(line) as { port: number; paths: string[] };
      expect(http.paths.sort()).toEqual(['/discord/interactions', '/slack/events']);
      const port = http.port;
      const slackAnswer = await postToApp(port, commandBody({ text: 'convert 5 MW to kW' }));
      expect(slackAnswer.json()['text']).toBe('5 MW = 5,000 kW');
      expect((await postInteraction(port, signer, { type: 1 })).json()).toEqual({ type: 1 });
      const discordAnswer = (await postInteraction(port, signer, discord.commandPayload('convert', [{ name: 'quantity', type: 3, value: '5 MW to kW' }]))).json();
      expect(JSON.stringify(discordAnswer.data)).toContain('5,000 kW');
      // Each route checks its own signature: Slack's headers mean nothing to Discord's endpoint, and the reverse.
      const body = commandBody({ text: 'about' });
      expect((await postRaw(port, body, ['content-type', 'application/x-www-form-urlencoded'], { path: '/discord/interactions' })).status).toBe(401);
      expect((await postToApp(port, body, { signature: null })).status).toBe(401);
      expect((await postRaw(port, '{}', [], { path: '/elsewhere' })).status).toBe(404);
    });
    expect(r.code).toBe(0);
    expect(r.stderr.match(/"HTTP listening"/g)).toHaveLength(1);
    expect(r.stderr).not.toContain('xoxb-shared-secret');
    expect(r.stderr).not.toContain(SIGNING_SECRET);
    expect(discord.connections).toEqual([]);
  });
});

describe('npm start with Slack OAuth distribution', () => {
  it('serves /slack/install and says where installations are kept', async () => {
    const slack = await new FakeSlack().start();
    try {
      const env = {
        SLACK_CLIENT_ID: '1111.2222',
        SLACK_CLIENT_SECRET: 'main-client-secret-value',
        SLACK_STATE_SECRET: 'main-state-secret-0123456789abcdef0123',
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: slack.apiUrl,
        PORT: '0',
        HOST: '127.0.0.1',
      };
      const r = await runMain(env, async (stderr) => {
        const port = Number(/"port":(\d+)/.exec(stderr())?.[1]);
        const page = await fetch(`http://127.0.0.1:${port}/slack/install`);
        expect(page.status).toBe(200);
        expect(await page.text()).toContain('Add to Slack');
      });
      expect(r.code).toBe(0);
      expect(r.stderr).toContain('"mode":"oauth"');
      expect(r.stderr).toContain('Slack installations are kept in the database');
      expect(r.stderr).not.toContain('main-client-secret-value');
      expect(r.stderr).not.toContain('main-state-secret-0123456789abcdef0123');
    } finally {
      await slack.close();
    }
  });
});
