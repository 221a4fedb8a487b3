import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { commands } from '../../commands/index.js';
import { startConsole } from '../../src/adapters/console/chat.js';
import type { Adapter } from '../../src/adapters/contract.js';
import { startDiscordHttp } from '../../src/adapters/discord/http/index.js';
import { startDiscord } from '../../src/adapters/discord/index.js';
import { registrationBody } from '../../src/adapters/discord/registration.js';
import { startSlack } from '../../src/adapters/slack/index.js';
import { buildManifest } from '../../src/adapters/slack/manifest.js';
import { loadConfig } from '../../src/config.js';
import { installationStore } from '../../src/db/installations.js';
import { openAt } from '../../src/db/open.js';
import { type Command, defineCommand } from '../../src/dispatch/command.js';
import type { Runtime } from '../../src/dispatch/execute.js';
import { about } from '../../src/dispatch/options.js';
import { createRuntime, withServices } from '../../src/dispatch/runtime.js';
import { silentLogger } from '../../src/log.js';
import { FakeDiscord, type RecordedRequest } from './discord/fake-discord.js';
import { makeSigner, postInteraction } from './discord/signer.js';
import { allTexts, commandBody, FakeSlack, postToApp, SIGNING_SECRET, workspace } from './slack/fake-slack.js';
import { decodeHtml } from './slack/oauth-setup.js';

/**
 * One contract, every adapter: the same scenarios run against the console, Discord (the real
 * discord.js client and a fake gateway) and Slack (the real Bolt app over signed HTTP). Each
 * adapter only translates; what is answered, to whom and in which language is the same.
 *
 * The registry here has a throwaway command, /echo, that no adapter has ever heard of: it must
 * be served everywhere with no adapter edit.
 */

const echo: Command = defineCommand({
  name: 'echo',
  description: { en: 'Says back what you typed, and who asked', zh: '复述你输入的内容' },
  options: z.object({
    words: z
      .string()
      .max(100)
      .meta(about('What to say back', '要复述的内容', { rest: true })),
  }),
  examples: [{ line: '/echo hello', description: { en: 'Says hello back', zh: '复述 hello' } }],
  run: ({ words }, ctx) => ({ kind: 'notice', title: `echo: ${words}`, blocks: [{ type: 'text', text: `asked on ${ctx.caller.platform ?? 'nowhere'} in ${ctx.locale}` }], actions: [], data: {} }),
});

const boom: Command = defineCommand({
  name: 'boom',
  description: { en: 'Always fails', zh: '总是失败' },
  options: z.object({}),
  examples: [{ line: '/boom', description: { en: 'Fails', zh: '失败' } }],
  run: () => {
    throw new Error('kaboom at /srv/secret.ts:1');
  },
});

const registry = [...commands, echo, boom];

/** What a user sees of one answer on a platform, reduced to what the contract compares. */
interface Seen {
  text: string;
  /** Shown only to the person who asked. */
  private: boolean;
}

interface Platform {
  name: string;
  /** The platform commands see in their caller (a mode of Discord is still Discord). */
  caller?: string;
  start(rt: Runtime): Promise<void>;
  stop(): Promise<void>;
  /** Runs `/command args` the way this platform's users run it (a slash command with options, or typed text). */
  run(command: string, args: Record<string, string>, opts?: { zh?: boolean }): Promise<Seen>;
}

function consolePlatform(): Platform {
  let input: PassThrough;
  let output = '';
  let done: Promise<void>;
  return {
    name: 'console',
    async start(rt) {
      input = new PassThrough();
      const out = new PassThrough();
      out.on('data', (d) => (output += String(d)));
      done = startConsole(rt, { input, output: out, who: { platform: 'console', channel: { id: 'console' }, user: { id: 'console' }, canManage: true } });
    },
    async stop() {
      input.end();
      await done;
    },
    async run(command, args) {
      const before = output.length;
      input.write(`/${command} ${Object.values(args).join(' ')}\n`);
      // The console answers in order and prompts again when done.
      for (let i = 0; i < 400 && !output.slice(before).includes('wattson> '); i++) await new Promise((r) => setTimeout(r, 5));
      const text = output.slice(before).replace(/wattson> $/, '');
      return { text, private: false };
    },
  };
}

