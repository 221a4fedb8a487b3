import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database, { type Database as Db } from 'better-sqlite3';
import type { Locale } from '../locale.js';
import { FULL_BELOW_BYTES, formatBytes, freeBytes, undoFirstStart } from './disk.js';
import { migrate, SCHEMA_VERSION, schemaVersion } from './migrations.js';

/**
 * The daily-post database: subscriptions and the per-channel-per-day post claims. Every call is
 * synchronous (better-sqlite3), so commands can use it directly. Opening it is the one place a
 * broken file is noticed; that is a start-up error naming the file and the fix, never a quiet
 * new database over the old one.
 */

export class DailyStoreError extends Error {
  override name = 'DailyStoreError';
  constructor(
    readonly path: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export type PostState = 'claimed' | 'sent' | 'failed';

export interface Subscription {
  platform: string;
  channelId: string;
  spaceId: string | null;
  time: string;
  timezone: string;
  locale: Locale;
  createdBy: string;
  createdAt: number;
  updatedAt: number;
  /** Fires before this instant do not count: a new or changed subscription never posts for the past. */
  activeSince: number;
  active: boolean;
  pausedReason: string | null;
  pausedAt: number | null;
  lastError: string | null;
  lastErrorAt: number | null;
  deckSeed: number;
  deckCycle: number;
  deckPosition: number;
}

export interface PostRow {
  id: number;
  platform: string;
  channelId: string;
  localDate: string;
  state: PostState;
  nonce: string;
  owner: string;
  claimedAt: number;
  sentAt: number | null;
  messageId: string | null;
  attempt: number;
  factId: string | null;
  deckCycle: number;
  deckNumber: number | null;
  deckTotal: number | null;
  lastError: string | null;
}

export interface SubscribeInput {
  platform: string;
  channelId: string;
  spaceId?: string | undefined;
  time: string;
  timezone: string;
  locale: Locale;
  createdBy: string;
  seed: number;
  at: number;
}

type Row = Record<string, unknown>;

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

const FIX = 'Set WATTSON_DB to a writable file path, or fix the permissions of this one.';
const MOVE_ASIDE = 'Wattson will not overwrite it. Move it aside (keep it: it holds the subscriptions) and restore a backup, or start with a new database by setting WATTSON_DB to another path.';

/** A full disk, whichever way it shows: SQLite's SQLITE_FULL, an ENOSPC, or an I/O error with no room left. */
function fullDisk(path: string, code: string): { free: number | undefined } | undefined {
  const free = freeBytes(dirname(path));
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') return { free };
  if (code.startsWith('SQLITE_IOERR') && free !== undefined && free < FULL_BELOW_BYTES) return { free };
  return undefined;
}

/** The error a user reads for a database that failed: what happened to which file, and the fix. */
export function explainDbError(path: string, err: unknown): DailyStoreError {
  const code = (err as { code?: string }).code ?? '';
  const what = err instanceof Error ? err.message : String(err);
  const full = fullDisk(path, code);
  if (full) {
    const dir = dirname(path);
    const left = full.free === undefined ? '' : `, ${formatBytes(full.free)} left`;
    return new DailyStoreError(
      path,
      `the disk holding the daily-post database ${path} is full (${what}${left}). Free space on the file system of ${dir} (see df -h ${dir}), or set WATTSON_DB to a file on a disk with room.`,
      {
        cause: err,
      },
    );
  }
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return new DailyStoreError(path, `the daily-post database ${path} is damaged or is not a SQLite database (${what}). ${MOVE_ASIDE}`, { cause: err });
  }
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_PERM') || code.startsWith('SQLITE_IOERR')) {
    return new DailyStoreError(path, `cannot write the daily-post database ${path} (${what}). ${FIX}`, { cause: err });
  }
  if (code === 'SQLITE_BUSY') {
    return new DailyStoreError(path, `the daily-post database ${path} stayed locked by another process (${what}). Check for a stuck Wattson, then start again.`, { cause: err });
  }
  return new DailyStoreError(path, `cannot open the daily-post database ${path}: ${what}. ${FIX}`, { cause: err });
}

