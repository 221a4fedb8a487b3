import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type SlackAdapter, startSlack } from '../../../src/adapters/slack/index.js';
import { loadConfig, secretValues } from '../../../src/config.js';
import { createDaily, type Daily } from '../../../src/daily/index.js';
import { installationStore } from '../../../src/db/installations.js';
import type { Runtime } from '../../../src/dispatch/execute.js';
import { createRuntime, withServices } from '../../../src/dispatch/runtime.js';
import { createLogger } from '../../../src/log.js';
import type { Installations } from '../../../src/store/installations.js';
import { FakeSlack, type FakeWorkspace, SIGNING_SECRET } from './fake-slack.js';

/**
 * Wattson distributed through Slack OAuth, on loopback: the real Bolt app in OAuth mode, a fake
 * Slack serving the authorize page and oauth.v2.access, installations and daily posts in one
 * SQLite database, as a one-process Wattson keeps them (tests/db runs the stores on Postgres too). Logs go through the production logger, at debug level.
 */

export const CLIENT_ID = '1111111111.2222222222';
export const CLIENT_SECRET = 'fake-client-secret-5f2c9a8b7d6e';
export const STATE_SECRET = 'fake-state-secret-0123456789abcdef0123456789';

export interface OAuthHarness {
  fake: FakeSlack;
  adapter: SlackAdapter;
  installations: Installations;
  daily: Daily;
  rt: Runtime;
  base: string;
  lines: string[];
  stop(): Promise<void>;
}

export async function startOAuth(): Promise<OAuthHarness> {
  const fake = await new FakeSlack().start();
  const env = loadConfig({
    SLACK_CLIENT_ID: CLIENT_ID,
    SLACK_CLIENT_SECRET: CLIENT_SECRET,
    SLACK_STATE_SECRET: STATE_SECRET,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
    PORT: '0',
    HOST: '127.0.0.1',
  }).env;
  const lines: string[] = [];
  const log = createLogger('debug', { secrets: secretValues(env), destination: { write: (l: string) => void lines.push(l) } });
  const bare = createRuntime({ log });
  const daily = createDaily({ path: join(mkdtempSync(join(tmpdir(), 'wattson-oauth-')), 'w.db'), rt: bare });
  const installations = installationStore(daily.db);
  const rt = withServices(bare, { daily: daily.service, installations });
  const adapter = await startSlack(rt, env, { host: '127.0.0.1' });
  const base = `http://127.0.0.1:${adapter.port}`;
  fake.oauthApp = { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUrl: `${base}/slack/oauth_redirect` };
  return {
    fake,
    adapter,
    installations,
    daily,
    rt,
    base,
    lines,
    async stop() {
      await adapter.stop();
      await daily.stop();
      await fake.close();
    },
  };
}

export function decodeHtml(s: string): string {
  return s.replace(/&#(\d+);/g, (_m, n: string) => String.fromCharCode(Number(n))).replace(/&(amp|lt|gt|quot|#39);/g, (_m, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e]!);
}

export interface Installed {
  status: number;
  html: string;
  /** The redirect back from Slack (code and state), and the browser's state cookie. */
  redirect: string;
  cookie: string;
}

/** The whole flow as a browser would make it, without one: install page, Slack's Allow, the redirect back. */
export async function install(h: OAuthHarness, w: FakeWorkspace): Promise<Installed> {
  h.fake.nextWorkspace = w;
  const page = await fetch(`${h.base}/slack/install`);
  const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0]!;
  const href = decodeHtml(/id="add-to-slack" href="([^"]+)"/.exec(await page.text())![1]!);
  const allowPage = await (await fetch(href)).text();
  const redirect = decodeHtml(/id="allow" href="([^"]+)"/.exec(allowPage)![1]!);
  const done = await fetch(redirect, { headers: { cookie }, redirect: 'manual' });
  return { status: done.status, html: await done.text(), redirect, cookie };
}
