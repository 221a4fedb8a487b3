import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, secretValues } from '../../src/config.js';
import { dailyStore } from '../../src/db/daily-store.js';
import { DatabaseError } from '../../src/db/errors.js';
import { openAt } from '../../src/db/open.js';
import { numbered, openPostgres } from '../../src/db/postgres.js';
import { parsePostgresUrl } from '../../src/db/postgres-errors.js';
import { tmpDirs } from '../daily/helpers.js';
import { asAdmin, fileDatabase, postgresServer } from '../helpers/postgres.js';
import { MAIN, runNode } from '../helpers/run.js';

/**
 * DATABASE_URL from a user's side: start-up errors that name the server, user and database
 * and what to do, never the password; and `npm start` itself on Postgres.
 */

const SECRET = 'hunter2-not-shown';
const urlWith = (over: { user?: string; password?: string; port?: number; database?: string }) => {
  const s = postgresServer();
  return `postgres://${over.user ?? s.user}:${encodeURIComponent(over.password ?? s.password)}@127.0.0.1:${over.port ?? s.port}/${over.database ?? 'postgres'}`;
};

async function failure(url: string): Promise<DatabaseError> {
  try {
    await (await openPostgres(url, { connectTimeoutMs: 3000 })).close();
  } catch (err) {
    if (err instanceof DatabaseError) return err;
    throw err;
  }
  throw new Error('opened');
}

/** A port nothing listens on: bound, then let go. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as { port: number };
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('Postgres start-up errors', () => {
  it('an unreachable server: host and port named, with the fix', async () => {
    const port = await closedPort();
    const err = await failure(urlWith({ port, password: SECRET }));
    expect(err.message).toBe(`cannot reach the PostgreSQL server at 127.0.0.1:${port} named in DATABASE_URL (connection refused). Start the server, or correct the host and port in DATABASE_URL.`);
    expect(err.where).toBe(`postgres://postgres@127.0.0.1:${port}/postgres`);
  });

  it('a wrong password: the user and server named, the password nowhere', async () => {
    const err = await failure(urlWith({ password: SECRET }));
    const { port } = postgresServer();
    expect(err.message).toBe(`the PostgreSQL server at 127.0.0.1:${port} refused the password for user "postgres". Correct the user name and password in DATABASE_URL.`);
    expect(JSON.stringify({ m: err.message, w: err.where, c: String(err.cause) })).not.toContain(SECRET);
  });

  it('a missing database: named, with how to create it', async () => {
    const { port } = postgresServer();
    const err = await failure(urlWith({ database: 'no_such_wattson' }));
    expect(err.message).toBe(
      `the database "no_such_wattson" does not exist on the PostgreSQL server at 127.0.0.1:${port}. Create it (createdb -h 127.0.0.1 -p ${port} -U postgres no_such_wattson), or name an existing database in DATABASE_URL.`,
    );
  });

  it('a user who may not create tables: named, with the grant that fixes it', async () => {
    const base = await fileDatabase();
    const role = `limited_${Date.now() % 100000}`;
    await asAdmin(base, (c) => c.query(`CREATE ROLE ${role} LOGIN PASSWORD '${SECRET}'; REVOKE CREATE ON SCHEMA public FROM PUBLIC`));
    const database = new URL(base).pathname.slice(1);
    const err = await failure(urlWith({ user: role, password: SECRET, database }));
    expect(err.message).toMatch(new RegExp(`^user "${role}" may not create Wattson's tables in database "${database}" on 127\\.0\\.0\\.1:\\d+ \\(permission denied for schema public\\)\\. Grant it`));
    expect(err.message).not.toContain(SECRET);
  });

  it('the password never reaches a message, even one a driver wrote', async () => {
    const t = parsePostgresUrl('postgres://app:p%40ss%2Fword@db.example:6543/wattson?sslmode=require');
    expect(t).toMatchObject({ host: 'db.example', port: 6543, user: 'app', database: 'wattson', password: 'p@ss/word', where: 'postgres://app@db.example:6543/wattson' });
  });
});

describe('DATABASE_URL in the settings', () => {
  it('is refused when it is not a PostgreSQL URL, naming the variable and not the value', () => {
    for (const bad of [`mysql://u:${SECRET}@h/db`, `postgres:${SECRET}`, 'not a url']) {
      let err: unknown;
      try {
        loadConfig({ DATABASE_URL: bad });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as Error).message).toContain('DATABASE_URL: a PostgreSQL URL such as postgres://');
      expect((err as Error).message).not.toContain(SECRET);
    }
    expect(loadConfig({ DATABASE_URL: `postgresql://u:${SECRET}@db:5432/w` }).env.DATABASE_URL).toBe(`postgresql://u:${SECRET}@db:5432/w`);
  });

  it('its password is one of the secrets the logger scrubs', () => {
    const env = loadConfig({ DATABASE_URL: `postgres://u:${encodeURIComponent(`${SECRET}/x`)}@db/w` }).env;
    expect(secretValues(env)).toContain(`${SECRET}/x`);
  });
});

describe('npm start on Postgres', () => {
  const dirs = tmpDirs();
  afterAll(() => dirs.cleanup());

  it('keeps /daily in the database DATABASE_URL names (WATTSON_DB is not touched)', async () => {
    const base = await fileDatabase();
    const file = join(dirs.make(), 'unused', 'wattson.db');
    const r = runNode(MAIN, [], { input: '/daily subscribe 9am Asia/Shanghai\n/daily status\n', env: { DATABASE_URL: base, WATTSON_DB: file } });
    expect(existsSync(join(file, '..'))).toBe(false);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Daily fact: subscribed');
    const db = await openAt(base);
    expect(await dailyStore(db).subscription('console', 'console')).toMatchObject({ time: '09:00', timezone: 'Asia/Shanghai' });
    await db.close();
  });

  it('exits 2 with the reason when the server refuses the password, which it never prints', () => {
    const r = runNode(MAIN, [], { env: { DATABASE_URL: urlWith({ password: SECRET }) } });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^Wattson cannot start: the PostgreSQL server at 127\.0\.0\.1:\d+ refused the password for user "postgres"\. Correct the user name and password in DATABASE_URL\.\n$/);
    expect(r.stdout + r.stderr).not.toContain(SECRET);
  });
});

describe('placeholders', () => {
  it('numbers each ? outside quoted literals', () => {
    expect(numbered(`SELECT * FROM t WHERE a = ? AND b = '?' AND c IN (?, ?)`)).toBe(`SELECT * FROM t WHERE a = $1 AND b = '?' AND c IN ($2, $3)`);
  });
});
