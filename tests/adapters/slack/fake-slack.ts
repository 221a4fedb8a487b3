import { createHmac, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseQuery } from 'node:querystring';
import { type WebSocket, WebSocketServer } from 'ws';

/**
 * A fake Slack on 127.0.0.1: the Web API methods Wattson calls, loopback response_urls, and
 * the Socket Mode WebSocket. Everything it receives is recorded, and tests wait for calls
 * by name instead of sleeping.
 */

export interface Call {
  path: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
}

type Waiter = { match: (c: Call) => boolean; resolve: (c: Call) => void };

/** A scripted answer for the next call to one method: a Slack error, a 429, a 5xx. */
export interface Scripted {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Close the connection without answering. */
  hangUp?: boolean;
  /** Do the work as usual (a postMessage lands in the history), then lose the answer. */
  doneThenHangUp?: boolean;
}

export interface HistoryMessage {
  type: 'message';
  ts: string;
  text: string;
  bot_id?: string;
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
}

export interface FakeSlackOptions {
  /** users.info answers: user id → Slack locale. */
  locales?: Record<string, string>;
}

/** A workspace the fake's authorize page installs the app into, as the person clicking Allow chose. */
export interface FakeWorkspace {
  teamId: string;
  teamName: string;
  installerId: string;
  botUserId: string;
  botId: string;
}

/** What a token the fake issued stands for. */
interface Issued {
  workspace: FakeWorkspace;
  scopes: string;
}

/** The app's OAuth settings as Slack knows them (App Credentials, Redirect URLs). */
export interface FakeOAuthApp {
  clientId: string;
  clientSecret: string;
  /** The app's one redirect URL: where Allow sends the browser back. */
  redirectUrl: string;
}

export class FakeSlack {
  readonly calls: Call[] = [];
  readonly socketFrames: Record<string, unknown>[] = [];
  /** While set, users.info answers only after this resolves. */
  usersInfoGate: Promise<void> | undefined;
  locales: Record<string, string>;
  /** auth.test answers invalid_auth while false. */
  tokenValid = true;
  /** users.info fails with missing_scope for these users. */
  noScopeUsers = new Set<string>();
  /** users.info says these users are workspace admins / owners. */
  admins = new Set<string>();
  owners = new Set<string>();
  /** Messages per channel, oldest first; chat.postMessage appends, conversations.history reads. */
  readonly history = new Map<string, HistoryMessage[]>();
  /** Set to serve OAuth: the authorize page and oauth.v2.access. */
  oauthApp: FakeOAuthApp | undefined;
  /** The workspace the next Allow installs into. */
  nextWorkspace: FakeWorkspace = workspace('T0FAKE', 'Fake');
  /** Bot tokens issued through oauth.v2.access, and those since revoked (answered token_revoked). */
  readonly issued = new Map<string, Issued>();
  readonly revoked = new Set<string>();
  /** Authorization codes handed out and not yet exchanged: each works once. */
  private readonly codes = new Map<string, Issued>();
  private readonly scripts = new Map<string, Scripted[]>();
  private tsCounter = 0;
  private readonly waiters: Waiter[] = [];
  private frameWaiters: { match: (f: Record<string, unknown>) => boolean; resolve: (f: Record<string, unknown>) => void }[] = [];
  private readonly server: Server;
  private readonly wss = new WebSocketServer({ noServer: true });
  private sockets = new Set<WebSocket>();
  private socketsGone: (() => void)[] = [];
  port = 0;

  constructor(opts: FakeSlackOptions = {}) {
    this.locales = opts.locales ?? {};
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.on('upgrade', (req, socket, head) => {
      this.wss.handleUpgrade(req, socket, head, (ws) => {
        this.sockets.add(ws);
        ws.on('close', () => {
          this.sockets.delete(ws);
          if (this.sockets.size === 0) for (const f of this.socketsGone.splice(0)) f();
        });
        ws.on('message', (data) => {
          const frame = JSON.parse(String(data)) as Record<string, unknown>;
          this.socketFrames.push(frame);
          this.frameWaiters = this.frameWaiters.filter((w) => {
            if (!w.match(frame)) return true;
            w.resolve(frame);
            return false;
          });
        });
        // Without hello, Bolt's app.start() never resolves.
        ws.send(JSON.stringify({ type: 'hello', num_connections: 1 }));
      });
    });
  }

