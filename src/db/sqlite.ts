import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3, { type Database as RawDb, type Statement } from 'better-sqlite3';
import { FULL_BELOW_BYTES, formatBytes, freeBytes, undoFirstStart } from './disk.js';
import { DatabaseError } from './errors.js';
import { migrate, SCHEMA_VERSION, schemaVersion } from './migrations.js';
import { TransactionGate } from './mutex.js';
import type { Database, Params, Row, Sql } from './sql.js';

/**
 * The embedded engine: one SQLite file (WATTSON_DB), opened synchronously through
 * better-sqlite3 in WAL mode. Opening it is the one place a broken file is noticed; that is a
 * start-up error naming the file and the fix, never a quiet new database over the old one.
 */

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
export function explainDbError(path: string, err: unknown): DatabaseError {
  const code = (err as { code?: string }).code ?? '';
  const what = err instanceof Error ? err.message : String(err);
  const full = fullDisk(path, code);
  if (full) {
    const dir = dirname(path);
    const left = full.free === undefined ? '' : `, ${formatBytes(full.free)} left`;
    return new DatabaseError(
      path,
      `the disk holding the daily-post database ${path} is full (${what}${left}). Free space on the file system of ${dir} (see df -h ${dir}), or set WATTSON_DB to a file on a disk with room.`,
      { cause: err },
    );
  }
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return new DatabaseError(path, `the daily-post database ${path} is damaged or is not a SQLite database (${what}). ${MOVE_ASIDE}`, { cause: err });
  }
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_PERM') || code.startsWith('SQLITE_IOERR')) {
    return new DatabaseError(path, `cannot write the daily-post database ${path} (${what}). ${FIX}`, { cause: err });
  }
  if (code === 'SQLITE_BUSY') {
    return new DatabaseError(path, `the daily-post database ${path} stayed locked by another process (${what}). Check for a stuck Wattson, then start again.`, { cause: err });
  }
  return new DatabaseError(path, `cannot open the daily-post database ${path}: ${what}. ${FIX}`, { cause: err });
}

export interface SqliteOptions {
  /** How long a write waits for another process's lock before failing. */
  busyTimeoutMs?: number;
}

/** Opens (creating if need be) and migrates the file; the raw better-sqlite3 handle. */
export function openSqliteFile(path: string, opts: SqliteOptions = {}): RawDb {
  const memory = path === ':memory:';
  const full = memory ? path : resolve(path);
  let createdDir: string | undefined;
  if (!memory) {
    try {
      createdDir = mkdirSync(dirname(full), { recursive: true });
    } catch (err) {
      if (fullDisk(full, (err as NodeJS.ErrnoException).code ?? '')) throw explainDbError(full, err);
      throw new DatabaseError(full, `cannot create the directory for the daily-post database ${full} (${(err as Error).message}). ${FIX}`, { cause: err });
    }
  }
  // A first start that fails (a full disk, most often) must not leave an empty database
  // behind; one that was there before is never touched.
  const undo = memory ? () => {} : undoFirstStart(full, createdDir);
  let db: RawDb | undefined;
  try {
    db = new BetterSqlite3(full);
    db.pragma(`busy_timeout = ${opts.busyTimeoutMs ?? 5000}`);
    const version = schemaVersion(db);
    if (version > SCHEMA_VERSION) {
      throw new DatabaseError(
        full,
        `the daily-post database ${full} has schema version ${version}, written by a newer Wattson (this one knows up to ${SCHEMA_VERSION}). Upgrade Wattson, or set WATTSON_DB to another file.`,
      );
    }
    if (!memory) {
      const mode = db.pragma('journal_mode = WAL', { simple: true });
      if (mode !== 'wal') throw new DatabaseError(full, `the daily-post database ${full} cannot use WAL mode (got "${String(mode)}"); put it on a local disk. ${FIX}`);
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
    const failure = err instanceof DatabaseError ? err : explainDbError(full, err);
    try {
      undo();
    } catch {
      // Leaving debris behind is the lesser harm; the user still reads why the start failed.
    }
    throw failure;
  }
}

/** The raw handle behind a SQLite Database, for tests that look at pragmas and pages. */
export const rawHandles = new WeakMap<Database, RawDb>();

/** The async Database over an open better-sqlite3 handle. */
export function sqliteDatabase(raw: RawDb, where: string): Database {
  const statements = new Map<string, Statement>();
  const prepare = (text: string): Statement => {
    let s = statements.get(text);
    if (!s) statements.set(text, (s = raw.prepare(text)));
    return s;
  };
  // better-sqlite3 wants plain values; the stores pass strings, numbers and nulls only.
  const direct = {
    all: <T>(text: string, params: Params = []) => prepare(text).all(...params) as T[],
    get: <T>(text: string, params: Params = []) => prepare(text).get(...params) as T | undefined,
    run: (text: string, params: Params = []) => {
      const s = prepare(text);
      // A statement with RETURNING reads rows; run() would reject it.
      return s.reader ? s.all(...params).length : s.run(...params).changes;
    },
  };
  const gate = new TransactionGate();
  const inTx: Sql = {
    engine: 'sqlite',
    all: async (text, params) => direct.all(text, params),
    get: async (text, params) => direct.get(text, params),
    run: async (text, params) => direct.run(text, params),
    transaction: (fn) => fn(inTx),
  };
  const db: Database = {
    engine: 'sqlite',
    where,
    all: <T = Row>(text: string, params?: Params) => gate.outside(() => direct.all<T>(text, params)),
    get: <T = Row>(text: string, params?: Params) => gate.outside(() => direct.get<T>(text, params)),
    run: (text, params) => gate.outside(() => direct.run(text, params)),
    transaction: (fn) =>
      gate.transaction(async () => {
        // IMMEDIATE takes the write lock now, so what the transaction reads stays true until it commits.
        prepare('BEGIN IMMEDIATE').run();
        try {
          const out = await fn(inTx);
          prepare('COMMIT').run();
          return out;
        } catch (err) {
          if (raw.inTransaction) prepare('ROLLBACK').run();
          throw err;
        }
      }),
    schemaVersion: async () => schemaVersion(raw),
    close: async () => {
      while (gate.open) await gate.open;
      if (raw.open) raw.close();
    },
  };
  rawHandles.set(db, raw);
  return db;
}

export function openSqlite(path: string, opts: SqliteOptions = {}): Database {
  const raw = openSqliteFile(path, opts);
  return sqliteDatabase(raw, raw.name);
}