function discordPlatform(): Platform {
  let fake: FakeDiscord;
  let adapter: Adapter;
  // Embed fields keep their text under `value`; every string counts, markdown stripped.
  const strings = (v: unknown): string[] => (typeof v === 'string' ? [v] : Array.isArray(v) ? v.flatMap(strings) : v && typeof v === 'object' ? Object.values(v).flatMap(strings) : []);
  const texts = (r: RecordedRequest) =>
    strings(r.body.data)
      .join('\n')
      .replace(/\*\*|\\/g, '');
  return {
    name: 'discord',
    async start(rt) {
      fake = await FakeDiscord.start();
      adapter = await startDiscord(rt, loadConfig({ DISCORD_TOKEN: fake.token, DISCORD_APPLICATION_ID: fake.applicationId, DISCORD_API_URL: fake.apiUrl }).env);
    },
    async stop() {
      await adapter?.stop();
      await fake?.close();
    },
    async run(command, args, opts = {}) {
      const options = Object.entries(args).map(([name, value]) => ({ name, type: 3, value }));
      const cb = await fake.callbackFor(fake.slash(command, options, opts.zh ? { locale: 'zh-CN' } : {}).id);
      return { text: texts(cb), private: ((cb.body.data.flags ?? 0) & 64) !== 0 };
    },
  };
}

function slackPlatform(): Platform {
  const fake = new FakeSlack({ locales: { U0ZH: 'zh-CN' } });
  let adapter: Adapter & { port?: number };
  return {
    name: 'slack',
    async start(rt) {
      await fake.start();
      adapter = await startSlack(rt, loadConfig({ SLACK_BOT_TOKEN: 'xoxb-fake', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.apiUrl, PORT: '0', LOG_LEVEL: 'silent' }).env, {
        host: '127.0.0.1',
      });
    },
    async stop() {
      await adapter?.stop();
      await fake.close();
    },
    async run(command, args, opts = {}) {
      const res = await postToApp(adapter.port!, commandBody({ text: `${command} ${Object.values(args).join(' ')}`, ...(opts.zh && { user_id: 'U0ZH' }) }));
      const json = res.json();
      return { text: allTexts(json).join('\n'), private: json['response_type'] === 'ephemeral' };
    },
  };
}

/** Discord over HTTP: the test is Discord, signing each interaction; the HTTP response is the answer. */
function discordHttpPlatform(): Platform {
  let fake: FakeDiscord;
  let adapter: Adapter & { port: number };
  const signer = makeSigner();
  const strings = (v: unknown): string[] => (typeof v === 'string' ? [v] : Array.isArray(v) ? v.flatMap(strings) : v && typeof v === 'object' ? Object.values(v).flatMap(strings) : []);
  return {
    name: 'discord-http',
    caller: 'discord',
    async start(rt) {
      fake = await FakeDiscord.start();
      adapter = await startDiscordHttp(
        rt,
        loadConfig({ DISCORD_APPLICATION_ID: fake.applicationId, DISCORD_PUBLIC_KEY: signer.publicKeyHex, DISCORD_API_URL: fake.apiUrl, PORT: '0', HOST: '127.0.0.1' }).env,
      );
    },
    async stop() {
      await adapter?.stop();
      await fake?.close();
    },
    async run(command, args, opts = {}) {
      const options = Object.entries(args).map(([name, value]) => ({ name, type: 3, value }));
      const res = (await postInteraction(adapter.port, signer, fake.commandPayload(command, options, opts.zh ? { locale: 'zh-CN' } : {}))).json();
      expect(res.type).toBe(4);
      return {
        text: strings(res.data)
          .join('\n')
          .replace(/\*\*|\\/g, ''),
        private: ((res.data.flags ?? 0) & 64) !== 0,
      };
    },
  };
}