  async start(): Promise<this> {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  responseUrl(id: string): string {
    return `http://127.0.0.1:${this.port}/response/${id}`;
  }

  /** The next (or an already recorded) call whose path matches. */
  waitFor(path: string | RegExp, match: (c: Call) => boolean = () => true): Promise<Call> {
    const m = (c: Call) => (typeof path === 'string' ? c.path === path : path.test(c.path)) && match(c);
    const done = this.calls.find(m);
    if (done) return Promise.resolve(done);
    return new Promise((resolve) => this.waiters.push({ match: m, resolve }));
  }

  callsTo(path: string): Call[] {
    return this.calls.filter((c) => c.path === path);
  }

  /** The next calls to `path` get these answers, in order, instead of the usual one. */
  script(path: string, ...answers: Scripted[]): void {
    this.scripts.set(path, [...(this.scripts.get(path) ?? []), ...answers]);
  }

  /** Pushes a Socket Mode envelope to every connected client. */
  push(envelope: Record<string, unknown>): void {
    for (const ws of this.sockets) ws.send(JSON.stringify(envelope));
  }

  waitForFrame(match: (f: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
    const done = this.socketFrames.find(match);
    if (done) return Promise.resolve(done);
    return new Promise((resolve) => this.frameWaiters.push({ match, resolve }));
  }

  /** Resolves once every Socket Mode client has closed its connection. */
  allSocketsClosed(): Promise<void> {
    if (this.sockets.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.socketsGone.push(resolve));
  }

  get socketCount(): number {
    return this.sockets.size;
  }

  async close(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const type = req.headers['content-type'] ?? '';
    let body: Record<string, unknown> = {};
    if (type.startsWith('application/json')) body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    else if (raw) {
      body = { ...parseQuery(raw) };
      // The Web API client sends blocks as a JSON string inside the form.
      for (const k of ['blocks', 'attachments', 'metadata']) if (typeof body[k] === 'string') body[k] = JSON.parse(body[k] as string);
    }
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname;
    if (path === '/oauth/v2/authorize') {
      this.calls.push({ path, headers: req.headers, body: Object.fromEntries(url.searchParams) });
      this.authorizePage(url.searchParams, res);
      return;
    }
    const call: Call = { path, headers: req.headers, body };
    const scripted = this.scripts.get(path)?.shift();
    const answer = scripted && !scripted.doneThenHangUp ? { status: scripted.status ?? 200, body: scripted.body ?? { ok: true }, headers: scripted.headers } : await this.answer(call);
    this.calls.push(call);
    for (const w of [...this.waiters]) {
      if (w.match(call)) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve(call);
      }
    }
    if (scripted?.hangUp || scripted?.doneThenHangUp) {
      req.socket.destroy();
      return;
    }
    res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
    res.end(JSON.stringify(answer.body));
  }

  private nextTs(): string {
    this.tsCounter += 1;
    return `${Math.floor(Date.now() / 1000)}.${String(this.tsCounter).padStart(6, '0')}`;
  }

  /**
   * Slack's authorize page, reduced to its outcome: the app, the scopes asked for, and an Allow
   * link back to the app's redirect URL with a one-time code and the state it was given.
   */
  private authorizePage(q: URLSearchParams, res: ServerResponse): void {
    const app = this.oauthApp;
    const page = (status: number, html: string) => {
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html><body>${html}</body></html>`);
    };
    if (!app || q.get('client_id') !== app.clientId) {
      page(400, '<h1>Invalid client_id parameter</h1>');
      return;
    }
    const redirect = q.get('redirect_uri') ?? app.redirectUrl;
    if (redirect !== app.redirectUrl) {
      page(400, '<h1>redirect_uri did not match any configured URIs</h1>');
      return;
    }
    const code = `${this.nextWorkspace.teamId}.${randomBytes(12).toString('hex')}`;
    this.codes.set(code, { workspace: this.nextWorkspace, scopes: q.get('scope') ?? '' });
    const back = new URL(redirect);
    back.searchParams.set('code', code);
    const state = q.get('state');
    if (state !== null) back.searchParams.set('state', state);
    const cancel = new URL(redirect);
    cancel.searchParams.set('error', 'access_denied');
    if (state !== null) cancel.searchParams.set('state', state);
    const esc = (t: string) => t.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
    page(
      200,
      `<h1>Wattson is requesting permission to access the ${esc(this.nextWorkspace.teamName)} Slack workspace</h1><p id="scopes">${esc(q.get('scope') ?? '')}</p><a id="allow" href="${esc(back.toString())}">Allow</a> <a id="cancel" href="${esc(cancel.toString())}">Cancel</a>`,
    );
  }

  /** What oauth.v2.access answers for a code: Slack's v2 response for a bot install. */
  private exchange(call: Call): { status: number; body: unknown } {
    const app = this.oauthApp;
    const b = call.body;
    if (!app || b['client_id'] !== app.clientId) return { status: 200, body: { ok: false, error: 'invalid_client_id' } };
    if (b['client_secret'] !== app.clientSecret) return { status: 200, body: { ok: false, error: 'bad_client_secret' } };
    const code = String(b['code'] ?? '');
    const grant = this.codes.get(code);
    if (!grant) return { status: 200, body: { ok: false, error: 'invalid_code' } };
    this.codes.delete(code);
    const w = grant.workspace;
    const token = `xoxb-${w.teamId}-${randomBytes(10).toString('hex')}`;
    this.issued.set(token, grant);
    return {
      status: 200,
      body: {
        ok: true,
        app_id: 'A0FAKE',
        authed_user: { id: w.installerId },
        scope: grant.scopes,
        token_type: 'bot',
        access_token: token,
        bot_user_id: w.botUserId,
        team: { id: w.teamId, name: w.teamName },
        enterprise: null,
        is_enterprise_install: false,
      },
    };
  }

  /** The tokens issued to one workspace, newest last. */
  tokensOf(teamId: string): string[] {
    return [...this.issued].filter(([, i]) => i.workspace.teamId === teamId).map(([t]) => t);
  }

  private async answer(call: Call): Promise<{ status: number; body: unknown; headers?: Record<string, string> }> {
    const bearer = /^Bearer (.+)$/.exec(String(call.headers.authorization ?? ''))?.[1];
    if (bearer && this.revoked.has(bearer)) return { status: 200, body: { ok: false, error: 'token_revoked' } };
    const issued = bearer ? this.issued.get(bearer) : undefined;
    switch (call.path) {
      case '/api/oauth.v2.access':
        return this.exchange(call);
      case '/api/auth.test':
        if (issued) {
          const w = issued.workspace;
          return { status: 200, body: { ok: true, url: `https://${w.teamId.toLowerCase()}.slack.com/`, team: w.teamName, user: 'wattson', team_id: w.teamId, user_id: w.botUserId, bot_id: w.botId } };
        }
        if (!this.tokenValid) return { status: 200, body: { ok: false, error: 'invalid_auth' } };
        return { status: 200, body: { ok: true, url: 'https://fake.slack.com/', team: 'Fake', user: 'wattson', team_id: 'T0FAKE', user_id: 'UBOT', bot_id: 'BBOT' } };
      case '/api/users.info': {
        if (this.usersInfoGate) await this.usersInfoGate;
        const id = String(call.body['user'] ?? '');
        if (this.noScopeUsers.has(id)) return { status: 200, body: { ok: false, error: 'missing_scope', needed: 'users:read' } };
        return { status: 200, body: { ok: true, user: { id, name: id.toLowerCase(), locale: this.locales[id] ?? 'en-US', is_admin: this.admins.has(id), is_owner: this.owners.has(id) } } };
      }
      case '/api/chat.postMessage': {
        const channel = String(call.body['channel'] ?? '');
        const ts = this.nextTs();
        const meta = call.body['metadata'] as HistoryMessage['metadata'] | undefined;
        const list = this.history.get(channel) ?? [];
        list.push({ type: 'message', ts, text: String(call.body['text'] ?? ''), bot_id: 'BBOT', ...(meta && { metadata: meta }) });
        this.history.set(channel, list);
        return { status: 200, body: { ok: true, channel, ts, message: { ts } } };
      }
      case '/api/conversations.history': {
        // As Slack: newest first, at most `limit`, metadata only when include_all_metadata is set.
        const list = [...(this.history.get(String(call.body['channel'] ?? '')) ?? [])].reverse();
        const limit = Number(call.body['limit'] ?? 100);
        const withMeta = call.body['include_all_metadata'] === 'true' || call.body['include_all_metadata'] === true;
        const messages = list.slice(0, limit).map(({ metadata, ...m }) => (withMeta && metadata ? { ...m, metadata } : m));
        return { status: 200, body: { ok: true, messages, has_more: list.length > limit } };
      }
      case '/api/chat.postEphemeral':
        return { status: 200, body: { ok: true, channel: call.body['channel'], ts: `${Date.now() / 1000}`, message_ts: `${Date.now() / 1000}` } };
      case '/api/apps.connections.open':
        return { status: 200, body: { ok: true, url: `ws://127.0.0.1:${this.port}/socket?ticket=fake` } };
      default:
        if (call.path.startsWith('/response/')) return { status: 200, body: { ok: true } };
        return { status: 404, body: { ok: false, error: 'unknown_method' } };
    }
  }
}

