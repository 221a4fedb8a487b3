import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

/**
 * A loopback Discord for the real discord.js Client: REST (`/api/v10/...`) and the gateway
 * (`/gateway`) on one port. It behaves as ../shared/testing-real-clients.md records Discord
 * does for discord.js 14: complete READY and INTERACTION_CREATE payloads, numbered dispatches,
 * heartbeat acks, resume with replay, `%40original`, `session_start_limit`, Discord's error
 * codes, and its message and command limits (an over-limit body gets the 400 Discord gives).
 */

export interface RecordedRequest {
  method: string;
  /** Path with percent-escapes kept, as it arrived. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: any;
  status: number;
  /** process.hrtime.bigint() when the whole body had arrived. */
  receivedAt: bigint;
}

export interface GatewayFrame {
  op: number;
  d: any;
  s?: number | null;
  t?: string | null;
}

export interface SentInteraction {
  id: string;
  token: string;
  payload: any;
  /** process.hrtime.bigint() just before the dispatch was written to the socket. */
  sentAt: bigint;
}

interface RateLimitRule {
  match: (method: string, path: string) => boolean;
  times: number;
  retryAfter: number;
}

interface Session {
  id: string;
  /** [shard id, shard count] from the IDENTIFY. */
  shard: [number, number];
  seq: number;
  /** Every dispatch of the session, so a resume can replay what the client missed. */
  frames: GatewayFrame[];
  socket: WebSocket | undefined;
}

const DISCORD_EPOCH = 1420070400000n;
let increment = 0n;

/** A snowflake as Discord makes them: milliseconds since 2015 in the high bits. */
export function snowflake(): string {
  increment = (increment + 1n) & 0xfffn;
  return String(((BigInt(Date.now()) - DISCORD_EPOCH) << 22n) | (1n << 17n) | increment);
}

const PERMS = {
  ViewChannel: 1n << 10n,
  SendMessages: 1n << 11n,
  EmbedLinks: 1n << 14n,
  AttachFiles: 1n << 15n,
  ReadMessageHistory: 1n << 16n,
  UseExternalEmojis: 1n << 18n,
  UseApplicationCommands: 1n << 31n,
};
/** What @everyone typically has in a text channel, as app_permissions reports it. */
export const DEFAULT_APP_PERMISSIONS = String(Object.values(PERMS).reduce((a, b) => a | b, 0n));
export const APP_PERMISSIONS_WITHOUT_EMBEDS = String(BigInt(DEFAULT_APP_PERMISSIONS) & ~PERMS.EmbedLinks);
/** A member's permissions with Manage Channels (1 << 4) added to the @everyone set. */
export const MEMBER_PERMISSIONS_MANAGE_CHANNELS = String(BigInt(DEFAULT_APP_PERMISSIONS) | (1n << 4n));

