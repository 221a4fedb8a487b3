import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { newOwner } from '../../src/daily/claims.js';
import { dailyStore } from '../../src/db/daily-store.js';
import { DatabaseError } from '../../src/db/errors.js';
import { MIGRATIONS, migrate, SCHEMA_VERSION } from '../../src/db/migrations.js';
import { openAt } from '../../src/db/open.js';
import { connectPostgres, migratePostgres } from '../../src/db/postgres.js';
import type { Database } from '../../src/db/sql.js';
import { openSqlite, rawHandles } from '../../src/db/sqlite.js';
import { asAdmin } from '../helpers/postgres.js';
import { ENGINES, type EngineName, freshLocation, tmpDirs } from './helpers.js';

const dirs = tmpDirs();
afterAll(() => dirs.cleanup());

const T0 = Date.parse('2025-03-01T08:00:00Z');

/** Rows as each earlier schema could hold them, written with only that schema's columns (the same SQL on both engines). */
const fixtures: Record<number, string> = {
  1: `INSERT INTO subscriptions (platform, channel_id, space_id, time, timezone, created_by, created_at, updated_at)
        VALUES ('discord', 'c1', 'g1', '09:00', 'Asia/Shanghai', 'u1', ${T0}, ${T0});
      INSERT INTO posts (platform, channel_id, local_date, state, nonce, claimed_at, sent_at, message_id)
        VALUES ('discord', 'c1', '2025-03-01', 'sent', 'n1', ${T0}, ${T0 + 1000}, 'm1');`,
  2: `INSERT INTO subscriptions (platform, channel_id, space_id, time, timezone, created_by, created_at, updated_at, deck_seed, deck_cycle, deck_position)
        VALUES ('discord', 'c1', 'g1', '09:00', 'Asia/Shanghai', 'u1', ${T0}, ${T0}, 7, 0, 1);
      INSERT INTO posts (platform, channel_id, local_date, state, nonce, claimed_at, sent_at, message_id, fact_id, deck_cycle, deck_number, deck_total)
        VALUES ('discord', 'c1', '2025-03-01', 'sent', 'n1', ${T0}, ${T0 + 1000}, 'm1', 'a', 0, 1, 3);`,
  3: `INSERT INTO subscriptions (platform, channel_id, space_id, time, timezone, created_by, created_at, updated_at, deck_seed, deck_cycle, deck_position, active, active_since, locale)
        VALUES ('discord', 'c1', 'g1', '09:00', 'Asia/Shanghai', 'u1', ${T0}, ${T0}, 7, 0, 1, 1, ${T0}, 'en');
      INSERT INTO posts (platform, channel_id, local_date, state, nonce, claimed_at, sent_at, message_id, fact_id, deck_cycle, deck_number, deck_total, owner)
        VALUES ('discord', 'c1', '2025-03-01', 'sent', 'n1', ${T0}, ${T0 + 1000}, 'm1', 'a', 0, 1, 3, 'host|1|x');`,
};
// Versions 4 to 6 added tables beside the daily ones: the daily rows are written as in 3.
for (const v of [4, 5, 6]) fixtures[v] = fixtures[3]!;

/** A database at schema `version`, holding that version's fixture rows. */
async function atVersion(engine: EngineName, location: string, version: number): Promise<void> {
  if (engine === 'sqlite') {
    const db = new BetterSqlite3(location);
    migrate(db, version);
    if (fixtures[version]) db.exec(fixtures[version]);
    db.close();
    return;
  }
  const db = connectPostgres(location);
  await migratePostgres(db, version);
  if (fixtures[version]) await db.run(fixtures[version]);
  await db.close();
}

/** Every table's columns, name, type and nullability, in order. */
async function columns(engine: EngineName, location: string): Promise<Record<string, string[]>> {
  if (engine === 'sqlite') {
    const db = new BetterSqlite3(location, { readonly: true });
    const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string }[]).map((t) => t.name);
    const out = Object.fromEntries(tables.map((t) => [t, (db.pragma(`table_info(${t})`) as { name: string; type: string; notnull: number }[]).map((c) => `${c.name} ${c.type} ${c.notnull}`)]));
    db.close();
    return out;
  }
  const rows = await asAdmin(
    location,
    async (c) =>
      (await c.query(`SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`)).rows as {
        table_name: string;
        column_name: string;
        data_type: string;
        is_nullable: string;
      }[],
  );
  const out: Record<string, string[]> = {};
  for (const r of rows) (out[r.table_name] ??= []).push(`${r.column_name} ${r.data_type} ${r.is_nullable}`);
  return out;
}

