import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

/**
 * The run's Postgres server (started by postgres-setup.ts), a database per test file, and a
 * fresh schema inside it whenever a test needs an empty database of its own: a schema costs
 * a millisecond where a database costs a file copy. A location is a postgres:// URL whose
 * search_path is that schema, so Wattson's unqualified tables land in it.
 */

export function postgresServer() {
  return inject('postgres');
}

async function admin<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

let fileDb: Promise<string> | undefined;

/** This test file's own database (created on first use), as a URL. */
export function fileDatabase(): Promise<string> {
  fileDb ??= (async () => {
    const { url } = postgresServer();
    const name = `wattson_${randomBytes(6).toString('hex')}`;
    await admin(url, (c) => c.query(`CREATE DATABASE ${name}`));
    return url.replace(/\/postgres$/, `/${name}`);
  })();
  return fileDb;
}

let schemas = 0;

/** A new empty schema in this file's database: the URL of an empty Postgres "database" for one test. */
export async function freshPostgres(): Promise<string> {
  const base = await fileDatabase();
  const schema = `t${++schemas}_${randomBytes(3).toString('hex')}`;
  await admin(base, (c) => c.query(`CREATE SCHEMA ${schema}`));
  return `${base}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
}

/** Runs SQL as the superuser on a location's database (and schema). */
export function asAdmin<T>(location: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  return admin(location, fn);
}
