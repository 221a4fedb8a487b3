import { App, type HTTPReceiver, SocketModeReceiver, webApi } from '@slack/bolt';
import { type Env, slackMode } from '../../config.js';
import type { Runtime } from '../../dispatch/execute.js';
import { SLACK_ACTION_PREFIX } from '../../replies/slack.js';
import { memoryFirstSightings } from '../../store/first-sightings.js';
import type { Adapter } from '../contract.js';
import { createHttpHost, type HttpHost } from '../http/server.js';
import { SlackAnswers, UMBRELLA } from './answer.js';
import { slackDeliver } from './daily-deliver.js';
import { registerListeners } from './listeners.js';
import { boltLogger } from './logger.js';
import { oauthLogger, oauthReceiverOptions } from './oauth.js';
import { mountReceiver, SLACK_INSTALL_PATH, signedReceiver } from './signed-receiver.js';
import { teamClients } from './team-clients.js';
import { registerUninstall } from './uninstall.js';
import { UserLocales } from './user-locale.js';

/**
 * Wattson on Slack through Bolt, in one of three modes (config.ts's slackMode):
 * - Socket Mode when SLACK_APP_TOKEN is set: one workspace, no public URL needed;
 * - HTTP with SLACK_BOT_TOKEN: one workspace, /slack/events with request signing and replay checks;
 * - OAuth distribution with SLACK_CLIENT_ID/SECRET and SLACK_STATE_SECRET: any number of
 *   workspaces ("Add to Slack" at /slack/install), each answered and posted to with its own token.
 * Over HTTP the routes go on the process's one HTTP server (src/adapters/http), shared with
 * Discord's Interactions Endpoint; started alone, the adapter makes a server of its own.
 */

export interface SlackOptions {
  /** Interface to listen on in HTTP mode; HOST when absent, and all interfaces without HOST. */
  host?: string;
  /** The process's HTTP server; without it, HTTP mode listens on a server of its own on PORT. */
  http?: HttpHost;
  /** How long a slash command may take before it is acked empty and answered through respond(). */
  ackBudgetMs?: number;
  /** How long to wait for a user's Slack locale before answering without it. */
  localeTimeoutMs?: number;
  /** One daily-post Web API call's time limit; under the poster's own (30 s). */
  deliverTimeoutMs?: number;
}

export interface SlackAdapter extends Adapter {
  mode: 'socket' | 'http' | 'oauth';
  /** The HTTP port actually bound (HTTP and OAuth modes). */
  port?: number;
  /** The address actually bound (HTTP and OAuth modes): HOST's, or `::` / `0.0.0.0` for every interface. */
  host?: string;
}

const STOP_GRACE_MS = 5000;

function unrefDelay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** One auth.test at start: a bad token stops the start with a clear message, and Bolt, given the bot's ids, fires none of its own. */
async function checkToken(token: string, logger: ReturnType<typeof boltLogger>, clientOptions: webApi.WebClientOptions): Promise<webApi.AuthTestResponse> {
  try {
    return await new webApi.WebClient(token, { logger, retryConfig: { retries: 2, factor: 2 }, ...clientOptions }).auth.test();
  } catch (err) {
    const code = (err as { data?: { error?: string } }).data?.error;
    throw new Error(`Slack did not accept SLACK_BOT_TOKEN${code ? ` (${code})` : ''}: check OAuth & Permissions → Bot User OAuth Token`, { cause: err });
  }
}