export interface OpenOptions {
  /** How long a write waits for another process's lock before failing. */
  busyTimeoutMs?: number;
}

export function openDailyDb(path: string, opts: OpenOptions = {}): Db {
  const memory = path === ':memory:';
  const full = memory ? path : resolve(path);
  let createdDir: string | undefined;
  if (!memory) {
    try {
      createdDir = mkdirSync(dirname(full), { recursive: true });
    } catch (err) {
      if (fullDisk(full, (err as NodeJS.ErrnoException).code ?? '')) throw explainDbError(full, err);
      throw new DailyStoreError(full, `cannot create the directory for the daily-post database ${full} (${(err as Error).message}). ${FIX}`, { cause: err });
    }
  }
  // A first start that fails (a full disk, most often) must not leave an empty database
  // behind; one that was there before is never touched.
  const undo = memory ? () => {} : undoFirstStart(full, createdDir);
  let db: Db | undefined;
  try {
    db = new Database(full);
    db.pragma(`busy_timeout = ${opts.busyTimeoutMs ?? 5000}`);
    const version = schemaVersion(db);
    if (version > SCHEMA_VERSION) {
      throw new DailyStoreError(
        full,
        `the daily-post database ${full} has schema version ${version}, written by a newer Wattson (this one knows up to ${SCHEMA_VERSION}). Upgrade Wattson, or set WATTSON_DB to another file.`,
      );
    }
    if (!memory) {
      const mode = db.pragma('journal_mode = WAL', { simple: true });
      if (mode !== 'wal') throw new DailyStoreError(full, `the daily-post database ${full} cannot use WAL mode (got "${String(mode)}"); put it on a local disk. ${FIX}`);
    }
    // A claim must survive a power cut before the message is sent, so every commit is synced.
    db.pragma('synchronous = FULL');
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw Object.assign(new Error(String(check)), { code: 'SQLITE_CORRUPT' });
    migrate(db);
    // Proves the file is writable now rather than at the first post: an empty write transaction.
    db.prepare('BEGIN IMMEDIATE').run();
    db.prepare('ROLLBACK').run();
    return db;
  } catch (err) {
    try {
      db?.close();
    } catch {
      // Closing checkpoints the WAL, which a full disk can refuse too; the open error is the one to report.
    }
    // Explained first: the free space it reports is the space the failed start saw.
    const failure = err instanceof DailyStoreError ? err : explainDbError(full, err);
    try {
      undo();
    } catch {
      // Leaving debris behind is the lesser harm; the user still reads why the start failed.
    }
    throw failure;
  }
}

export interface DailyStore {
  readonly db: Db;
  subscribe(input: SubscribeInput): Subscription;
  unsubscribe(platform: string, channelId: string, at: number): boolean;
  subscription(platform: string, channelId: string): Subscription | undefined;
  activeSubscriptions(): Subscription[];
  pause(platform: string, channelId: string, reason: string, error: string, at: number): void;
  recordError(platform: string, channelId: string, error: string | null, at: number): void;
  post(platform: string, channelId: string, localDate: string): PostRow | undefined;
  postById(id: number): PostRow | undefined;
  lastSent(platform: string, channelId: string): PostRow | undefined;
  /** Posts claimed but not finished, any day: the work a crash leaves behind. */
  unfinished(): PostRow[];
  dealt(platform: string, channelId: string, cycle: number): string[];
  close(): void;
}

