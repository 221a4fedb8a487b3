import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Deliver, DeliverResult } from '../../src/daily/deliver.js';

/**
 * A chat platform reduced to what daily posts need: post a message in a channel. Like Discord
 * with `enforce_nonce`, a second message with a nonce already used in that channel returns the
 * first message instead of creating another (switch it off to see what our own protocol does).
 * It records every request and every message, and can be told to refuse, rate-limit, fail or
 * hang per channel. Served on loopback HTTP for child processes, or called directly in-process.
 */

export interface Message {
  id: string;
  channel: string;
  nonce: string;
  text: string;
}

export interface Request {
  channel: string;
  nonce: string;
  status: number;
  /** Which process sent it, when the sender says (the replica test's children do). */
  from?: string;
}

/** One scripted answer: an HTTP status and, for 4xx, the failure kind it stands for. */
export interface Scripted {
  status: number;
  kind?: string;
  retryAfterMs?: number;
}

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

export class FakePlatform {
  readonly messages: Message[] = [];
  readonly requests: Request[] = [];
  dedupe = true;
  /** Per channel, answers to give before behaving normally (consumed in order). */
  readonly script = new Map<string, Scripted[]>();
  /** Per channel, an answer given every time. */
  readonly always = new Map<string, Scripted>();
  /** Channels whose requests are never answered. */
  readonly hang = new Set<string>();
  latencyMs: () => number = () => 0;
  /** Channels whose requests wait until the test releases them. */
  private readonly held = new Map<string, Promise<void>>();
  /** Called when a request arrives, before it is processed (the crash test kills here). */
  onRequest: ((channel: string, nonce: string, from: string | undefined) => void) | undefined;
  private server: Server | undefined;
  private seq = 0;

  async handle(channel: string, body: { nonce?: string; text?: string; from?: string }): Promise<Answer | undefined> {
    const nonce = String(body.nonce ?? '');
    const from = body.from;
    this.onRequest?.(channel, nonce, from);
    const delay = this.latencyMs();
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
    await this.held.get(channel);
    if (this.hang.has(channel)) return undefined;
    const scripted = this.script.get(channel)?.shift() ?? this.always.get(channel);
    if (scripted) {
      this.requests.push({ channel, nonce, status: scripted.status, ...(from && { from }) });
      const b: Record<string, unknown> = { error: scripted.kind ?? 'failure' };
      if (scripted.retryAfterMs !== undefined) b['retry_after'] = scripted.retryAfterMs / 1000;
      return { status: scripted.status, body: b };
    }
    this.requests.push({ channel, nonce, status: 200, ...(from && { from }) });
    const existing = this.dedupe && nonce ? this.messages.find((m) => m.channel === channel && m.nonce === nonce) : undefined;
    if (existing) return { status: 200, body: { id: existing.id, deduped: true } };
    const m: Message = { id: `m${++this.seq}`, channel, nonce, text: String(body.text ?? '') };
    this.messages.push(m);
    return { status: 200, body: { id: m.id } };
  }

  /** In-process delivery, mapped exactly as the HTTP client maps it. */
  readonly deliver: Deliver = async (target, reply, { nonce }) => {
    const answer = await this.handle(target.channelId, { nonce, text: reply.title });
    if (!answer) return new Promise<DeliverResult>(() => {});
    return toResult(answer.status, answer.body);
  };

  /** Holds a channel's requests; call the returned function to let them through. */
  hold(channel: string): () => void {
    let release!: () => void;
    this.held.set(channel, new Promise<void>((r) => (release = r)));
    return () => {
      this.held.delete(channel);
      release();
    };
  }

  messagesIn(channel: string): Message[] {
    return this.messages.filter((m) => m.channel === channel);
  }

  async listen(): Promise<string> {
    this.server = createServer((req, res) => void this.serve(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const m = /^\/channels\/([^/]+)\/messages$/.exec(req.url ?? '');
    if (req.method !== 'POST' || !m) {
      res.writeHead(404).end();
      return;
    }
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const answer = await this.handle(decodeURIComponent(m[1]!), JSON.parse(raw) as { nonce?: string; text?: string; from?: string });
    if (!answer) return;
    if (res.destroyed) return;
    res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
  }

  async close(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }
}

export function toResult(status: number, body: Record<string, unknown>): DeliverResult {
  if (status >= 200 && status < 300) return { ok: true, messageId: String(body['id']) };
  if (status === 429) return { ok: false, kind: 'rate-limited', retryAfterMs: Math.ceil(Number(body['retry_after'] ?? 1) * 1000) };
  if (status >= 500) return { ok: false, kind: 'transient', detail: `HTTP ${status}` };
  const kind = String(body['error']);
  if (kind === 'permission' || kind === 'missing-channel' || kind === 'archived' || kind === 'removed') return { ok: false, kind, detail: `HTTP ${status}` };
  return { ok: false, kind: 'transient', detail: `HTTP ${status} ${kind}` };
}

/** Delivery over loopback HTTP, for the child processes; `from` names the sender in each request. */
export function httpDeliver(base: string, from?: string): Deliver {
  return async (target, reply, { nonce }) => {
    const res = await fetch(`${base}/channels/${encodeURIComponent(target.channelId)}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ nonce, text: reply.title, ...(from && { from }) }),
    });
    return toResult(res.status, (await res.json()) as Record<string, unknown>);
  };
}
