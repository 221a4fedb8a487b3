import pLimit from 'p-limit';
import { execute, type Runtime } from '../dispatch/execute.js';
import type { Reply } from '../replies/model.js';
import { newOwner, retireOwner } from './claims.js';
import type { Deliver, DeliverResult } from './deliver.js';
import { inDeck } from './post-reply.js';
import { endOfLocalDay } from './schedule.js';
import type { DailyStore, PostRow, Subscription } from './store.js';

/**
 * Posts one channel's fact for one local day, exactly once: claim the day in the database
 * first, then deliver with the day's nonce; retry rate limits and server errors with backoff
 * until the local day ends; pause the subscription when the channel is gone or closed to us.
 */

export type PostOutcome =
  | { status: 'sent'; messageId: string; resend: boolean; attempts: number }
  | { status: 'skipped' }
  | { status: 'paused'; reason: string }
  | { status: 'failed'; reason: string }
  | { status: 'stopped' };

export interface PosterOptions {
  store: DailyStore;
  rt: Runtime;
  platforms: ReadonlyMap<string, Deliver>;
  clock: () => number;
  /** Deliveries in flight at once, across all channels. */
  concurrency?: number;
  /** How long a claim stays with its owner without a renewal; renewed before each attempt. */
  leaseMs?: number;
  deliverTimeoutMs?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  random?: () => number;
  /** The host part of this poster's owner id (default the machine's name); see newOwner. */
  host?: string;
}

export interface Poster {
  readonly owner: string;
  readonly leaseMs: number;
  post(sub: Subscription, localDate: string): Promise<PostOutcome>;
  inFlight(): number;
  stop(): Promise<void>;
}

type Failure = DeliverResult & { ok: false };

function describe(f: Failure): string {
  return f.detail ? `${f.kind}: ${f.detail}` : f.kind;
}

const PERMANENT = new Set(['permission', 'missing-channel', 'archived', 'removed']);

async function guarded(deliver: () => Promise<DeliverResult>, timeoutMs: number): Promise<DeliverResult> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      deliver(),
      new Promise<DeliverResult>((resolve) => {
        timer = setTimeout(() => resolve({ ok: false, kind: 'transient', detail: `no answer within ${timeoutMs} ms` }), timeoutMs);
      }),
    ]);
  } catch (err) {
    // A throwing adapter is treated like a network error: the nonce makes the retry safe.
    return { ok: false, kind: 'transient', detail: err instanceof Error ? err.message.slice(0, 200) : String(err) };
  } finally {
    clearTimeout(timer);
  }
}