/** Slack with OAuth distribution: a workspace installs through /slack/install first, then uses /wattson. */
function slackOAuthPlatform(): Platform {
  const fake = new FakeSlack({ locales: { U0ZH: 'zh-CN' } });
  let adapter: Adapter & { port?: number };
  return {
    name: 'slack-oauth',
    caller: 'slack',
    async start(rt) {
      await fake.start();
      const env = loadConfig({
        SLACK_CLIENT_ID: '1111.2222',
        SLACK_CLIENT_SECRET: 'contract-client-secret',
        SLACK_STATE_SECRET: 'contract-state-secret-0123456789abcdef',
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: fake.apiUrl,
        PORT: '0',
        LOG_LEVEL: 'silent',
      }).env;
      adapter = await startSlack(withServices(rt, { installations: installationStore(await openAt(':memory:')) }), env, { host: '127.0.0.1' });
      const base = `http://127.0.0.1:${adapter.port}`;
      fake.oauthApp = { clientId: '1111.2222', clientSecret: 'contract-client-secret', redirectUrl: `${base}/slack/oauth_redirect` };
      fake.nextWorkspace = workspace('T0FAKE', 'Contract');
      const page = await fetch(`${base}/slack/install`);
      const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0]!;
      const authorize = decodeHtml(/id="add-to-slack" href="([^"]+)"/.exec(await page.text())![1]!);
      const back = decodeHtml(/id="allow" href="([^"]+)"/.exec(await (await fetch(authorize)).text())![1]!);
      expect((await fetch(back, { headers: { cookie } })).status).toBe(200);
    },
    async stop() {
      await adapter?.stop();
      await fake.close();
    },
    async run(command, args, opts = {}) {
      const res = await postToApp(adapter.port!, commandBody({ text: `${command} ${Object.values(args).join(' ')}`, ...(opts.zh && { user_id: 'U0ZH' }) }));
      const json = res.json();
      return { text: allTexts(json).join('\n'), private: json['response_type'] === 'ephemeral' };
    },
  };
}

for (const make of [consolePlatform, discordPlatform, slackPlatform, discordHttpPlatform, slackOAuthPlatform]) {
  const platform = make();
  describe(`the adapter contract: ${platform.name}`, () => {
    beforeAll(async () => {
      await platform.start(createRuntime({ log: silentLogger(), commands: registry }));
    });
    afterAll(async () => {
      await platform.stop();
    });

    it('serves a command no adapter has heard of, saying who asked and where', async () => {
      const seen = await platform.run('echo', { words: 'hello there' });
      expect(seen.text).toContain('echo: hello there');
      expect(seen.text).toContain(`asked on ${platform.caller ?? platform.name} in en`);
      expect(seen.private).toBe(false);
    });

    it("answers a question with the episode's fact", async () => {
      const seen = await platform.run('ask', { question: 'how much electricity does ChatGPT use a day?' });
      expect(seen.text).toContain('500,000 kWh/day');
      expect(seen.text).toContain('Xiang Jiang');
    });

    it('answers a mistake privately, with what was wrong and an example', async () => {
      const seen = await platform.run('convert', { quantity: '5 bananas to MW' });
      expect(seen.text).toContain("I don't know the unit");
      expect(seen.text).toMatch(/Try: \/(wattson )?convert /);
      if (platform.name !== 'console') expect(seen.private).toBe(true);
    });

    it('answers a failing command with the apology, never what failed', async () => {
      const seen = await platform.run('boom', {});
      expect(seen.text).toContain('Sorry, something went wrong on my side');
      expect(seen.text).not.toContain('kaboom');
      expect(seen.text).not.toContain('/srv/secret.ts');
    });

    it('answers in Chinese for a Chinese question, or a user whose language is Chinese', async () => {
      const seen = await platform.run('ask', { question: 'ChatGPT每天用多少电？' }, { zh: true });
      expect(seen.text).toContain('50万');
    });
  });
}

describe('a new command is declared once', () => {
  it('appears in Discord registration, the Slack manifest and /help without an adapter edit', async () => {
    expect(registrationBody(registry, 'guild').map((c) => c.name)).toContain('echo');
    expect(JSON.stringify(buildManifest(registry))).toContain('echo');
  });
});