describe.each(ENGINES)('migrations (%s)', (engine) => {
  it('creates the schema at the latest version', async () => {
    const db = await openAt(await freshLocation(engine, dirs));
    expect(await db.schemaVersion()).toBe(SCHEMA_VERSION);
    await db.close();
  });

  for (let v = 0; v < MIGRATIONS.length; v++) {
    it(`upgrades a version ${v} database to ${SCHEMA_VERSION}, keeping its rows, to the same schema as a new one`, async () => {
      const old = await freshLocation(engine, dirs, 'old.db');
      await atVersion(engine, old, v);
      const db = await openAt(old);
      const store = dailyStore(db);
      expect(await db.schemaVersion()).toBe(SCHEMA_VERSION);
      if (v > 0) {
        const sub = (await store.subscription('discord', 'c1'))!;
        expect(sub).toMatchObject({ spaceId: 'g1', time: '09:00', timezone: 'Asia/Shanghai', createdBy: 'u1', active: true, activeSince: T0, locale: 'en', pausedReason: null });
        expect(sub.deckSeed).toBeGreaterThanOrEqual(0);
        expect(sub.deckSeed).toBeLessThan(2 ** 32);
        expect(await store.lastSent('discord', 'c1')).toMatchObject({ localDate: '2025-03-01', messageId: 'm1', state: 'sent' });
        // And the upgraded database works: the next day can be claimed, the first never again.
        const owner = newOwner();
        const req = { platform: 'discord', channelId: 'c1', owner, now: T0 + 86_400_000, leaseMs: 60_000, factIds: ['a', 'b', 'c'] };
        expect(await store.claim({ ...req, localDate: '2025-03-01' })).toBeUndefined();
        expect((await store.claim({ ...req, localDate: '2025-03-02' }))?.post.state).toBe('claimed');
      }
      await db.close();
      const fresh = await freshLocation(engine, dirs, 'fresh.db');
      await (await openAt(fresh)).close();
      expect(await columns(engine, old)).toEqual(await columns(engine, fresh));
    });
  }

  it('enforces one post per channel per local day in the database itself', async () => {
    const db = await openAt(await freshLocation(engine, dirs));
    const insert = () => db.run(`INSERT INTO posts (platform, channel_id, local_date, state, nonce, claimed_at) VALUES ('slack', 'C1', '2025-03-01', 'claimed', 'n', 0)`);
    await insert();
    await expect(insert()).rejects.toThrow(/UNIQUE|unique constraint/);
    await db.close();
  });

  it('two processes opening a new database at once both end at the latest version', async () => {
    const location = await freshLocation(engine, dirs, 'race.db');
    if (engine === 'sqlite') {
      const a = new BetterSqlite3(location);
      const b = new BetterSqlite3(location);
      a.pragma('busy_timeout = 5000');
      b.pragma('busy_timeout = 5000');
      migrate(a, 1);
      migrate(b);
      migrate(a);
      expect(a.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      a.close();
      b.close();
      return;
    }
    // Three pools racing for real: the advisory lock lets each step run once.
    const dbs: Database[] = [connectPostgres(location), connectPostgres(location), connectPostgres(location)];
    await Promise.all([migratePostgres(dbs[0]!, 1), migratePostgres(dbs[1]!), migratePostgres(dbs[2]!)]);
    await migratePostgres(dbs[0]!);
    for (const db of dbs) expect(await db.schemaVersion()).toBe(SCHEMA_VERSION);
    await Promise.all(dbs.map((db) => db.close()));
  });

  it('a database from a newer Wattson is refused rather than downgraded', async () => {
    const location = await freshLocation(engine, dirs, 'new.db');
    if (engine === 'sqlite') {
      const db = new BetterSqlite3(location);
      db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
      db.close();
    } else {
      await (await openAt(location)).close();
      await asAdmin(location, (c) => c.query('UPDATE wattson_schema SET version = $1', [SCHEMA_VERSION + 1]));
    }
    await expect(openAt(location)).rejects.toThrow(DatabaseError);
    await expect(openAt(location)).rejects.toThrow(/newer Wattson/);
    await expect(openAt(location)).rejects.toThrow(engine === 'sqlite' ? /WATTSON_DB/ : /DATABASE_URL/);
  });
});

describe('SQLite: the file itself', () => {
  it('creates the schema in a new directory, in WAL mode, at the latest version', () => {
    const path = join(dirs.make(), 'nested', 'deeper', 'wattson.db');
    const db = openSqlite(path);
    const raw = rawHandles.get(db)!;
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(raw.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(raw.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
    raw.close();
  });
});

describe('a database Wattson cannot use is a start-up error, never silent loss', () => {
  it('a file that is not a database: named, explained, left untouched', () => {
    const path = join(dirs.make(), 'wattson.db');
    const junk = Buffer.from("these are somebody's notes, not a database\n".repeat(200));
    writeFileSync(path, junk);
    let err: unknown;
    try {
      openSqlite(path);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DatabaseError);
    expect((err as DatabaseError).where).toBe(path);
    expect((err as Error).message).toContain(path);
    expect((err as Error).message).toMatch(/Move it aside/);
    expect(readFileSync(path).equals(junk)).toBe(true);
  });

  it('a damaged database (pages overwritten) is refused, not rebuilt', () => {
    const path = join(dirs.make(), 'wattson.db');
    const raw = rawHandles.get(openSqlite(path))!;
    const ins = raw.prepare(`INSERT INTO subscriptions (platform, channel_id, time, timezone, created_by, created_at, updated_at, locale) VALUES ('discord', ?, '09:00', 'UTC', 'u', 0, 0, 'en')`);
    for (let i = 0; i < 500; i++) ins.run(`channel-${i}-${'x'.repeat(40)}`);
    raw.pragma('wal_checkpoint(TRUNCATE)');
    raw.close();
    const bytes = readFileSync(path);
    const pageSize = bytes.readUInt16BE(16);
    bytes.fill(0xa5, pageSize * 2 + 100, pageSize * 4);
    writeFileSync(path, bytes);
    expect(() => openSqlite(path)).toThrow(DatabaseError);
    expect(() => openSqlite(path)).toThrow(/damaged/);
    expect(readFileSync(path).equals(bytes)).toBe(true);
  });

  it('a path that cannot be created names the path and the setting to change', () => {
    const dir = dirs.make();
    writeFileSync(join(dir, 'a-file'), 'x');
    const path = join(dir, 'a-file', 'wattson.db');
    expect(() => openSqlite(path)).toThrow(DatabaseError);
    expect(() => openSqlite(path)).toThrow(/WATTSON_DB/);
  });
});