export function workspace(teamId: string, teamName: string): FakeWorkspace {
  return { teamId, teamName, installerId: `U${teamId}ADMIN`, botUserId: `U${teamId}BOT`, botId: `B${teamId}` };
}

export const SIGNING_SECRET = 'test-signing-secret-0123456789';

export function sign(body: string, timestamp: number, secret = SIGNING_SECRET): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface Posted {
  status: number;
  text: string;
  json: () => Record<string, unknown>;
}

/** POSTs to the app the way Slack does: exact content type, signature over the raw body. */
export async function postToApp(port: number, body: string, opts: { contentType?: string; timestamp?: number; signature?: string | null; secret?: string } = {}): Promise<Posted> {
  const timestamp = opts.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = { 'content-type': opts.contentType ?? 'application/x-www-form-urlencoded' };
  if (opts.signature !== null) {
    headers['x-slack-request-timestamp'] = String(timestamp);
    headers['x-slack-signature'] = opts.signature ?? sign(body, timestamp, opts.secret);
  }
  const res = await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', headers, body });
  const text = await res.text();
  return { status: res.status, text, json: () => JSON.parse(text) as Record<string, unknown> };
}

/**
 * POSTs exactly these header lines (a flat [name, value, …] list, as Node's rawHeaders: names
 * may repeat) and this body, with nothing added but Host and Content-Length when absent. For
 * header spellings fetch would normalise or merge.
 */