const NAME_RE = /^[-_\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

function formError(errors: string[]) {
  return { code: 50035, message: 'Invalid Form Body', errors: { _errors: errors.map((message) => ({ code: 'BASE_TYPE_INVALID', message })) } };
}

/** Discord's message limits, checked the way its API does (400 Invalid Form Body). */
export function messageProblems(data: any): string[] {
  const p: string[] = [];
  if (!data || typeof data !== 'object') return ['data must be an object'];
  const embeds: any[] = data.embeds ?? [];
  if (!data.content && embeds.length === 0 && !data.components?.length) p.push('Cannot send an empty message');
  if (typeof data.content === 'string' && data.content.length > 2000) p.push('content: Must be 2000 or fewer in length.');
  if (embeds.length > 10) p.push('embeds: Must be 10 or fewer in length.');
  let total = 0;
  for (const e of embeds) {
    const fields: any[] = e.fields ?? [];
    if ((e.title ?? '').length > 256) p.push('embeds.title: Must be 256 or fewer in length.');
    if ((e.description ?? '').length > 4096) p.push('embeds.description: Must be 4096 or fewer in length.');
    if (fields.length > 25) p.push('embeds.fields: Must be 25 or fewer in length.');
    for (const f of fields) {
      if (!f.name || f.name.length > 256) p.push('embeds.fields.name: Must be between 1 and 256 in length.');
      if (!f.value || f.value.length > 1024) p.push('embeds.fields.value: Must be between 1 and 1024 in length.');
      total += (f.name ?? '').length + (f.value ?? '').length;
    }
    if (e.footer && (!e.footer.text || e.footer.text.length > 2048)) p.push('embeds.footer.text: Must be between 1 and 2048 in length.');
    total += (e.title ?? '').length + (e.description ?? '').length + (e.footer?.text ?? '').length + (e.author?.name ?? '').length;
  }
  if (total > 6000) p.push('embeds: Embed size exceeds maximum size of 6000');
  const rows: any[] = data.components ?? [];
  if (rows.length > 5) p.push('components: Must be 5 or fewer in length.');
  const ids = new Set<string>();
  for (const row of rows) {
    if (row.type !== 1 || !Array.isArray(row.components) || row.components.length === 0 || row.components.length > 5) p.push('components: action rows hold 1 to 5 components');
    for (const b of row.components ?? []) {
      if (b.label !== undefined && (b.label.length === 0 || b.label.length > 80)) p.push('components.label: Must be 80 or fewer in length.');
      if (b.style !== 5) {
        if (!b.custom_id || b.custom_id.length > 100) p.push('components.custom_id: Must be between 1 and 100 in length.');
        else if (ids.has(b.custom_id)) p.push('components.custom_id: Component custom id cannot be duplicated');
        else ids.add(b.custom_id);
      }
    }
  }
  return p;
}

/** Discord's command limits for a bulk overwrite. */
export function commandProblems(body: any): string[] {
  const p: string[] = [];
  if (!Array.isArray(body)) return ['body must be an array'];
  if (body.length > 100) p.push('too many commands');
  const checkOptions = (opts: any[], where: string) => {
    if (opts.length > 25) p.push(`${where}.options: Must be 25 or fewer in length.`);
    let seenOptional = false;
    for (const o of opts) {
      const at = `${where}.${o.name}`;
      if (typeof o.name !== 'string' || !NAME_RE.test(o.name) || o.name !== o.name.toLowerCase()) p.push(`${at}.name: Command name is invalid`);
      if (typeof o.description !== 'string' || o.description.length < 1 || o.description.length > 100) p.push(`${at}.description: Must be between 1 and 100 in length.`);
      if (o.type === 1 || o.type === 2) {
        checkOptions(o.options ?? [], at);
        continue;
      }
      if (o.required && seenOptional) p.push(`${at}: Required options must be placed before non-required options`);
      if (!o.required) seenOptional = true;
      if (o.choices && o.autocomplete) p.push(`${at}: Autocomplete and choices are mutually exclusive`);
      if ((o.choices ?? []).length > 25) p.push(`${at}.choices: Must be 25 or fewer in length.`);
      for (const c of o.choices ?? []) if (!c.name || c.name.length > 100) p.push(`${at}.choices.name: Must be between 1 and 100 in length.`);
    }
  };
  const names = new Set<string>();
  for (const c of body) {
    if (typeof c.name !== 'string' || !NAME_RE.test(c.name) || c.name !== c.name.toLowerCase()) p.push(`${c.name}.name: Command name is invalid`);
    if (names.has(c.name)) p.push(`${c.name}: Application command names must be unique`);
    names.add(c.name);
    if (typeof c.description !== 'string' || c.description.length < 1 || c.description.length > 100) p.push(`${c.name}.description: Must be between 1 and 100 in length.`);
    for (const [loc, d] of Object.entries(c.description_localizations ?? {}))
      if (typeof d !== 'string' || d.length < 1 || d.length > 100) p.push(`${c.name}.description_localizations.${loc}: Must be between 1 and 100 in length.`);
    checkOptions(c.options ?? [], c.name);
  }
  return p;
}

export interface FakeDiscordOptions {
  token?: string;
  heartbeatInterval?: number;
  /** The shard count /gateway/bot recommends (what `shards: 'auto'` follows); 1 by default. */
  shards?: number;
}

export interface InteractionOptions {
  locale?: string;
  /** A DM: `user` and no guild; otherwise a guild the client has not cached. */
  dm?: boolean;
  appPermissions?: string;
  /** The invoking member's permissions in the channel (guild only); default: @everyone's. */
  memberPermissions?: string;
  /** The gateway shard to send it on (its session); the newest session by default. */
  shard?: number;
  user?: { id: string; username: string };
  /** The interaction comes from this thread (a public thread, type 11) of the guild channel. */
  thread?: string;
}

/** A channel message the bot created through POST /channels/{id}/messages. */
export interface ChannelMessage {
  id: string;
  channelId: string;
  body: any;
}

export interface Option {
  name: string;
  type: number;
  value?: string | number | boolean;
  focused?: boolean;
  options?: Option[];
}

export class FakeDiscord extends EventEmitter {
  readonly token: string;
  readonly applicationId = snowflake();
  readonly botUser = { id: snowflake(), username: 'wattson', discriminator: '0', global_name: 'Wattson', avatar: null, bot: true, flags: 0 };
  readonly guildId = snowflake();
  readonly channelId = snowflake();
  readonly requests: RecordedRequest[] = [];
  readonly gatewayIn: GatewayFrame[] = [];
  /** Upgrade requests to the gateway, with their query (v, encoding, compress). */
  readonly connections: { path: string; query: URLSearchParams }[] = [];
  readonly commands = new Map<string, any[]>();
  /** Close codes of gateway connections, as the client sent them. */
  readonly closes: number[] = [];
  apiUrl = '';
  private server!: Server;
  private wss!: WebSocketServer;
  private port = 0;
  private readonly heartbeatInterval: number;
  private readonly shardCount: number;
  private readonly sessions = new Map<string, Session>();
  private readonly interactions = new Map<string, { token: string; acknowledged: boolean; payload: any }>();
  private readonly rateLimits: RateLimitRule[] = [];
  /** Channels that exist; a post anywhere else is 404 Unknown Channel (10003). */
  readonly channels = new Set<string>([this.channelId]);
  /** Channels where the bot may not post: 403 Missing Permissions (50013). */
  readonly forbidden = new Set<string>();
  /** Every message created in a channel (a deduped resend adds nothing). */
  readonly channelMessages: ChannelMessage[] = [];
  /** Discord's nonce memory: channel|nonce → the message the first post created. */
  private readonly byNonce = new Map<string, any>();

  private constructor(opts: FakeDiscordOptions) {
    super();
    this.token = opts.token ?? `${Buffer.from(this.applicationId).toString('base64url')}.fake.${randomBytes(16).toString('base64url')}`;
    this.heartbeatInterval = opts.heartbeatInterval ?? 41_250;
    this.shardCount = opts.shards ?? 1;
  }

  static async start(opts: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const fake = new FakeDiscord(opts);
    await fake.listen();
    return fake;
  }

  private async listen(): Promise<void> {
    this.server = createServer((req, res) => void this.onRequest(req, res));
    this.wss = new WebSocketServer({ noServer: true });
    this.server.on('upgrade', (req, socket, head) => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname !== '/gateway') {
        socket.destroy();
        return;
      }
      this.connections.push({ path: url.pathname, query: url.searchParams });
      this.wss.handleUpgrade(req, socket, head, (ws) => this.onSocket(ws));
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    this.apiUrl = `http://127.0.0.1:${this.port}/api`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}/gateway`;
  }

  // ---- REST ----

  private respond(res: ServerResponse, rec: Omit<RecordedRequest, 'status'>, status: number, body?: unknown, headers: Record<string, string> = {}): void {
    const recorded: RecordedRequest = { ...rec, status };
    this.requests.push(recorded);
    res.writeHead(status, { ...(body !== undefined && { 'content-type': 'application/json' }), ...headers });
    res.end(body === undefined ? undefined : JSON.stringify(body));
    this.emit('request', recorded);
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname;
    const method = req.method ?? 'GET';
    let body: any;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      body = raw;
    }
    const rec = { method, path, query: url.searchParams, headers: req.headers, body, receivedAt: process.hrtime.bigint() };
    const reply = (status: number, payload?: unknown, headers?: Record<string, string>) => this.respond(res, rec, status, payload, headers);

    const rule = this.rateLimits.find((r) => r.times > 0 && r.match(method, path));
    if (rule) {
      rule.times -= 1;
      const after = rule.retryAfter;
      reply(
        429,
        { message: 'You are being rate limited.', retry_after: after, global: false },
        {
          'retry-after': String(Math.ceil(after)),
          'x-ratelimit-limit': '1',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': ((Date.now() + after * 1000) / 1000).toFixed(3),
          'x-ratelimit-reset-after': after.toFixed(3),
          'x-ratelimit-bucket': 'f4k3b0cke7',
          'x-ratelimit-scope': 'user',
        },
      );
      return;
    }

    const authorised = req.headers.authorization === `Bot ${this.token}`;
    const unauthorised = () => reply(401, { message: '401: Unauthorized', code: 0 });
    let m: RegExpExecArray | null;

    if (method === 'GET' && path === '/api/v10/gateway/bot') {
      if (!authorised) return unauthorised();
      // max_concurrency as large as the shard count: every shard may IDENTIFY at once, as for a large bot (else 5 s apart).
      return reply(200, { url: this.gatewayUrl, shards: this.shardCount, session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: this.shardCount } });
    }

    if (method === 'POST' && (m = /^\/api\/v10\/interactions\/(\d+)\/([^/]+)\/callback$/.exec(path))) {
      const it = this.interactions.get(m[1]!);
      if (!it || it.token !== decodeURIComponent(m[2]!)) return reply(404, { message: 'Unknown interaction', code: 10062 });
      if (it.acknowledged) return reply(400, { message: 'Interaction has already been acknowledged.', code: 40060 });
      const problems = this.callbackProblems(body);
      if (problems.length > 0) return reply(400, formError(problems));
      it.acknowledged = true;
      if (url.searchParams.get('with_response') === 'true') {
        return reply(200, {
          interaction: { id: m[1], type: it.payload.type, activity_instance_id: null, response_message_id: null, response_message_loading: false, response_message_ephemeral: false },
          resource: { type: body.type },
        });
      }
      return reply(204);
    }

    if ((m = /^\/api\/v10\/webhooks\/(\d+)\/([^/]+)\/messages\/(?:@original|%40original)$/.exec(path))) {
      const it = [...this.interactions.values()].find((i) => i.token === m![2]);
      if (m[1] !== this.applicationId || !it) return reply(404, { message: 'Unknown Webhook', code: 10015 });
      if (method === 'DELETE') return reply(204);
      if (method === 'PATCH') {
        const problems = messageProblems(body);
        if (problems.length > 0 && problems[0] !== 'Cannot send an empty message') return reply(400, formError(problems));
      }
      return reply(200, this.message(body ?? {}, it.payload));
    }

    if (method === 'POST' && (m = /^\/api\/v10\/webhooks\/(\d+)\/([^/]+)$/.exec(path))) {
      const it = [...this.interactions.values()].find((i) => i.token === m![2]);
      if (m[1] !== this.applicationId || !it) return reply(404, { message: 'Unknown Webhook', code: 10015 });
      const problems = messageProblems(body);
      if (problems.length > 0) return reply(400, formError(problems));
      return reply(200, this.message(body, it.payload));
    }

    if (method === 'PUT' && (m = /^\/api\/v10\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/.exec(path))) {
      if (!authorised) return unauthorised();
      if (m[1] !== this.applicationId) return reply(403, { message: 'Missing Access', code: 50001 });
      const problems = commandProblems(body);
      if (problems.length > 0) return reply(400, formError(problems));
      const saved = (body as any[]).map((c) => ({
        id: snowflake(),
        application_id: this.applicationId,
        version: snowflake(),
        default_member_permissions: null,
        type: 1,
        nsfw: false,
        ...(m![2] && { guild_id: m![2] }),
        ...c,
        options: c.options ?? [],
      }));
      this.commands.set(m[2] ?? 'global', saved);
      return reply(200, saved);
    }

    if (method === 'POST' && (m = /^\/api\/v10\/channels\/(\d+)\/messages$/.exec(path))) {
      if (!authorised) return unauthorised();
      const channelId = m[1]!;
      if (!this.channels.has(channelId)) return reply(404, { message: 'Unknown Channel', code: 10003 });
      if (this.forbidden.has(channelId)) return reply(403, { message: 'Missing Permissions', code: 50013 });
      const problems = messageProblems(body);
      if (body?.nonce !== undefined && String(body.nonce).length > 25) problems.push('nonce: Must be 25 or fewer in length.');
      if (body?.flags !== undefined && (body.flags & 64) !== 0) problems.push('flags: ephemeral is only for interaction responses');
      if (problems.length > 0) return reply(400, formError(problems));
      const key = `${channelId}|${body.nonce}`;
      // With enforce_nonce, Discord answers a nonce it has seen recently with the original message.
      const seen = body.enforce_nonce && body.nonce !== undefined ? this.byNonce.get(key) : undefined;
      if (seen) return reply(200, seen);
      const msg = { ...this.message(body, { channel: { id: channelId } }), type: 0, webhook_id: undefined, nonce: body.nonce };
      if (body.nonce !== undefined) this.byNonce.set(key, msg);
      this.channelMessages.push({ id: msg.id, channelId, body });
      return reply(200, msg);
    }

    return reply(404, { message: '404: Not Found', code: 0 });
  }

  private callbackProblems(body: any): string[] {
    if (!body || typeof body.type !== 'number') return ['type: required'];
    switch (body.type) {
      case 4:
        return messageProblems(body.data);
      case 5:
      case 6:
        return [];
      case 7:
        return messageProblems(body.data);
      case 8: {
        const choices: any[] = body.data?.choices ?? [];
        const p: string[] = [];
        if (choices.length > 25) p.push('data.choices: Must be 25 or fewer in length.');
        for (const c of choices) {
          if (typeof c.name !== 'string' || c.name.length < 1 || c.name.length > 100) p.push('data.choices.name: Must be between 1 and 100 in length.');
          if (typeof c.value === 'string' && (c.value.length < 1 || c.value.length > 100)) p.push('data.choices.value: Must be between 1 and 100 in length.');
        }
        return p;
      }
      default:
        return [`type: ${body.type} is not a valid interaction callback type here`];
    }
  }

  private message(body: any, interaction: any): any {
    return {
      id: snowflake(),
      type: 20,
      channel_id: interaction.channel?.id ?? this.channelId,
      author: this.botUser,
      content: body.content ?? '',
      embeds: body.embeds ?? [],
      components: body.components ?? [],
      attachments: [],
      mentions: [],
      mention_roles: [],
      mention_everyone: false,
      pinned: false,
      tts: false,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      flags: body.flags ?? 0,
      application_id: this.applicationId,
      webhook_id: this.applicationId,
    };
  }

  /** The next `times` requests matching get a 429 with retry_after and rate-limit headers. */
  rateLimit(match: (method: string, path: string) => boolean, times = 1, retryAfter = 0.25): void {
    this.rateLimits.push({ match, times, retryAfter });
  }

  /** Resolves with the first request (already received or yet to come) that matches. */
  waitForRequest(pred: (r: RecordedRequest) => boolean): Promise<RecordedRequest> {
    const seen = this.requests.find(pred);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => {
      const on = (r: RecordedRequest) => {
        if (!pred(r)) return;
        this.off('request', on);
        resolve(r);
      };
      this.on('request', on);
    });
  }

  /** The answer to an interaction: the callback Discord accepted (2xx). */
  callbackFor(id: string): Promise<RecordedRequest> {
    return this.waitForRequest((r) => r.method === 'POST' && r.path.startsWith(`/api/v10/interactions/${id}/`) && r.status < 300);
  }

  // ---- Gateway ----

  private sendFrame(ws: WebSocket, frame: GatewayFrame): void {
    ws.send(JSON.stringify({ s: null, t: null, ...frame }));
  }

  private onSocket(ws: WebSocket): void {
    let session: Session | undefined;
    this.sendFrame(ws, { op: 10, d: { heartbeat_interval: this.heartbeatInterval, _trace: ['["fake-gateway",{"micros":0}]'] } });
    ws.on('message', (data) => {
      let frame: GatewayFrame;
      try {
        frame = JSON.parse(String(data));
      } catch {
        ws.close(4002, 'Error while decoding payload.');
        return;
      }
      this.gatewayIn.push(frame);
      this.emit('gateway', frame);
      switch (frame.op) {
        case 1:
          this.sendFrame(ws, { op: 11, d: null });
          return;
        case 2: {
          if (frame.d?.token !== this.token) {
            ws.close(4004, 'Authentication failed.');
            return;
          }
          if (session) {
            ws.close(4005, 'Already authenticated.');
            return;
          }
          session = { id: randomBytes(16).toString('hex'), shard: frame.d?.shard ?? [0, 1], seq: 0, frames: [], socket: ws };
          this.sessions.set(session.id, session);
          this.dispatchTo(session, 'READY', {
            v: 10,
            user: { ...this.botUser, verified: true, mfa_enabled: false, email: null },
            guilds: [],
            session_id: session.id,
            session_type: 'normal',
            resume_gateway_url: this.gatewayUrl,
            shard: frame.d?.shard ?? [0, 1],
            application: { id: this.applicationId, flags: 0 },
            private_channels: [],
            presences: [],
            relationships: [],
            guild_join_requests: [],
            geo_ordered_rtc_regions: ['us-west'],
            user_settings: {},
            _trace: ['["fake-gateway",{"micros":0}]'],
          });
          return;
        }
        case 6: {
          const s = this.sessions.get(frame.d?.session_id);
          if (!s || frame.d?.token !== this.token) {
            this.sendFrame(ws, { op: 9, d: false });
            return;
          }
          session = s;
          s.socket = ws;
          for (const f of s.frames.filter((f) => (f.s ?? 0) > (frame.d?.seq ?? 0))) this.sendFrame(ws, f);
          this.dispatchTo(s, 'RESUMED', { _trace: ['["fake-gateway",{"micros":0}]'] });
          return;
        }
        case 3:
        case 4:
        case 8:
          return;
        default:
          ws.close(4001, 'Unknown opcode.');
      }
    });
    ws.on('close', (code) => {
      if (session?.socket === ws) session.socket = undefined;
      this.closes.push(code);
      this.emit('close', code);
    });
  }

  private dispatchTo(session: Session, t: string, d: unknown): void {
    const frame: GatewayFrame = { op: 0, t, s: ++session.seq, d };
    session.frames.push(frame);
    if (session.socket?.readyState === 1) this.sendFrame(session.socket, frame);
  }

  private get session(): Session {
    const s = [...this.sessions.values()].at(-1);
    if (!s) throw new Error('fake discord: no gateway session yet');
    return s;
  }

  /** Sends a dispatch on the newest session of one shard. */
  dispatchOnShard(shard: number, t: string, d: unknown): void {
    const s = [...this.sessions.values()].filter((x) => x.shard[0] === shard).at(-1);
    if (!s) throw new Error(`fake discord: no gateway session for shard ${shard}`);
    this.dispatchTo(s, t, d);
  }

  /** The [shard, count] of every session identified so far, in order. */
  get identifiedShards(): [number, number][] {
    return [...this.sessions.values()].map((s) => s.shard);
  }

  /** Sends a dispatch on the current session; while the client is away it waits for a resume. */
  dispatch(t: string, d: unknown): void {
    this.dispatchTo(this.session, t, d);
  }

  /** Resolves with the first inbound gateway frame (already received or yet to come) that matches. */
  waitForGateway(pred: (f: GatewayFrame) => boolean): Promise<GatewayFrame> {
    const seen = this.gatewayIn.find(pred);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => {
      const on = (f: GatewayFrame) => {
        if (!pred(f)) return;
        this.off('gateway', on);
        resolve(f);
      };
      this.on('gateway', on);
    });
  }

  /** Resolves when a gateway connection has closed with `code`. */
  waitForClose(code: number): Promise<void> {
    if (this.closes.includes(code)) return Promise.resolve();
    return new Promise((resolve) => {
      const on = (c: number) => {
        if (c !== code) return;
        this.off('close', on);
        resolve();
      };
      this.on('close', on);
    });
  }

  get sessionId(): string {
    return this.session.id;
  }

  get lastSeq(): number {
    return this.session.seq;
  }

  /** Closes the gateway socket as Discord does on an error (4000 = unknown error, resumable). */
  dropGateway(code = 4000, reason = 'Unknown error.'): void {
    const ws = this.session.socket;
    if (ws) ws.close(code, reason);
  }

  // ---- Interactions ----

  private base(type: number, opts: InteractionOptions): any {
    const id = snowflake();
    const token = Buffer.from(`interaction:${id}:${randomBytes(48).toString('base64url')}`).toString('base64url');
    const user = { id: opts.user?.id ?? snowflake(), username: opts.user?.username ?? 'ada', discriminator: '0', global_name: 'Ada', avatar: null, public_flags: 0 };
    const where = opts.dm
      ? { user, channel: { id: snowflake(), type: 1, flags: 0, last_message_id: null, recipients: [user] }, context: 1, authorizing_integration_owners: { '0': '0' } }
      : {
          guild_id: this.guildId,
          guild: { id: this.guildId, locale: 'en-US', features: [] },
          guild_locale: 'en-US',
          channel: {
            id: opts.thread ?? this.channelId,
            type: opts.thread ? 11 : 0,
            guild_id: this.guildId,
            name: opts.thread ? 'a thread' : 'general',
            flags: 0,
            last_message_id: null,
            nsfw: false,
            parent_id: opts.thread ? this.channelId : null,
            permissions: DEFAULT_APP_PERMISSIONS,
            position: 0,
            rate_limit_per_user: 0,
            topic: null,
          },
          member: {
            user,
            roles: [],
            permissions: opts.memberPermissions ?? DEFAULT_APP_PERMISSIONS,
            joined_at: '2024-05-01T00:00:00.000000+00:00',
            deaf: false,
            mute: false,
            flags: 0,
            nick: null,
            avatar: null,
            premium_since: null,
            pending: false,
            communication_disabled_until: null,
            unusual_dm_activity_until: null,
          },
          context: 0,
          authorizing_integration_owners: { '0': this.guildId },
        };
    return {
      id,
      application_id: this.applicationId,
      type,
      token,
      version: 1,
      ...where,
      channel_id: where.channel.id,
      locale: opts.locale ?? 'en-US',
      app_permissions: opts.appPermissions ?? DEFAULT_APP_PERMISSIONS,
      entitlements: [],
      entitlement_sku_ids: [],
      attachment_size_limit: 10_485_760,
    };
  }

  /**
   * Makes an interaction known to REST (its callback and webhook routes) without sending it on
   * the gateway: for Discord over HTTP, where the test itself posts the payload to Wattson and
   * Discord's side (the callback) is the HTTP response. `acknowledged`: the HTTP response was it.
   */
  track(payload: any, acknowledged = false): void {
    this.interactions.set(payload.id, { token: payload.token, acknowledged, payload });
  }

  private deliver(payload: any, shard?: number): SentInteraction {
    this.track(payload);
    const sentAt = process.hrtime.bigint();
    if (shard === undefined) this.dispatch('INTERACTION_CREATE', payload);
    else this.dispatchOnShard(shard, 'INTERACTION_CREATE', payload);
    return { id: payload.id, token: payload.token, payload, sentAt };
  }

  /** An APPLICATION_COMMAND payload as Discord would send it, not sent anywhere. */
  commandPayload(name: string, options: Option[] = [], opts: InteractionOptions = {}): any {
    return { ...this.base(2, opts), data: this.commandData(name, options) };
  }

  /** An autocomplete payload, not sent anywhere. */
  autocompletePayload(name: string, options: Option[], opts: InteractionOptions = {}): any {
    return { ...this.base(4, opts), data: this.commandData(name, options) };
  }

  /** A button press payload, not sent anywhere. */
  buttonPayload(customId: string, opts: InteractionOptions = {}): any {
    const b = this.base(3, opts);
    return {
      ...b,
      message: { ...this.message({ components: [{ type: 1, components: [{ type: 2, style: 2, label: customId.slice(0, 80), custom_id: customId }] }] }, b), channel_id: b.channel.id },
      data: { custom_id: customId, component_type: 2, id: 2 },
    };
  }

  private commandData(name: string, options: Option[]) {
    const saved = [...this.commands.values()].flat().find((c) => c.name === name);
    return { id: saved?.id ?? snowflake(), name, type: 1, options, ...(saved?.guild_id && { guild_id: saved.guild_id }) };
  }

  /** A slash command (APPLICATION_COMMAND, type 2). */
  slash(name: string, options: Option[] = [], opts: InteractionOptions = {}): SentInteraction {
    return this.deliver({ ...this.base(2, opts), data: this.commandData(name, options) }, opts.shard);
  }

  /** Autocomplete (type 4): one option carries `focused: true`. */
  autocomplete(name: string, options: Option[], opts: InteractionOptions = {}): SentInteraction {
    return this.deliver({ ...this.base(4, opts), data: this.commandData(name, options) });
  }

  /** A button press (MESSAGE_COMPONENT, type 3) on a message the bot sent earlier. */
  button(customId: string, opts: InteractionOptions & { message?: any } = {}): SentInteraction {
    const b = this.base(3, opts);
    const message = opts.message ?? {
      components: [{ type: 1, id: 1, components: [{ type: 2, id: 2, style: 2, label: customId.slice(0, 80), custom_id: customId }] }],
    };
    return this.deliver({
      ...b,
      message: {
        ...this.message(message, b),
        channel_id: b.channel.id,
        interaction_metadata: { id: snowflake(), type: 2, user: b.member?.user ?? b.user, authorizing_integration_owners: b.authorizing_integration_owners, name: 'ask', command_type: 1 },
      },
      data: { custom_id: customId, component_type: 2, id: 2 },
    });
  }

  async close(): Promise<void> {
    for (const ws of this.wss.clients) ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
