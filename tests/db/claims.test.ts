import { afterAll, describe, expect, it } from 'vitest';
import { newOwner, nonceFor } from '../../src/daily/claims.js';
import { createDailyService } from '../../src/daily/service.js';
import { dailyStore, ownerLock } from '../../src/db/daily-store.js';
import { openAt } from '../../src/db/open.js';
import { lockKey } from '../../src/db/postgres.js';
import type { Database } from '../../src/db/sql.js';
import { ENGINES, freshLocation, manualClock, tmpDirs } from '../daily/helpers.js';
import { asAdmin } from '../helpers/postgres.js';

/**
 * The day's claim as separate processes see it. On Postgres every handle is a pool of its own,
 * as another Wattson process's would be. SQLite handles on one file cannot stand for processes
 * inside one: a transaction's BEGIN IMMEDIATE waits for the file's lock synchronously, which
 * would stall the very event loop the other handle needs to commit. There the handles share one
 * connection, and tests/daily/crash.test.ts runs real processes on one file.
 */

const dirs = tmpDirs();
const open: Database[] = [];
afterAll(async () => {
  await Promise.all(open.map((d) => d.close()));
  dirs.cleanup();
});

const T = Date.parse('2025-03-10T09:00:01Z');
const FACTS = ['a', 'b', 'c', 'd'];
const subscribe = (db: Database, channelId: string, spaceId = 'T0ONE') =>
  dailyStore(db).subscribe({ platform: 'slack', channelId, spaceId, time: '09:00', timezone: 'UTC', locale: 'en', createdBy: 'u', seed: 7, at: T - 3_600_000 });

describe.each(ENGINES)('claims across processes (%s)', (engine) => {
  const handles = async (n: number) => {
    const location = await freshLocation(engine, dirs);
    const dbs: Database[] = [];
    for (let i = 0; i < n; i++) dbs.push(engine === 'postgres' || i === 0 ? await openAt(location) : dbs[0]!);
    open.push(...new Set(dbs));
    return { location, dbs };
  };

  it('eight processes claiming the same 30 channels at once: each channel claimed once, its fact dealt once', async () => {
    const { dbs } = await handles(8);
    const channels = Array.from({ length: 30 }, (_, i) => `C${i}`);
    for (const c of channels) await subscribe(dbs[0]!, c);
    const owners = dbs.map(() => newOwner());
    const results = await Promise.all(
      dbs.flatMap((db, i) => channels.map((c) => dailyStore(db).claim({ platform: 'slack', channelId: c, localDate: '2025-03-10', owner: owners[i]!, now: T, leaseMs: 60_000, factIds: FACTS }))),
    );
    const won = results.filter((r) => r !== undefined);
    expect(won).toHaveLength(channels.length);
    expect(new Set(won.map((r) => r.post.channelId)).size).toBe(channels.length);
    expect(won.every((r) => !r.resend && r.post.nonce === nonceFor('slack', r.post.channelId, '2025-03-10'))).toBe(true);
    // The deck moved once per channel.
    const subs = await dailyStore(dbs[1]!).activeSubscriptions();
    expect(subs.map((s) => s.deckPosition)).toEqual(channels.map(() => 1));
  });

  it('a claim is taken over when its lease ends, by exactly one of the processes asking', async () => {
    const { dbs } = await handles(4);
    await subscribe(dbs[0]!, 'C1');
    const holder = dbs[0]!;
    const holderOwner = 'another-host|4242|held';
    // The holder is alive (on Postgres its session lock says so) and on another machine.
    await dailyStore(holder).holdOwner(holderOwner);
    const req = { platform: 'slack', channelId: 'C1', localDate: '2025-03-10', leaseMs: 60_000, factIds: FACTS };
    expect(await dailyStore(holder).claim({ ...req, owner: holderOwner, now: T })).toBeDefined();
    const others = dbs.slice(1).map((db) => ({ store: dailyStore(db), owner: newOwner() }));
    const early = await Promise.all(others.map((o) => o.store.claim({ ...req, owner: o.owner, now: T + 59_999 })));
    expect(early.every((r) => r === undefined)).toBe(true);
    const late = await Promise.all(others.map((o) => o.store.claim({ ...req, owner: o.owner, now: T + 60_000 })));
    const taken = late.filter((r) => r !== undefined);
    expect(taken).toHaveLength(1);
    expect(taken[0]).toMatchObject({ resend: true, post: { attempt: 2, nonce: nonceFor('slack', 'C1', '2025-03-10') } });
    // The old holder's next renewal finds the claim gone and it stops.
    expect(await dailyStore(holder).touch(taken[0]!.post.id, holderOwner, T + 61_000, null)).toBe(false);
  });

  it('pausing a workspace pauses its channels only; each resumes with its deck on subscribing again', async () => {
    const { dbs } = await handles(1);
    const db = dbs[0]!;
    const clock = manualClock('2025-03-10T10:00:00Z');
    let changes = 0;
    const service = createDailyService({ store: dailyStore(db), factIds: FACTS, clock, onChange: () => changes++ });
    for (const [c, space] of [
      ['C1', 'T0ONE'],
      ['C2', 'T0ONE'],
      ['C3', 'T0TWO'],
    ] as const) {
      await service.subscribe({ platform: 'slack', channelId: c, spaceId: space, userId: 'u', locale: 'en' });
    }
    // C1 has been posted once: its deck is one card in.
    const owner = newOwner();
    await dailyStore(db).claim({ platform: 'slack', channelId: 'C1', localDate: '2025-03-10', owner, now: clock(), leaseMs: 60_000, factIds: FACTS });
    changes = 0;
    expect(await service.pauseSpace('slack', 'T0ONE', 'uninstalled')).toBe(2);
    expect(changes).toBe(1);
    expect(await service.pauseSpace('slack', 'T0ONE', 'uninstalled')).toBe(0);
    expect(await service.pauseSpace('discord', 'T0TWO', 'tokens-revoked')).toBe(0);
    const st = (await service.status({ platform: 'slack', channelId: 'C1' }))!;
    expect(st.sub).toMatchObject({ active: true, pausedReason: 'uninstalled', lastError: expect.stringContaining('uninstalled') });
    expect(st.nextAt).toBeUndefined();
    expect((await service.status({ platform: 'slack', channelId: 'C3' }))?.sub.pausedReason).toBeNull();
    expect((await dailyStore(db).activeSubscriptions()).map((s) => s.channelId)).toEqual(['C3']);
    // Resuming: the deck carries on where it was.
    await service.subscribe({ platform: 'slack', channelId: 'C1', userId: 'u', locale: 'en' });
    const resumed = (await service.status({ platform: 'slack', channelId: 'C1' }))!;
    expect(resumed.sub.pausedReason).toBeNull();
    expect(resumed.factsLeft).toBe(FACTS.length - 1);
  });
});