export async function startSlack(rt: Runtime, env: Env, opts: SlackOptions = {}): Promise<SlackAdapter> {
  const mode = slackMode(env);
  if (!mode) throw new Error('Slack is not configured: set SLACK_BOT_TOKEN, or SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET');
  const logger = boltLogger(rt.log);
  // Against a test or proxy API, fail fast instead of Slack's default half hour of retries.
  const clientOptions: webApi.WebClientOptions = env.SLACK_API_URL ? { slackApiUrl: env.SLACK_API_URL, retryConfig: { retries: 1, factor: 1, minTimeout: 10, maxTimeout: 50 } } : {};
  const token = env.SLACK_BOT_TOKEN;
  const installations = rt.services.installations;
  if (mode === 'oauth' && !installations) throw new Error('Slack OAuth distribution needs an installation store (rt.services.installations)');
  const auth = token ? await checkToken(token, logger, clientOptions) : undefined;

  let receiver: HTTPReceiver | SocketModeReceiver;
  if (mode === 'socket') {
    receiver = new SocketModeReceiver({ appToken: env.SLACK_APP_TOKEN!, logger, installerOptions: { clientOptions } });
  } else {
    const signingSecret = env.SLACK_SIGNING_SECRET;
    if (!signingSecret) throw new Error('SLACK_SIGNING_SECRET is required for HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)');
    // What the listeners below answer; the receiver turns anything else away before Bolt routes it.
    const served = { commands: new Set([UMBRELLA, ...rt.commands.map((c) => c.name)].map((n) => `/${n}`)), actionPrefix: SLACK_ACTION_PREFIX };
    const oauth =
      mode === 'oauth'
        ? oauthReceiverOptions({
            clientId: env.SLACK_CLIENT_ID!,
            clientSecret: env.SLACK_CLIENT_SECRET!,
            stateSecret: env.SLACK_STATE_SECRET!,
            apiUrl: env.SLACK_API_URL,
            installations: installations!,
            clientOptions,
            log: rt.log,
          })
        : undefined;
    receiver = signedReceiver({ signingSecret, port: env.PORT, logger: oauth ? oauthLogger(logger) : logger, served, ...(oauth && { oauth }) });
  }
  const app = new App({
    // With OAuth there is no token here: Bolt's authorize finds each workspace's in the installation store.
    ...(token && { token }),
    receiver,
    logger,
    clientOptions,
    // Wattson keeps its conversations itself (the runtime's conversation store), per channel and user or thread; Bolt's default store would cost a lookup per request.
    convoStore: false,
    ...(auth?.bot_id && { botId: auth.bot_id }),
    ...(auth?.user_id && { botUserId: auth.user_id }),
  });

  const locales = new UserLocales({
    timeoutMs: opts.localeTimeoutMs ?? 1000,
    onError: (err) => rt.log.warn({ component: 'slack', err: (err as Error).message }, 'users.info failed; answering in the language of the text'),
  });
  registerListeners(
    app,
    new SlackAnswers(rt, locales),
    rt.commands.map((c) => c.name),
    { ackBudgetMs: opts.ackBudgetMs ?? 2000, log: rt.log, charts: rt.services.charts, sightings: rt.services.sightings ?? memoryFirstSightings() },
  );
  registerUninstall(app, { installations, daily: rt.services.daily, log: rt.log });

  // Daily posts get clients of their own: a 429 comes back to the poster with its retry-after
  // instead of stalling every command's call, and nothing is retried here, since a postMessage
  // retried after a 5xx could post twice (the poster's retry looks for the nonce first).
  const deliverClient = (t: string) => new webApi.WebClient(t, { logger, ...clientOptions, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, timeout: opts.deliverTimeoutMs ?? 15_000 });
  const deliver = slackDeliver(token ? deliverClient(token) : teamClients(installations!, deliverClient), { commandNames: rt.commands.map((c) => c.name) });

  if (receiver instanceof SocketModeReceiver) {
    const client = receiver.client;
    await app.start();
    rt.log.info({ component: 'slack', mode: 'socket', bot: auth?.user_id }, 'Slack connected (Socket Mode)');
    return {
      name: 'slack',
      mode: 'socket',
      deliver,
      async stop() {
        // app.stop() resolves before the WebSocket close handshake ends; wait for it, or the
        // handshake timer keeps the process alive for 30 s after the socket's peer is gone.
        const disconnected = new Promise<void>((resolve) => client.once('disconnected', () => resolve()));
        await app.stop();
        await Promise.race([disconnected, unrefDelay(STOP_GRACE_MS)]);
      },
    };
  }

  // Bolt's receiver never starts a server of its own (App#start is not called): its paths are
  // routes on the process's server, or on one made here when Slack runs alone.
  const own = opts.http ? undefined : createHttpHost({ port: env.PORT, host: opts.host ?? env.HOST, log: rt.log, graceMs: STOP_GRACE_MS });
  const http = opts.http ?? own!;
  mountReceiver(receiver, http, logger, mode === 'oauth');
  if (own) await own.listen();
  const where = { component: 'slack', mode, host: http.address, port: http.port, bot: auth?.user_id };
  if (mode === 'oauth') rt.log.info(where, `Slack listening on /slack/events; "Add to Slack" at ${SLACK_INSTALL_PATH}`);
  else rt.log.info(where, 'Slack listening on /slack/events');
  return {
    name: 'slack',
    mode,
    port: http.port,
    ...(http.address && { host: http.address }),
    deliver,
    stop: async () => {
      await own?.close();
    },
  };
}