export function createPoster(opts: PosterOptions): Poster {
  const { store, rt, platforms, clock } = opts;
  const log = rt.log;
  const leaseMs = opts.leaseMs ?? 10 * 60_000;
  const timeoutMs = opts.deliverTimeoutMs ?? 30_000;
  const baseMs = opts.backoffBaseMs ?? 2_000;
  const maxMs = opts.backoffMaxMs ?? 5 * 60_000;
  const random = opts.random ?? Math.random;
  // A slot is held only while a delivery is in flight, never while a channel waits to retry,
  // so a channel that keeps failing cannot hold up the others.
  const slot = pLimit(opts.concurrency ?? 64);
  // The store marks the owner alive (a Postgres session lock) at its first claim, until stop().
  const owner = newOwner(opts.host);
  const factIds = rt.store.facts.map((f) => f.id);
  const running = new Map<string, Promise<PostOutcome>>();
  const abort = new AbortController();

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (abort.signal.aborted) return resolve();
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        abort.signal.removeEventListener('abort', done);
        resolve();
      }
      abort.signal.addEventListener('abort', done);
    });

  /** Exponential with jitter; a server's retry-after is honoured, spread a little so a crowd does not return at once. */
  const waitFor = (f: Failure, attempt: number) =>
    f.retryAfterMs !== undefined ? Math.ceil(f.retryAfterMs * (1 + 0.2 * random())) : Math.ceil(Math.min(maxMs, baseMs * 2 ** (attempt - 1)) * (0.5 + 0.5 * random()));

  /**
   * The message is out: losing the record of it to a database blip would have it sent again
   * once the lease ends, past what the platform dedupes, so the write is tried a few times.
   */
  async function recordSent(id: number, messageId: string, at: number): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await store.markSent(id, messageId, at);
        return;
      } catch (err) {
        if (attempt >= 4) throw err;
        log.warn({ err, post: id, attempt }, 'could not record a sent daily post; trying again');
        await new Promise((r) => setTimeout(r, 250 * 2 ** attempt));
      }
    }
  }

  interface Job {
    post: PostRow;
    resend: boolean;
    reply: Reply;
    about: Record<string, unknown>;
  }

  /**
   * Claims the day (or takes over an abandoned claim) and builds the post it will carry, by
   * running the fact command for the card's fact as a user's /fact would be run.
   */
  async function begin(sub: Subscription, localDate: string): Promise<Job | PostOutcome> {
    const claimed = await store.claim({ platform: sub.platform, channelId: sub.channelId, localDate, owner, now: clock(), leaseMs, factIds });
    if (!claimed) return { status: 'skipped' };
    const { post, resend } = claimed;
    const about = { platform: sub.platform, channel: sub.channelId, date: localDate, fact: post.factId, nonce: post.nonce };
    const card = { factId: post.factId ?? '', number: post.deckNumber ?? 1, total: post.deckTotal ?? factIds.length };
    const { reply } = await execute({ command: 'fact', args: { id: card.factId }, locale: sub.locale, caller: { platform: sub.platform, channel: { id: sub.channelId } } }, rt);
    if (reply.kind !== 'error' && reply.data.facts?.[0] === card.factId) return { post, resend, reply: inDeck(reply, card, sub.locale), about };
    const reason = `could not build the post: ${reply.data.error?.message ?? `the fact command did not answer with ${card.factId}`}`;
    await store.markFailed(post.id, reason);
    await store.recordError(sub.platform, sub.channelId, reason, clock());
    log.error({ ...about, reason }, 'daily post could not be built');
    return { status: 'failed', reason };
  }

  async function run(sub: Subscription, localDate: string, deliver: Deliver): Promise<PostOutcome> {
    const target = { channelId: sub.channelId, ...(sub.spaceId && { spaceId: sub.spaceId }) };
    let job: Job | undefined;
    for (let attempt = 1; ; attempt++) {
      // The claim waits for a slot too: thousands due at once are claimed as fast as they can
      // be sent, not in one long synchronous burst that would stall the process and leave every
      // one of them in doubt after a crash. Stop is checked inside the slot, so nothing queued
      // behind a full pool starts afterwards.
      const step = await slot(async (): Promise<PostOutcome | DeliverResult> => {
        if (abort.signal.aborted) return { status: 'stopped' };
        if (!job) {
          const begun = await begin(sub, localDate);
          if ('status' in begun) return begun;
          job = begun;
        }
        const { reply, post, resend } = job;
        return guarded(() => deliver(target, reply, { nonce: post.nonce, locale: sub.locale, maybeSent: resend || attempt > 1 }), timeoutMs);
      });
      if ('status' in step) return step;
      const { post, resend, about } = job!;
      const result = step;
      const now = clock();
      if (result.ok) {
        await recordSent(post.id, result.messageId, now);
        // Only an error that is there needs clearing: thousands of posts, one write fewer each.
        if (sub.lastError !== null || attempt > 1) await store.recordError(sub.platform, sub.channelId, null, now);
        log.info({ ...about, messageId: result.messageId, attempts: attempt, resend }, 'daily post sent');
        return { status: 'sent', messageId: result.messageId, resend, attempts: attempt };
      }
      const reason = describe(result);
      if (PERMANENT.has(result.kind)) {
        await store.markFailed(post.id, reason);
        await store.pause(sub.platform, sub.channelId, result.kind, reason, now);
        log.warn({ ...about, reason }, 'daily post refused: subscription paused');
        return { status: 'paused', reason: result.kind };
      }
      await store.recordError(sub.platform, sub.channelId, reason, now);
      const wait = waitFor(result, attempt);
      if (now + wait >= endOfLocalDay(sub.timezone, localDate)) {
        await store.markFailed(post.id, `gave up when the day ended: ${reason}`);
        log.warn({ ...about, reason, attempts: attempt }, 'daily post given up at the end of its day');
        return { status: 'failed', reason };
      }
      log.debug({ ...about, reason, wait, attempt }, 'daily post will be retried');
      await sleep(wait);
      if (abort.signal.aborted) return { status: 'stopped' };
      // Losing the lease means another process took the post over; it carries on, we stop.
      if (!(await store.touch(post.id, owner, clock(), reason))) return { status: 'skipped' };
    }
  }

  return {
    owner,
    leaseMs,
    post(sub, localDate) {
      const key = `${sub.platform}\u0000${sub.channelId}\u0000${localDate}`;
      const already = running.get(key);
      if (already) return already.then(() => ({ status: 'skipped' }) as const);
      const deliver = platforms.get(sub.platform);
      if (!deliver || abort.signal.aborted) return Promise.resolve({ status: 'skipped' });
      const p = run(sub, localDate, deliver)
        .catch((err: unknown): PostOutcome => {
          log.error({ err, platform: sub.platform, channel: sub.channelId, date: localDate }, 'daily post failed unexpectedly');
          return { status: 'failed', reason: err instanceof Error ? err.message : String(err) };
        })
        .finally(() => running.delete(key));
      running.set(key, p);
      return p;
    },
    inFlight: () => running.size,
    async stop() {
      abort.abort();
      await Promise.allSettled([...running.values()]);
      retireOwner(owner);
      await store.releaseOwner(owner).catch((err: unknown) => log.warn({ err }, 'could not release the daily poster lock; it goes with the connection'));
    },
  };
}
