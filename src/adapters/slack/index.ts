import type { Server } from 'node:http';
import { App, type HTTPReceiver, SocketModeReceiver, webApi } from '@slack/bolt';
import type { Env } from '../../config.js';
import type { Runtime } from '../../dispatch/execute.js';
import type { Adapter } from '../contract.js';
import { SlackAnswers } from './answer.js';
import { slackDeliver } from './daily-deliver.js';
import { registerListeners } from './listeners.js';
import { boltLogger } from './logger.js';
import { signedReceiver } from './replay-guard.js';
import { UserLocales } from './user-locale.js';

/**
 * Wattson on Slack through Bolt: Socket Mode when SLACK_APP_TOKEN is set (no public URL
 * needed), otherwise HTTP on PORT at /slack/events with request signing and replay checks.
 */

export interface SlackOptions {
  /** Interface to listen on in HTTP mode; all interfaces when absent. */
  host?: string;
  /** How long a slash command may take before it is acked empty and answered through respond(). */
  ackBudgetMs?: number;
  /** How long to wait for a user's Slack locale before answering without it. */
  localeTimeoutMs?: number;
  /** One daily-post Web API call's time limit; under the poster's own (30 s). */
  deliverTimeoutMs?: number;
}

export interface SlackAdapter extends Adapter {
  mode: 'socket' | 'http';
  /** The HTTP port actually bound (HTTP mode). */
  port?: number;
}

const STOP_GRACE_MS = 5000;

function unrefDelay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

export async function startSlack(rt: Runtime, env: Env, opts: SlackOptions = {}): Promise<SlackAdapter> {
  const token = env.SLACK_BOT_TOKEN;
  if (!token) throw new Error('SLACK_BOT_TOKEN is not set');
  const logger = boltLogger(rt.log);
  // Against a test or proxy API, fail fast instead of Slack's default half hour of retries.
  const clientOptions: webApi.WebClientOptions = env.SLACK_API_URL ? { slackApiUrl: env.SLACK_API_URL, retryConfig: { retries: 1, factor: 1, minTimeout: 10, maxTimeout: 50 } } : {};

  // One auth.test here: a bad token stops the start with a clear message, and Bolt, given the
  // bot's ids, does not fire its own unawaited auth.test from the App constructor.
  let auth: webApi.AuthTestResponse;
  try {
    auth = await new webApi.WebClient(token, { logger, retryConfig: { retries: 2, factor: 2 }, ...clientOptions }).auth.test();
  } catch (err) {
    const code = (err as { data?: { error?: string } }).data?.error;
    throw new Error(`Slack did not accept SLACK_BOT_TOKEN${code ? ` (${code})` : ''}: check OAuth & Permissions → Bot User OAuth Token`, { cause: err });
  }

  let receiver: HTTPReceiver | SocketModeReceiver;
  if (env.SLACK_APP_TOKEN) {
    receiver = new SocketModeReceiver({ appToken: env.SLACK_APP_TOKEN, logger, installerOptions: { clientOptions } });
  } else {
    const signingSecret = env.SLACK_SIGNING_SECRET;
    if (!signingSecret) throw new Error('SLACK_SIGNING_SECRET is required for HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)');
    receiver = signedReceiver({ signingSecret, port: env.PORT, logger, onReplay: () => rt.log.warn({ component: 'slack' }, 'replayed request rejected') });
  }
  const app = new App({
    token,
    receiver,
    logger,
    clientOptions,
    // Wattson keeps its conversations itself (the runtime's conversation store), per channel and user or thread; Bolt's default store would cost a lookup per request.
    convoStore: false,
    ...(auth.bot_id && { botId: auth.bot_id }),
    ...(auth.user_id && { botUserId: auth.user_id }),
  });

  const locales = new UserLocales({
    timeoutMs: opts.localeTimeoutMs ?? 1000,
    onError: (err) => rt.log.warn({ component: 'slack', err: (err as Error).message }, 'users.info failed; answering in the language of the text'),
  });
  registerListeners(
    app,
    new SlackAnswers(rt, locales),
    rt.commands.map((c) => c.name),
    { ackBudgetMs: opts.ackBudgetMs ?? 2000, log: rt.log },
  );

  // Daily posts get a client of their own: a 429 comes back to the poster with its retry-after
  // instead of stalling every command's call, and nothing is retried here, since a postMessage
  // retried after a 5xx could post twice (the poster's retry looks for the nonce first).
  const deliverClient = new webApi.WebClient(token, { logger, ...clientOptions, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, timeout: opts.deliverTimeoutMs ?? 15_000 });
  const deliver = slackDeliver(deliverClient, { commandNames: rt.commands.map((c) => c.name) });

  if (receiver instanceof SocketModeReceiver) {
    const client = receiver.client;
    await app.start();
    rt.log.info({ component: 'slack', mode: 'socket', bot: auth.user_id }, 'Slack connected (Socket Mode)');
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

  const server = (await app.start(opts.host ? { port: env.PORT, host: opts.host } : env.PORT)) as Server;
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : env.PORT;
  rt.log.info({ component: 'slack', mode: 'http', port, bot: auth.user_id }, 'Slack listening on /slack/events');
  return {
    name: 'slack',
    mode: 'http',
    port,
    deliver,
    async stop() {
      const closed = app.stop();
      server.closeIdleConnections();
      // Requests in flight get a moment to finish; then the remaining sockets are cut.
      const force = setTimeout(() => server.closeAllConnections(), STOP_GRACE_MS);
      force.unref();
      try {
        await closed;
      } finally {
        clearTimeout(force);
      }
    },
  };
}
