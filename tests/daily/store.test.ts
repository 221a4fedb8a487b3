import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { claim, newOwner } from '../../src/daily/claims.js';
import { MIGRATIONS, migrate, SCHEMA_VERSION } from '../../src/daily/migrations.js';
import { DailyStoreError, openDailyStore } from '../../src/daily/store.js';
import { tmpDirs } from './helpers.js';

const dirs = tmpDirs();
afterAll(() => dirs.cleanup());

const T0 = Date.parse('2025-03-01T08:00:00Z');

/** Rows as each earlier schema could hold them, written with only that schema's columns. */
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
        VALUES ('discord', 'c1', '2025-03-01', 'sent', 'n1', ${T0}, ${T0 + 1000}, 'm1', 'a', 0, 1, 3, 'o1');`,
};

function atVersion(path: string, version: number): void {
  const db = new Database(path);
  migrate(db, version);
  if (fixtures[version]) db.exec(fixtures[version]);
  db.close();
}

function columns(path: string): Record<string, string[]> {
  const db = new Database(path, { readonly: true });
  const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string }[]).map((t) => t.name);
  const out = Object.fromEntries(tables.map((t) => [t, (db.pragma(`table_info(${t})`) as { name: string; type: string; notnull: number }[]).map((c) => `${c.name} ${c.type} ${c.notnull}`)]));
  db.close();
  return out;
}

describe('migrations', () => {
  it('creates the schema in a new directory, in WAL mode, at the latest version', () => {
    const path = join(dirs.make(), 'nested', 'deeper', 'wattson.db');
    const store = openDailyStore(path);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(store.db.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
    store.close();
  });

  for (let v = 0; v < MIGRATIONS.length; v++) {
    it(`upgrades a version ${v} database to ${SCHEMA_VERSION}, keeping its rows, to the same schema as a new one`, () => {
      const dir = dirs.make();
      const old = join(dir, 'old.db');
      atVersion(old, v);
      const store = openDailyStore(old);
      expect(store.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      if (v > 0) {
        const sub = store.subscription('discord', 'c1')!;
        expect(sub).toMatchObject({ spaceId: 'g1', time: '09:00', timezone: 'Asia/Shanghai', createdBy: 'u1', active: true, activeSince: T0, locale: 'en', pausedReason: null });
        expect(sub.deckSeed).toBeGreaterThanOrEqual(0);
        expect(sub.deckSeed).toBeLessThan(2 ** 32);
        expect(store.lastSent('discord', 'c1')).toMatchObject({ localDate: '2025-03-01', messageId: 'm1', state: 'sent' });
        // And the upgraded database works: the next day can be claimed, the first never again.
        const owner = newOwner();
        const req = { platform: 'discord', channelId: 'c1', owner, now: T0 + 86_400_000, leaseMs: 60_000, factIds: ['a', 'b', 'c'] };
        expect(claim(store, { ...req, localDate: '2025-03-01' })).toBeUndefined();
        expect(claim(store, { ...req, localDate: '2025-03-02' })?.post.state).toBe('claimed');
      }
      store.close();
      const fresh = join(dir, 'fresh.db');
      openDailyStore(fresh).close();
      expect(columns(old)).toEqual(columns(fresh));
    });
  }

  it('enforces one post per channel per local day in the database itself', () => {
    const store = openDailyStore(join(dirs.make(), 'w.db'));
    const insert = store.db.prepare(`INSERT INTO posts (platform, channel_id, local_date, state, nonce, claimed_at) VALUES ('slack', 'C1', '2025-03-01', 'claimed', 'n', 0)`);
    insert.run();
    expect(() => insert.run()).toThrow(/UNIQUE/);
    store.close();
  });

  it('two processes opening a new database at once both end at the latest version', () => {
    const path = join(dirs.make(), 'race.db');
    const a = new Database(path);
    const b = new Database(path);
    a.pragma('busy_timeout = 5000');
    b.pragma('busy_timeout = 5000');
    migrate(a, 1);
    migrate(b);
    migrate(a);
    expect(a.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    a.close();
    b.close();
  });
});

describe('a database Wattson cannot use is a start-up error, never silent loss', () => {
  it('a file that is not a database: named, explained, left untouched', () => {
    const path = join(dirs.make(), 'wattson.db');
    const junk = Buffer.from("these are somebody's notes, not a database\n".repeat(200));
    writeFileSync(path, junk);
    let err: unknown;
    try {
      openDailyStore(path);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DailyStoreError);
    expect((err as DailyStoreError).path).toBe(path);
    expect((err as Error).message).toContain(path);
    expect((err as Error).message).toMatch(/Move it aside/);
    expect(readFileSync(path).equals(junk)).toBe(true);
  });

  it('a damaged database (pages overwritten) is refused, not rebuilt', () => {
    const path = join(dirs.make(), 'wattson.db');
    const store = openDailyStore(path);
    const ins = store.db.prepare(`INSERT INTO subscriptions (platform, channel_id, time, timezone, created_by, created_at, updated_at, locale) VALUES ('discord', ?, '09:00', 'UTC', 'u', 0, 0, 'en')`);
    for (let i = 0; i < 500; i++) ins.run(`channel-${i}-${'x'.repeat(40)}`);
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    store.close();
    const bytes = readFileSync(path);
    const pageSize = bytes.readUInt16BE(16);
    bytes.fill(0xa5, pageSize * 2 + 100, pageSize * 4);
    writeFileSync(path, bytes);
    expect(() => openDailyStore(path)).toThrow(DailyStoreError);
    expect(() => openDailyStore(path)).toThrow(/damaged/);
    expect(readFileSync(path).equals(bytes)).toBe(true);
  });

  it('a path that cannot be created names the path and the setting to change', () => {
    const dir = dirs.make();
    writeFileSync(join(dir, 'a-file'), 'x');
    const path = join(dir, 'a-file', 'wattson.db');
    expect(() => openDailyStore(path)).toThrow(DailyStoreError);
    expect(() => openDailyStore(path)).toThrow(/WATTSON_DB/);
  });

  it('a database from a newer Wattson is refused rather than downgraded', () => {
    const path = join(dirs.make(), 'new.db');
    const db = new Database(path);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => openDailyStore(path)).toThrow(/newer Wattson/);
  });
});
