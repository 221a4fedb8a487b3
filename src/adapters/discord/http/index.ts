import { REST } from 'discord.js';
import type { Env } from '../../../config.js';
import type { Runtime } from '../../../dispatch/execute.js';
import type { Adapter, AdapterContext } from '../../contract.js';
import { createHttpHost, type HttpHost } from '../../http/server.js';
import { apiBase } from '../register.js';
import { interactionAnswerer } from './answer.js';
import { DISCORD_INTERACTIONS_PATH, interactionsEndpoint } from './endpoint.js';
import { publicKeyFromHex } from './verify.js';

/**
 * Wattson on Discord over HTTP: the application's Interactions Endpoint URL points at
 * POST /discord/interactions on PORT, and Discord sends every command, button and
 * autocomplete there, signed. There is no gateway connection and no bot token: answers are the
 * HTTP responses, and deferred ones are finished through the interaction's webhook (REST at
 * DISCORD_API_URL, which needs no token). Nothing is kept between requests, so any number of
 * replicas can sit behind a load balancer.
 *
 * Without a bot token Wattson cannot post in channels, so this mode has no daily delivery: a
 * `/daily` subscription made here is posted by a Wattson with DISCORD_TOKEN on the same database.
 */

export interface DiscordHttpOptions extends AdapterContext {
  /** Interface to listen on when the adapter makes its own server; HOST when absent. */
  host?: string;
  /** How long an answer may take before the response defers it (Discord allows three seconds). */
  deferAfterMs?: number;
}

export interface DiscordHttpAdapter extends Adapter {
  mode: 'http';
  port: number;
  host?: string;
}

export async function startDiscordHttp(rt: Runtime, env: Env, opts: DiscordHttpOptions = {}): Promise<DiscordHttpAdapter> {
  if (!env.DISCORD_PUBLIC_KEY || !env.DISCORD_APPLICATION_ID) throw new Error('DISCORD_PUBLIC_KEY and DISCORD_APPLICATION_ID are needed for Discord over HTTP');
  const log = rt.log.child({ adapter: 'discord', mode: 'http' });
  // Webhook routes (edit @original, follow-ups) authenticate by the interaction token in their path.
  const rest = new REST({ globalRequestsPerSecond: env.DISCORD_GLOBAL_RATE, ...(env.DISCORD_API_URL && { api: apiBase(env.DISCORD_API_URL) }) });
  rest.on('response', (req, res) => {
    if (res.status === 429) log.warn({ route: req.route, method: req.method, retries: req.retries }, 'discord rate limited');
  });
  const answer = interactionAnswerer({ ...rt, log }, rest, { deferAfterMs: opts.deferAfterMs ?? 2000 });
  const own = opts.http ? undefined : createHttpHost({ port: env.PORT, host: opts.host ?? env.HOST, log: rt.log });
  const http: HttpHost = opts.http ?? own!;
  http.route(DISCORD_INTERACTIONS_PATH, interactionsEndpoint({ key: publicKeyFromHex(env.DISCORD_PUBLIC_KEY), answer, log }));
  if (own) await own.listen();
  log.info({ application: env.DISCORD_APPLICATION_ID, host: http.address, port: http.port }, `discord listening on ${DISCORD_INTERACTIONS_PATH}`);
  return {
    name: 'discord',
    mode: 'http',
    port: http.port,
    ...(http.address && { host: http.address }),
    stop: async () => {
      await own?.close();
    },
  };
}