export function postRaw(port: number, body: string | Buffer, headers: string[], path = '/slack/events'): Promise<Posted> {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  const has = (name: string) => headers.some((h, i) => i % 2 === 0 && h.toLowerCase() === name);
  // Given a list, Node adds no header of its own, and HTTP/1.1 servers refuse a request without Host.
  const lines = [...(has('host') ? [] : ['host', `127.0.0.1:${port}`]), ...headers, ...(has('content-length') ? [] : ['content-length', String(bytes.length)])];
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: 'POST', path, headers: lines }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, text, json: () => JSON.parse(text) as Record<string, unknown> });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(bytes);
  });
}

/** Header lines of a request signed as Slack signs it: the canonical timestamp and its v0 HMAC. */
export function signedHeaders(body: string | Buffer, opts: { timestamp?: number; contentType?: string; secret?: string } = {}): string[] {
  const timestamp = opts.timestamp ?? Math.floor(Date.now() / 1000);
  return ['content-type', opts.contentType ?? 'application/x-www-form-urlencoded', 'x-slack-request-timestamp', String(timestamp), 'x-slack-signature', sign(String(body), timestamp, opts.secret)];
}

/** A block_actions payload: one of Wattson's buttons clicked, answered through `responseUrl`. */
export function buttonPayload(responseUrl: string, value = '/fact topics', actionId = 'wattson-run-0'): Record<string, unknown> {
  return {
    type: 'block_actions',
    team: { id: 'T0FAKE', domain: 'fake' },
    user: { id: 'U0ANN', username: 'ann', name: 'ann', team_id: 'T0FAKE' },
    api_app_id: 'A0FAKE',
    token: 'legacy',
    container: { type: 'message', message_ts: '1.1', channel_id: 'C0CHAN', is_ephemeral: false },
    trigger_id: 'trig-button',
    channel: { id: 'C0CHAN', name: 'general' },
    response_url: responseUrl,
    actions: [{ type: 'button', action_id: actionId, block_id: 'b1', text: { type: 'plain_text', text: 'Topics' }, value, action_ts: '1.2' }],
  };
}

export function commandBody(fields: Record<string, string>): string {
  return new URLSearchParams({
    token: 'legacy-verification-token',
    team_id: 'T0FAKE',
    team_domain: 'fake',
    channel_id: 'C0CHAN',
    channel_name: 'general',
    user_id: 'U0ANN',
    user_name: 'ann',
    command: '/wattson',
    api_app_id: 'A0FAKE',
    trigger_id: `trig-${Math.random().toString(36).slice(2)}`,
    ...fields,
  }).toString();
}

export function eventBody(event: Record<string, unknown>, id = `Ev${Math.random().toString(36).slice(2)}`, team = 'T0FAKE', botUserId = 'UBOT'): string {
  return JSON.stringify({
    token: 'legacy-verification-token',
    team_id: team,
    api_app_id: 'A0FAKE',
    type: 'event_callback',
    event_id: id,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ enterprise_id: null, team_id: team, user_id: botUserId, is_bot: true, is_enterprise_install: false }],
    event,
  });
}

/** Every text string in a Slack payload, wherever it sits. */
export function allTexts(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(allTexts);
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => (k === 'value' || k === 'action_id' || k === 'type' ? [] : allTexts(v)));
  }
  return [];
}
