import type { Logger } from '../log.js';
import { migrate } from './migrations.js';
import type { Database } from './sql.js';
import { openSqlite, rawHandles } from './sqlite.js';

/**
 * The database a Wattson process uses: PostgreSQL when DATABASE_URL is set (the store several
 * replicas share), otherwise the SQLite file at WATTSON_DB (one process, no server).
 */

export interface DatabaseSettings {
  DATABASE_URL?: string | undefined;
  WATTSON_DB: string;
}

export function isPostgresUrl(text: string): boolean {
  return /^postgres(ql)?:\/\//i.test(text);
}

/** The Postgres client (pg) loads only where DATABASE_URL asks for it: the one-process default never needs it. */
const postgres = () => import('./postgres.js');

export async function openDatabase(settings: DatabaseSettings, opts: { log?: Logger } = {}): Promise<Database> {
  if (settings.DATABASE_URL) return (await postgres()).openPostgres(settings.DATABASE_URL, opts.log ? { log: opts.log } : {});
  return openSqlite(settings.WATTSON_DB);
}

/** Opens a file path or a postgres:// URL: tests and tools that take either. */
export function openAt(location: string, opts: { log?: Logger } = {}): Promise<Database> {
  return isPostgresUrl(location) ? openDatabase({ DATABASE_URL: location, WATTSON_DB: '' }, opts) : openDatabase({ WATTSON_DB: location }, opts);
}

/** Brings a database to `target` (tests build databases of earlier versions with it). */
export async function migrateTo(db: Database, target: number): Promise<void> {
  if (db.engine === 'postgres') {
    await (await postgres()).migratePostgres(db, target);
    return;
  }
  const raw = rawHandles.get(db);
  if (!raw) throw new Error('not a SQLite database opened by src/db');
  migrate(raw, target);
}
