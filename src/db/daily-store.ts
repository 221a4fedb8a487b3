import { type Claimed, type ClaimRequest, nonceFor, ownerGone } from '../daily/claims.js';
import { nextCard } from '../daily/deck.js';
import type { DailyStore, PostRow, PostState, Subscription } from '../daily/store.js';
import type { Database, Row, Sql } from './sql.js';

/**
 * The daily store on either engine. The SQL is the same for both except where a claim locks:
 * SQLite's transactions hold the whole file (BEGIN IMMEDIATE), while on Postgres a claim locks
 * only its channel's subscription row with FOR UPDATE SKIP LOCKED. A replica that finds the row
 * locked leaves that channel to the replica holding it and moves on, so three replicas walking
 * the same 2,000 due channels split them instead of queueing behind each other.
 */

function toSubscription(r: Row): Subscription {
  return {
    platform: r['platform'] as string,
    channelId: r['channel_id'] as string,
    spaceId: (r['space_id'] as string | null) ?? null,
    time: r['time'] as string,
    timezone: r['timezone'] as string,
    locale: r['locale'] === 'zh' ? 'zh' : 'en',
    createdBy: r['created_by'] as string,
    createdAt: r['created_at'] as number,
    updatedAt: r['updated_at'] as number,
    activeSince: r['active_since'] as number,
    active: r['active'] === 1,
    pausedReason: (r['paused_reason'] as string | null) ?? null,
    pausedAt: (r['paused_at'] as number | null) ?? null,
    lastError: (r['last_error'] as string | null) ?? null,
    lastErrorAt: (r['last_error_at'] as number | null) ?? null,
    deckSeed: r['deck_seed'] as number,
    deckCycle: r['deck_cycle'] as number,
    deckPosition: r['deck_position'] as number,
  };
}

function toPost(r: Row): PostRow {
  return {
    id: r['id'] as number,
    platform: r['platform'] as string,
    channelId: r['channel_id'] as string,
    localDate: r['local_date'] as string,
    state: r['state'] as PostState,
    nonce: r['nonce'] as string,
    owner: r['owner'] as string,
    claimedAt: r['claimed_at'] as number,
    sentAt: (r['sent_at'] as number | null) ?? null,
    messageId: (r['message_id'] as string | null) ?? null,
    attempt: r['attempt'] as number,
    factId: (r['fact_id'] as string | null) ?? null,
    deckCycle: r['deck_cycle'] as number,
    deckNumber: (r['deck_number'] as number | null) ?? null,
    deckTotal: (r['deck_total'] as number | null) ?? null,
    lastError: (r['last_error'] as string | null) ?? null,
  };
}

