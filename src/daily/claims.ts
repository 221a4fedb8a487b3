import { createHash, randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Statement } from 'better-sqlite3';
import { nextCard } from './deck.js';
import type { DailyStore, PostRow } from './store.js';

/**
 * The life of one post row: claimed before anything is sent, then sent or failed. The row is
 * UNIQUE per (platform, channel, local date), so the database itself refuses a second post for
 * a day, whichever process asks. A claimed row whose owner died (SIGKILL, power cut) is taken
 * over and sent again with the same nonce, so the platform can recognise it if the first
 * attempt did go out.
 */

/** Owners alive in this process; anything else with our pid is a stopped poster. */
const liveOwners = new Set<string>();

export function newOwner(): string {
  const id = `${hostname()}|${process.pid}|${randomUUID().slice(0, 8)}`;
  liveOwners.add(id);
  return id;
}

export function retireOwner(owner: string): void {
  liveOwners.delete(owner);
}

/** True when the owner certainly stopped: same host and its process is gone. Other hosts wait for the lease. */
export function ownerGone(owner: string): boolean {
  const [host, pidText] = owner.split('|');
  if (host !== hostname()) return false;
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return !liveOwners.has(owner);
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** One nonce per channel per local day, at most 25 characters as Discord allows. */
export function nonceFor(platform: string, channelId: string, localDate: string): string {
  return `w${createHash('sha256').update(`wattson-daily|${platform}|${channelId}|${localDate}`).digest('hex').slice(0, 24)}`;
}

export interface ClaimRequest {
  platform: string;
  channelId: string;
  localDate: string;
  owner: string;
  now: number;
  leaseMs: number;
  /** The fact ids in the store today. */
  factIds: readonly string[];
}

export interface Claimed {
  post: PostRow;
  /** A crashed or stopped owner's claim taken over: the platform may already have the message. */
  resend: boolean;
}

type Statements = Record<'insert' | 'deck' | 'takeover' | 'sent' | 'failed' | 'touch', Statement>;
const statements = new WeakMap<DailyStore, Statements>();

function prepared(store: DailyStore): Statements {
  let s = statements.get(store);
  if (!s) {
    const db = store.db;
    s = {
      insert: db.prepare(`INSERT INTO posts (platform, channel_id, local_date, state, nonce, owner, claimed_at, attempt, fact_id, deck_cycle, deck_number, deck_total)
                          VALUES (?, ?, ?, 'claimed', ?, ?, ?, 1, ?, ?, ?, ?) ON CONFLICT DO NOTHING`),
      deck: db.prepare('UPDATE subscriptions SET deck_cycle = ?, deck_position = ? WHERE platform = ? AND channel_id = ?'),
      takeover: db.prepare(`UPDATE posts SET owner = ?, claimed_at = ?, attempt = attempt + 1 WHERE id = ? AND state = 'claimed' AND owner = ?`),
      sent: db.prepare(`UPDATE posts SET state = 'sent', sent_at = ?, message_id = ?, last_error = NULL WHERE id = ? AND state != 'sent'`),
      failed: db.prepare(`UPDATE posts SET state = 'failed', last_error = ? WHERE id = ? AND state = 'claimed'`),
      touch: db.prepare(`UPDATE posts SET claimed_at = ?, attempt = attempt + 1, last_error = ? WHERE id = ? AND owner = ? AND state = 'claimed'`),
    };
    statements.set(store, s);
  }
  return s;
}

/**
 * Claims the day's post for a channel, dealing its fact in the same transaction, or takes over
 * an abandoned claim. Undefined means there is nothing for this caller to do: the day is
 * already sent or failed, or another live owner holds it.
 */
export function claim(store: DailyStore, req: ClaimRequest): Claimed | undefined {
  const s = prepared(store);
  return store.db
    .transaction((): Claimed | undefined => {
      const existing = store.post(req.platform, req.channelId, req.localDate);
      if (!existing) {
        const sub = store.subscription(req.platform, req.channelId);
        if (!sub?.active || sub.pausedReason) return undefined;
        const card = nextCard(req.factIds, { seed: sub.deckSeed, cycle: sub.deckCycle, dealt: new Set(store.dealt(req.platform, req.channelId, sub.deckCycle)) });
        const nonce = nonceFor(req.platform, req.channelId, req.localDate);
        if (s.insert.run(req.platform, req.channelId, req.localDate, nonce, req.owner, req.now, card.factId, card.cycle, card.number, card.total).changes === 0) return undefined;
        s.deck.run(card.cycle, card.number, req.platform, req.channelId);
        return { post: store.post(req.platform, req.channelId, req.localDate)!, resend: false };
      }
      if (existing.state !== 'claimed') return undefined;
      const abandoned = existing.claimedAt + req.leaseMs <= req.now || ownerGone(existing.owner);
      if (!abandoned) return undefined;
      if (s.takeover.run(req.owner, req.now, existing.id, existing.owner).changes === 0) return undefined;
      return { post: store.postById(existing.id)!, resend: true };
    })
    .immediate();
}

export function markSent(store: DailyStore, id: number, messageId: string, at: number): void {
  prepared(store).sent.run(at, messageId, id);
}

export function markFailed(store: DailyStore, id: number, error: string): void {
  prepared(store).failed.run(error, id);
}

/** Renews the lease before another attempt; false if another owner took the claim meanwhile. */
export function touch(store: DailyStore, id: number, owner: string, at: number, error: string | null): boolean {
  return prepared(store).touch.run(at, error, id, owner).changes > 0;
}