describe('Postgres: a process is alive while its session is', () => {
  it("a claimant whose connection ended (killed, lost) is taken over at once, before its lease ends; a live one's is not", async () => {
    const location = await freshLocation('postgres', dirs);
    const [a, b] = [await openAt(location), await openAt(location)];
    open.push(a, b);
    await subscribe(a, 'C1');
    await subscribe(a, 'C2');
    const req = { platform: 'slack', localDate: '2025-03-10', leaseMs: 600_000, factIds: FACTS };
    const [live, dying] = ['host-a|1|live', 'host-b|2|dying'];
    await dailyStore(a).holdOwner(live);
    // The dying process: its own connection, which the server then ends as a crash would.
    const c = await openAt(location);
    await dailyStore(c).holdOwner(dying);
    expect(await dailyStore(a).claim({ ...req, channelId: 'C1', owner: live, now: T })).toBeDefined();
    expect(await dailyStore(c).claim({ ...req, channelId: 'C2', owner: dying, now: T })).toBeDefined();
    const taker = dailyStore(b);
    expect(await taker.ownerGone(dying)).toBe(false);
    // The server ends exactly the session holding the dying owner's lock (a bigint advisory key
    // shows in pg_locks as its high and low 32 bits).
    const key = BigInt.asUintN(64, BigInt(lockKey(ownerLock(dying))));
    const ended = await asAdmin(location, (admin) =>
      admin.query(`SELECT pg_terminate_backend(pid) AS ok FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid = $1 AND objid = $2 AND objsubid = 1`, [
        String(key >> 32n),
        String(key & 0xffffffffn),
      ]),
    );
    expect(ended.rows).toEqual([{ ok: true }]);
    await c.close().catch(() => {});
    expect(await taker.ownerGone(dying)).toBe(true);
    expect(await taker.ownerGone(live)).toBe(false);
    const me = newOwner();
    expect(await taker.claim({ ...req, channelId: 'C1', owner: me, now: T + 1000 })).toBeUndefined();
    expect(await taker.claim({ ...req, channelId: 'C2', owner: me, now: T + 1000 })).toMatchObject({ resend: true, post: { channelId: 'C2', attempt: 2 } });
  });
});