const Q = {
  subscription: 'SELECT * FROM subscriptions WHERE platform = ? AND channel_id = ?',
  // Subscribing again is also how a paused subscription resumes; the deck carries on, and
  // who created it and when stay as they were.
  upsert: `INSERT INTO subscriptions (platform, channel_id, space_id, time, timezone, locale, created_by, created_at, updated_at, active, active_since, deck_seed)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)
           ON CONFLICT (platform, channel_id) DO UPDATE SET space_id = COALESCE(excluded.space_id, subscriptions.space_id), time = excluded.time,
             timezone = excluded.timezone, locale = excluded.locale, updated_at = excluded.updated_at, active = 1, active_since = excluded.active_since,
             paused_reason = NULL, paused_at = NULL, last_error = NULL, last_error_at = NULL`,
  // A day that failed (the channel was unreachable) may be tried again once it is fixed, if
  // the new time is still ahead today; the reason stays in the subscription's last error.
  forgetFailed: `DELETE FROM posts WHERE platform = ? AND channel_id = ? AND state = 'failed'`,
  unsubscribe: 'UPDATE subscriptions SET active = 0, updated_at = ? WHERE platform = ? AND channel_id = ? AND active = 1',
  // In a fixed order, so that every replica walks the due channels alike (and tests read stably).
  active: 'SELECT * FROM subscriptions WHERE active = 1 AND paused_reason IS NULL ORDER BY platform, channel_id',
  pause: 'UPDATE subscriptions SET paused_reason = ?, paused_at = ?, last_error = ?, last_error_at = ?, updated_at = ? WHERE platform = ? AND channel_id = ?',
  pauseSpace: `UPDATE subscriptions SET paused_reason = ?, paused_at = ?, last_error = ?, last_error_at = ?, updated_at = ?
               WHERE platform = ? AND space_id = ? AND active = 1 AND paused_reason IS NULL`,
  error: 'UPDATE subscriptions SET last_error = ?, last_error_at = ? WHERE platform = ? AND channel_id = ?',
  post: 'SELECT * FROM posts WHERE platform = ? AND channel_id = ? AND local_date = ?',
  postById: 'SELECT * FROM posts WHERE id = ?',
  lastSent: `SELECT * FROM posts WHERE platform = ? AND channel_id = ? AND state = 'sent' ORDER BY local_date DESC LIMIT 1`,
  ofChannel: 'SELECT * FROM posts WHERE platform = ? AND channel_id = ? ORDER BY local_date DESC LIMIT ?',
  unfinished: `SELECT * FROM posts WHERE state = 'claimed'`,
  dealt: `SELECT fact_id FROM posts WHERE platform = ? AND channel_id = ? AND deck_cycle = ? AND state != 'failed' AND fact_id IS NOT NULL`,
  insertPost: `INSERT INTO posts (platform, channel_id, local_date, state, nonce, owner, claimed_at, attempt, fact_id, deck_cycle, deck_number, deck_total)
               VALUES (?, ?, ?, 'claimed', ?, ?, ?, 1, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING *`,
  deck: 'UPDATE subscriptions SET deck_cycle = ?, deck_position = ? WHERE platform = ? AND channel_id = ?',
  takeover: `UPDATE posts SET owner = ?, claimed_at = ?, attempt = attempt + 1 WHERE id = ? AND state = 'claimed' AND owner = ? RETURNING *`,
  sent: `UPDATE posts SET state = 'sent', sent_at = ?, message_id = ?, last_error = NULL WHERE id = ? AND state != 'sent'`,
  failed: `UPDATE posts SET state = 'failed', last_error = ? WHERE id = ? AND state = 'claimed'`,
  touch: `UPDATE posts SET claimed_at = ?, attempt = attempt + 1, last_error = ? WHERE id = ? AND owner = ? AND state = 'claimed'`,
};

/** The name of the session lock that says an owner is alive. */
export const ownerLock = (owner: string) => `daily-owner|${owner}`;

