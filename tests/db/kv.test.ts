import { afterAll, describe, expect, it } from 'vitest';
import { KeyValueError, keyValueStore } from '../../src/db/kv.js';
import { openAt } from '../../src/db/open.js';
import type { Database } from '../../src/db/sql.js';
import { ENGINES, freshLocation, manualClock, tmpDirs } from '../daily/helpers.js';

const dirs = tmpDirs();
const open: Database[] = [];
afterAll(async () => {
  await Promise.all(open.map((d) => d.close()));
  dirs.cleanup();
});

interface Context {
  lastFacts: string[];
  topic: string;
}

describe.each(ENGINES)('the key-value table (%s)', (engine) => {
  const db = async (location?: string) => {
    const d = await openAt(location ?? (await freshLocation(engine, dirs)));
    open.push(d);
    return d;
  };

  it('returns what was set until it expires, then nothing', async () => {
    const clock = manualClock('2025-03-10T09:00:00Z');
    const kv = keyValueStore<Context>(await db(), { namespace: 'conversation', maxEntries: 100, clock });
    expect(await kv.get('slack:T1:C1:U1')).toBeUndefined();
    await kv.set('slack:T1:C1:U1', { lastFacts: ['h100-power'], topic: 'chips' }, 60_000);
    expect(await kv.get('slack:T1:C1:U1')).toEqual({ lastFacts: ['h100-power'], topic: 'chips' });
    await kv.set('slack:T1:C1:U1', { lastFacts: ['chatgpt-daily-energy'], topic: 'ai' }, 60_000);
    expect((await kv.get('slack:T1:C1:U1'))?.topic).toBe('ai');
    clock.advance(59_999);
    expect(await kv.get('slack:T1:C1:U1')).toBeDefined();
    clock.advance(1);
    expect(await kv.get('slack:T1:C1:U1')).toBeUndefined();
  });

  it('a value set through one replica is read through another', async () => {
    const location = await freshLocation(engine, dirs);
    const [a, b] = [await db(location), await db(location)];
    await keyValueStore<Context>(a, { namespace: 'conversation', maxEntries: 10 }).set('k', { lastFacts: ['x'], topic: 't' }, 60_000);
    expect(await keyValueStore<Context>(b, { namespace: 'conversation', maxEntries: 10 }).get('k')).toEqual({ lastFacts: ['x'], topic: 't' });
  });

  it('claim: of many replicas claiming one key at once exactly one wins, until the claim expires', async () => {
    const clock = manualClock('2025-03-10T09:00:00Z');
    const location = await freshLocation(engine, dirs);
    const stores = await Promise.all([0, 1, 2].map(async () => keyValueStore<number>(await db(location), { namespace: 'event', maxEntries: 100, clock })));
    const won = await Promise.all(stores.flatMap((kv, i) => [kv.claim('slack:T1:C1:1700000000.0001', i, 60_000), kv.claim('slack:T1:C1:1700000000.0001', i, 60_000)]));
    expect(won.filter(Boolean)).toHaveLength(1);
    expect(await stores[0]!.claim('slack:T1:C1:1700000000.0002', 0, 60_000)).toBe(true);
    clock.advance(60_000);
    expect(await stores[1]!.claim('slack:T1:C1:1700000000.0001', 1, 60_000)).toBe(true);
    expect(await stores[2]!.get('slack:T1:C1:1700000000.0001')).toBe(1);
  });

  it('namespaces are apart; delete removes one key', async () => {
    const d = await db();
    const one = keyValueStore<string>(d, { namespace: 'one', maxEntries: 10 });
    const two = keyValueStore<string>(d, { namespace: 'two', maxEntries: 10 });
    await one.set('k', 'first', 60_000);
    await two.set('k', 'second', 60_000);
    expect([await one.get('k'), await two.get('k')]).toEqual(['first', 'second']);
    expect(await one.delete('k')).toBe(true);
    expect(await one.delete('k')).toBe(false);
    expect([await one.get('k'), await two.get('k')]).toEqual([undefined, 'second']);
  });

  it('stays bounded: expired rows and the soonest-expiring beyond maxEntries are swept', async () => {
    const clock = manualClock('2025-03-10T09:00:00Z');
    const d = await db();
    const kv = keyValueStore<number>(d, { namespace: 'bounded', maxEntries: 50, sweepEvery: 10, clock });
    const other = keyValueStore<number>(d, { namespace: 'other', maxEntries: 1000, clock });
    await other.set('kept', 1, 1_000);
    for (let i = 0; i < 500; i++) {
      await kv.set(`k${i}`, i, 60_000 + i);
      const rows = (await d.get<{ n: number }>(`SELECT COUNT(*) AS n FROM kv WHERE namespace = 'bounded'`))!.n;
      expect(rows).toBeLessThanOrEqual(50 + 10);
    }
    // The newest stay; the oldest went.
    expect(await kv.get('k499')).toBe(499);
    expect(await kv.get('k0')).toBeUndefined();
    clock.advance(2_000);
    await kv.sweep();
    // Sweeping one namespace leaves another's rows, even expired ones, to that namespace's own sweep.
    expect((await d.get<{ n: number }>(`SELECT COUNT(*) AS n FROM kv WHERE namespace = 'other'`))!.n).toBe(1);
    expect(await other.sweep()).toBe(1);
    clock.advance(120_000);
    expect(await kv.sweep()).toBe(50);
    expect((await d.get<{ n: number }>('SELECT COUNT(*) AS n FROM kv'))!.n).toBe(0);
  });

  it('refuses values too large, a TTL of zero, and values with no JSON form, naming the key', async () => {
    const kv = keyValueStore<unknown>(await db(), { namespace: 'conversation', maxEntries: 10, maxValueBytes: 1024 });
    await expect(kv.set('big', 'x'.repeat(2000), 1000)).rejects.toThrow(KeyValueError);
    await expect(kv.set('big', 'x'.repeat(2000), 1000)).rejects.toThrow(/conversation\/big: the value is 2002 bytes of JSON, over this namespace's 1024/);
    await expect(kv.set('zero', 1, 0)).rejects.toThrow(/ttlMs must be above 0/);
    await expect(kv.set('fn', () => 1, 1000)).rejects.toThrow(/no JSON form/);
    expect(() => keyValueStore(open[0]!, { namespace: 'x', maxEntries: 0 })).toThrow(/maxEntries/);
  });
});
