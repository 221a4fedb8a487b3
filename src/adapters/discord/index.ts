import { ChannelType, Client, type ClientOptions, Events, GatewayDispatchEvents, type GatewayDispatchPayload } from 'discord.js';
import { LRUCache } from 'lru-cache';
import type { Env } from '../../config.js';
import type { Runtime } from '../../dispatch/execute.js';
import type { Adapter } from '../contract.js';
import { discordDeliver } from './daily-deliver.js';
import { interactionHandler } from './handle.js';
import { apiBase } from './register.js';

/**
 * Wattson on Discord's gateway. It only answers interactions, which reach a bot with no
 * intents at all, so it asks for none (nothing privileged) and caches no guilds: replies go
 * through the interaction and work in DMs and in guilds the client never saw.
 *
 * Sharded as Discord recommends: `shards: 'auto'` reads the shard count from /gateway/bot (one
 * until a bot nears 2,500 servers, when Discord requires more) and runs every shard in this
 * process, each its own connection identified as [id, count]. Interactions arrive on whichever
 * shard holds their guild, and all of them go to the one handler.
 */

export interface DiscordAdapter extends Adapter {
  client: Client<true>;
}

export function clientOptions(env: Pick<Env, 'DISCORD_API_URL' | 'DISCORD_GLOBAL_RATE'>): ClientOptions {
  return {
    intents: [],
    shards: 'auto',
    waitGuildTimeout: 1_000,
    allowedMentions: { parse: [] },
    rest: { globalRequestsPerSecond: env.DISCORD_GLOBAL_RATE, ...(env.DISCORD_API_URL && { api: apiBase(env.DISCORD_API_URL) }) },
  };
}

export async function startDiscord(rt: Runtime, env: Env): Promise<DiscordAdapter> {
  if (!env.DISCORD_TOKEN) throw new Error('DISCORD_TOKEN is not set');
  const log = rt.log.child({ adapter: 'discord' });
  const client = new Client(clientOptions(env));
  // With no intents and no channel cache, only the raw event says an interaction came from a
  // thread; it is noted here (bounded, short-lived) just before discord.js dispatches it.
  const threads = new LRUCache<string, true>({ max: 5000, ttl: 60_000 });
  const THREAD_TYPES: ReadonlySet<number> = new Set([ChannelType.PublicThread, ChannelType.PrivateThread, ChannelType.AnnouncementThread]);
  client.on(Events.Raw, (packet: GatewayDispatchPayload) => {
    if (packet.t !== GatewayDispatchEvents.InteractionCreate) return;
    const type = packet.d.channel?.type;
    if (type !== undefined && THREAD_TYPES.has(type)) threads.set(packet.d.id, true);
  });
  const handle = interactionHandler({ ...rt, log }, threads);
  client.on(Events.InteractionCreate, (i) => void handle(i));
  // Without an 'error' listener an EventEmitter error would throw and end the process.
  client.on(Events.Error, (err) => log.error({ err }, 'discord client error'));
  client.on(Events.Warn, (message) => log.warn({ message }, 'discord warning'));
  client.on(Events.ShardDisconnect, (event, shard) => log.warn({ shard, code: event.code }, 'discord gateway disconnected'));
  client.on(Events.ShardReconnecting, (shard) => log.info({ shard }, 'discord gateway reconnecting'));
  client.on(Events.ShardResume, (shard, replayed) => log.info({ shard, replayed }, 'discord gateway resumed'));
  client.rest.on('rateLimited', (info) => log.warn({ route: info.route, retryAfter: info.retryAfter, global: info.global, scope: info.scope }, 'discord rate limited'));
  // Interaction callbacks use the burst handler, which retries a 429 without a 'rateLimited' event.
  client.rest.on('response', (req, res) => {
    if (res.status === 429) log.warn({ route: req.route, method: req.method, retries: req.retries }, 'discord rate limited');
  });

  const ready = new Promise<Client<true>>((resolve) => client.once(Events.ClientReady, resolve));
  let c: Client<true>;
  try {
    await client.login(env.DISCORD_TOKEN);
    c = await ready;
  } catch (err) {
    await client.destroy();
    throw err;
  }
  log.info({ user: c.user.tag, application: c.application.id, shards: client.ws.shards.size }, 'discord ready');
  return { name: 'discord', client: c, stop: () => client.destroy(), deliver: discordDeliver(client.rest) };
}