export function dailyStore(db: Database): DailyStore {
  const pg = db.engine === 'postgres';
  // Postgres: the channel's row, locked, or nothing when another transaction holds it.
  const lockSubscription = pg ? `${Q.subscription} FOR UPDATE SKIP LOCKED` : Q.subscription;
  const locks = db.sessionLocks;
  const one = async (sql: Sql, text: string, params: (string | number | null)[]) => {
    const r = await sql.get(text, params);
    return r ? toPost(r) : undefined;
  };
  const gone = async (owner: string, tx?: Sql) => ownerGone(owner) || (locks !== undefined && (await locks.free(ownerLock(owner), tx)));

  return {
    subscribe: (input) =>
      db.transaction(async (tx) => {
        await tx.run(Q.upsert, [input.platform, input.channelId, input.spaceId ?? null, input.time, input.timezone, input.locale, input.createdBy, input.at, input.at, input.at, input.seed]);
        await tx.run(Q.forgetFailed, [input.platform, input.channelId]);
        return toSubscription((await tx.get(Q.subscription, [input.platform, input.channelId]))!);
      }),
    unsubscribe: async (platform, channelId, at) => (await db.run(Q.unsubscribe, [at, platform, channelId])) > 0,
    subscription: async (platform, channelId) => {
      const r = await db.get(Q.subscription, [platform, channelId]);
      return r ? toSubscription(r) : undefined;
    },
    activeSubscriptions: async () => (await db.all(Q.active)).map(toSubscription),
    pause: async (platform, channelId, reason, error, at) => {
      await db.run(Q.pause, [reason, at, error, at, at, platform, channelId]);
    },
    pauseSpace: (platform, spaceId, reason, error, at) => db.run(Q.pauseSpace, [reason, at, error, at, at, platform, spaceId]),
    recordError: async (platform, channelId, error, at) => {
      await db.run(Q.error, [error, error === null ? null : at, platform, channelId]);
    },
    post: (platform, channelId, localDate) => one(db, Q.post, [platform, channelId, localDate]),
    postById: (id) => one(db, Q.postById, [id]),
    postsOn: async (dates) => {
      if (dates.length === 0) return [];
      return (await db.all(`SELECT * FROM posts WHERE local_date IN (${dates.map(() => '?').join(', ')})`, [...dates])).map(toPost);
    },
    lastSent: (platform, channelId) => one(db, Q.lastSent, [platform, channelId]),
    postsOfChannel: async (platform, channelId, limit) => (await db.all(Q.ofChannel, [platform, channelId, limit])).map(toPost),
    unfinished: async () => (await db.all(Q.unfinished)).map(toPost),
    dealt: async (platform, channelId, cycle) => (await db.all<{ fact_id: string }>(Q.dealt, [platform, channelId, cycle])).map((r) => r.fact_id),

    claim: async (req: ClaimRequest) => {
      // A claimant must be seen alive before it holds anything, or the next replica to look
      // would take its fresh claim over at once. Taken once per owner; again if the session was lost.
      await locks?.hold(ownerLock(req.owner));
      // Most of what a replica finds in a shared fan-out is already another's: a day sent, or
      // held by a live owner. Told without a transaction; anything else is decided in one.
      const seen = await one(db, Q.post, [req.platform, req.channelId, req.localDate]);
      if (seen && (seen.state !== 'claimed' || (seen.claimedAt + req.leaseMs > req.now && !(await gone(seen.owner))))) return undefined;
      return db.transaction(async (tx): Promise<Claimed | undefined> => {
        // Locked first, so that on Postgres whoever holds the row is the only one deciding this channel's day.
        const row = await tx.get(lockSubscription, [req.platform, req.channelId]);
        if (!row) return undefined;
        const existing = await one(tx, Q.post, [req.platform, req.channelId, req.localDate]);
        if (!existing) {
          const sub = toSubscription(row);
          if (!sub.active || sub.pausedReason) return undefined;
          const dealt = (await tx.all<{ fact_id: string }>(Q.dealt, [req.platform, req.channelId, sub.deckCycle])).map((r) => r.fact_id);
          const card = nextCard(req.factIds, { seed: sub.deckSeed, cycle: sub.deckCycle, dealt: new Set(dealt) });
          const nonce = nonceFor(req.platform, req.channelId, req.localDate);
          const post = await one(tx, Q.insertPost, [req.platform, req.channelId, req.localDate, nonce, req.owner, req.now, card.factId, card.cycle, card.number, card.total]);
          if (!post) return undefined;
          await tx.run(Q.deck, [card.cycle, card.number, req.platform, req.channelId]);
          return { post, resend: false };
        }
        if (existing.state !== 'claimed') return undefined;
        const abandoned = existing.claimedAt + req.leaseMs <= req.now || (await gone(existing.owner, tx));
        if (!abandoned) return undefined;
        const post = await one(tx, Q.takeover, [req.owner, req.now, existing.id, existing.owner]);
        return post && { post, resend: true };
      });
    },
    markSent: async (id, messageId, at) => {
      await db.run(Q.sent, [at, messageId, id]);
    },
    markFailed: async (id, error) => {
      await db.run(Q.failed, [error, id]);
    },
    touch: async (id, owner, at, error) => (await db.run(Q.touch, [at, error, id, owner])) > 0,
    holdOwner: async (owner) => {
      await locks?.hold(ownerLock(owner));
    },
    releaseOwner: async (owner) => {
      await locks?.release(ownerLock(owner));
    },
    ownerGone: (owner) => gone(owner),
  };
}
