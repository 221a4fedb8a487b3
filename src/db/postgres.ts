import { createHash } from 'node:crypto';
import pg from 'pg';
import type { Logger } from '../log.js';
import { DatabaseError } from './errors.js';
import { SCHEMA_VERSION, stepSql } from './migrations.js';
import { explainPostgresError, parsePostgresUrl } from './postgres-errors.js';
import type { Database, Params, Row, SessionLocks, Sql } from './sql.js';

/**
 * The shared engine: PostgreSQL at DATABASE_URL through node-postgres (`pg`), a pool of
 * connections per process. Several Wattson replicas use one database; what must happen once
 * (a migration step, a day's post) is decided with Postgres's own locks.
 */

export interface PostgresOptions {
  /** Connections this process keeps at most (the poster's session lock takes one more). */
  maxConnections?: number;
  connectTimeoutMs?: number;
  log?: Logger;
}

/** int8 as a JS number: Wattson's 64-bit values are times in ms and counters, all below 2^53. */
const types = {
  getTypeParser: ((oid: number, format?: string) => (oid === 20 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text'))) as typeof pg.types.getTypeParser,
};

/** `?` placeholders as Postgres's `$1, $2…`; a `?` inside a quoted literal is left alone. */
export function numbered(text: string): string {
  let n = 0;
  let quoted = false;
  let out = '';
  for (const ch of text) {
    if (ch === "'") quoted = !quoted;
    out += ch === '?' && !quoted ? `$${++n}` : ch;
  }
  return out;
}

const converted = new Map<string, { text: string; name: string }>();
function statement(text: string): { text: string; name: string } {
  let s = converted.get(text);
  if (!s) {
    // A named statement is parsed once per connection and reused.
    s = { text: numbered(text), name: `w${createHash('sha1').update(text).digest('hex').slice(0, 20)}` };
    converted.set(text, s);
  }
  return s;
}

type Queryable = pg.Pool | pg.PoolClient | pg.Client;

async function query(c: Queryable, text: string, params?: Params): Promise<pg.QueryResult> {
  // Without parameters, the simple protocol: it also runs several statements (migrations).
  if (!params || params.length === 0) return c.query(text);
  const s = statement(text);
  return c.query({ text: s.text, name: s.name, values: params as unknown[] });
}

function sqlOn(c: Queryable, transaction: Sql['transaction']): Sql {
  return {
    engine: 'postgres',
    all: async <T = Row>(text: string, params?: Params) => (await query(c, text, params)).rows as T[],
    get: async <T = Row>(text: string, params?: Params) => (await query(c, text, params)).rows[0] as T | undefined,
    run: async (text, params) => (await query(c, text, params)).rowCount ?? 0,
    transaction,
  };
}

/** Deadlocks and serialization failures: Postgres asks for the transaction to be run again. */
const RETRY = new Set(['40001', '40P01']);

/** An advisory-lock key (a signed 64-bit integer, as text) for a name. */
export function lockKey(name: string): string {
  return createHash('sha256').update(`wattson|${name}`).digest().readBigInt64BE(0).toString();
}

const MIGRATION_LOCK = lockKey('migrations');

export async function postgresSchemaVersion(db: Sql): Promise<number> {
  const table = await db.get<{ t: string | null }>(`SELECT to_regclass('wattson_schema')::text AS t`);
  if (!table?.t) return 0;
  return (await db.get<{ version: number }>('SELECT version FROM wattson_schema'))?.version ?? 0;
}

/**
 * Runs the steps after the database's version, up to `target`. Replicas starting together
 * queue on one advisory lock, and each step re-reads the version under it, so every step runs
 * exactly once.
 */
export async function migratePostgres(db: Database, target = SCHEMA_VERSION): Promise<number> {
  const from = await postgresSchemaVersion(db);
  if (from > SCHEMA_VERSION) {
    throw new DatabaseError(
      db.where,
      `the database ${db.where} has schema version ${from}, written by a newer Wattson (this one knows up to ${SCHEMA_VERSION}). Upgrade Wattson, or point DATABASE_URL at another database.`,
    );
  }
  for (let v = from; v < target; v++) {
    await db.transaction(async (tx) => {
      await tx.get('SELECT pg_advisory_xact_lock(?::bigint)', [MIGRATION_LOCK]);
      await tx.run('CREATE TABLE IF NOT EXISTS wattson_schema (version INTEGER NOT NULL)');
      let now = (await tx.get<{ version: number }>('SELECT version FROM wattson_schema'))?.version;
      if (now === undefined) {
        await tx.run('INSERT INTO wattson_schema (version) VALUES (0)');
        now = 0;
      }
      if (now !== v) return;
      await tx.run(stepSql(v, 'postgres'));
      await tx.run('UPDATE wattson_schema SET version = ?', [v + 1]);
    });
  }
  return from;
}

const CONNECT_TIMEOUT_MS = 10_000;

/** A Database on DATABASE_URL, migrated to this Wattson's schema; a start-up error explains any failure. */
export async function openPostgres(url: string, opts: PostgresOptions = {}): Promise<Database> {
  const db = connectPostgres(url, opts);
  try {
    await migratePostgres(db);
  } catch (err) {
    await db.close().catch(() => {});
    throw err instanceof DatabaseError ? err : explainPostgresError(parsePostgresUrl(url), err, opts.connectTimeoutMs ?? CONNECT_TIMEOUT_MS);
  }
  return db;
}

/** The pool alone, connecting lazily and migrating nothing (tests build older schemas on it). */
export function connectPostgres(url: string, opts: PostgresOptions = {}): Database {
  const target = parsePostgresUrl(url);
  const connectTimeoutMs = opts.connectTimeoutMs ?? CONNECT_TIMEOUT_MS;
  // The URL may name the application (?application_name=wattson-eu-1, to tell replicas apart in pg_stat_activity).
  const named = new URL(url).searchParams.has('application_name');
  const config: pg.PoolConfig = { connectionString: url, connectionTimeoutMillis: connectTimeoutMs, ...(!named && { application_name: 'wattson' }), types, keepAlive: true };
  const pool = new pg.Pool({ ...config, max: opts.maxConnections ?? 10 });
  // An idle connection the server dropped (a restart, a failover) must not crash the process:
  // the pool discards it and the next query opens a new one.
  pool.on('error', (err) => opts.log?.warn({ err: { message: err.message, code: (err as { code?: string }).code } }, 'a Postgres connection was lost; it will be replaced'));

  const transaction = async <T>(fn: (tx: Sql) => Promise<T>): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      const client = await pool.connect();
      let broken: Error | undefined;
      const tx = sqlOn(client, (inner) => inner(tx));
      try {
        await client.query('BEGIN');
        const out = await fn(tx);
        await client.query('COMMIT');
        return out;
      } catch (err) {
        try {
          await client.query('ROLLBACK');
        } catch (rollback) {
          broken = rollback as Error;
        }
        if (RETRY.has(String((err as { code?: string }).code)) && attempt < 4) continue;
        throw err;
      } finally {
        client.release(broken);
      }
    }
  };

  // Session locks live on connections of their own, outside the pool, so that a pool
  // recycling idle connections never drops one.
  const sessions = new Map<string, Promise<pg.Client>>();
  const sessionLocks: SessionLocks = {
    async hold(name) {
      if (sessions.has(name)) {
        await sessions.get(name);
        return;
      }
      const taking = (async () => {
        const c = new pg.Client(config);
        c.on('error', (err) => {
          // The lock went with the connection; the next hold() takes it again.
          if (sessions.get(name) === taking) sessions.delete(name);
          opts.log?.warn({ err: { message: err.message }, lock: name }, 'lost the Postgres session holding a lock; it will be taken again');
        });
        c.on('end', () => {
          if (sessions.get(name) === taking) sessions.delete(name);
        });
        await c.connect();
        await c.query('SELECT pg_advisory_lock($1::bigint)', [lockKey(name)]);
        return c;
      })();
      sessions.set(name, taking);
      try {
        await taking;
      } catch (err) {
        sessions.delete(name);
        throw err;
      }
    },
    async release(name) {
      const c = sessions.get(name);
      sessions.delete(name);
      // Ending the session releases its locks.
      if (c) await (await c.catch(() => undefined))?.end().catch(() => {});
    },
    async free(name, tx) {
      // Read off pg_locks rather than probed with pg_try_advisory_lock: two replicas probing the
      // same dead owner at once (it held many claims) would each find the other's probe holding
      // the lock and both take the owner for alive.
      const key = BigInt.asUintN(64, BigInt(lockKey(name)));
      const r = await (tx ?? db).get<{ held: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 1 AND classid = ?::oid AND objid = ?::oid
           AND database = (SELECT oid FROM pg_database WHERE datname = current_database())) AS held`,
        [String(key >> 32n), String(key & 0xffffffffn)],
      );
      return r?.held === false;
    },
  };

  let closed = false;
  const db: Database = {
    ...sqlOn(pool, transaction),
    where: target.where,
    sessionLocks,
    schemaVersion: () => postgresSchemaVersion(db),
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all([...sessions.keys()].map((n) => sessionLocks.release(n)));
      await pool.end();
    },
  };
  return db;
}