export function openDailyStore(path: string, opts: OpenOptions = {}): DailyStore {
  const db = openDailyDb(path, opts);
  const q = {
    get: db.prepare('SELECT * FROM subscriptions WHERE platform = ? AND channel_id = ?'),
    insert: db.prepare(`INSERT INTO subscriptions (platform, channel_id, space_id, time, timezone, locale, created_by, created_at, updated_at, active, active_since, deck_seed)
                        VALUES (@platform, @channelId, @spaceId, @time, @timezone, @locale, @createdBy, @at, @at, 1, @at, @seed)`),
    // Subscribing again is also how a paused subscription resumes; the deck carries on.
    update: db.prepare(`UPDATE subscriptions SET space_id = COALESCE(@spaceId, space_id), time = @time, timezone = @timezone, locale = @locale,
                        updated_at = @at, active = 1, active_since = @at, paused_reason = NULL, paused_at = NULL, last_error = NULL, last_error_at = NULL
                        WHERE platform = @platform AND channel_id = @channelId`),
    // A day that failed (the channel was unreachable) may be tried again once it is fixed, if
    // the new time is still ahead today; the reason stays in the subscription's last error.
    forgetFailed: db.prepare(`DELETE FROM posts WHERE platform = ? AND channel_id = ? AND state = 'failed'`),
    unsubscribe: db.prepare('UPDATE subscriptions SET active = 0, updated_at = ? WHERE platform = ? AND channel_id = ? AND active = 1'),
    active: db.prepare('SELECT * FROM subscriptions WHERE active = 1 AND paused_reason IS NULL'),
    pause: db.prepare('UPDATE subscriptions SET paused_reason = ?, paused_at = ?, last_error = ?, last_error_at = ?, updated_at = ? WHERE platform = ? AND channel_id = ?'),
    error: db.prepare('UPDATE subscriptions SET last_error = ?, last_error_at = ? WHERE platform = ? AND channel_id = ?'),
    post: db.prepare('SELECT * FROM posts WHERE platform = ? AND channel_id = ? AND local_date = ?'),
    postById: db.prepare('SELECT * FROM posts WHERE id = ?'),
    lastSent: db.prepare(`SELECT * FROM posts WHERE platform = ? AND channel_id = ? AND state = 'sent' ORDER BY local_date DESC LIMIT 1`),
    unfinished: db.prepare(`SELECT * FROM posts WHERE state = 'claimed'`),
    dealt: db.prepare(`SELECT fact_id FROM posts WHERE platform = ? AND channel_id = ? AND deck_cycle = ? AND state != 'failed' AND fact_id IS NOT NULL`),
  };
  const subscription = (platform: string, channelId: string) => {
    const r = q.get.get(platform, channelId) as Row | undefined;
    return r ? toSubscription(r) : undefined;
  };
  return {
    db,
    subscribe: (input) =>
      db
        .transaction(() => {
          const params = { ...input, spaceId: input.spaceId ?? null };
          if (subscription(input.platform, input.channelId)) q.update.run(params);
          else q.insert.run(params);
          q.forgetFailed.run(input.platform, input.channelId);
          return subscription(input.platform, input.channelId)!;
        })
        .immediate(),
    unsubscribe: (platform, channelId, at) => q.unsubscribe.run(at, platform, channelId).changes > 0,
    subscription,
    activeSubscriptions: () => (q.active.all() as Row[]).map(toSubscription),
    pause: (platform, channelId, reason, error, at) => {
      q.pause.run(reason, at, error, at, at, platform, channelId);
    },
    recordError: (platform, channelId, error, at) => {
      q.error.run(error, error === null ? null : at, platform, channelId);
    },
    post: (platform, channelId, localDate) => {
      const r = q.post.get(platform, channelId, localDate) as Row | undefined;
      return r ? toPost(r) : undefined;
    },
    postById: (id) => {
      const r = q.postById.get(id) as Row | undefined;
      return r ? toPost(r) : undefined;
    },
    lastSent: (platform, channelId) => {
      const r = q.lastSent.get(platform, channelId) as Row | undefined;
      return r ? toPost(r) : undefined;
    },
    unfinished: () => (q.unfinished.all() as Row[]).map(toPost),
    dealt: (platform, channelId, cycle) => (q.dealt.all(platform, channelId, cycle) as { fact_id: string }[]).map((r) => r.fact_id),
    close: () => db.close(),
  };
}
