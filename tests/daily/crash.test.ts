import { afterAll, describe, expect, it } from 'vitest';
import { nonceFor } from '../../src/daily/claims.js';
import { dailyStore } from '../../src/db/daily-store.js';
import { openAt } from '../../src/db/open.js';
import { killChildren, rng, startChild } from './children.js';
import { FakePlatform } from './fake-platform.js';
import { ENGINES, freshLocation, tmpDirs } from './helpers.js';

/**
 * Real processes, real SIGKILLs. Each run starts a poster for a new day and kills it at a random
 * point, either after a random delay or the moment the platform receives a random one of its
 * messages (before answering: the message exists, the poster never hears so); then a restarted
 * poster finishes the day. The platform dedupes nonces as Discord does with enforce_nonce.
 */

const RUNS = Number(process.env['DAILY_CRASH_RUNS'] ?? 24);
const dirs = tmpDirs();
afterAll(() => {
  killChildren();
  dirs.cleanup();
});

async function subscribeAll(location: string, channels: readonly [string, string][], at: number): Promise<void> {
  const db = await openAt(location);
  const store = dailyStore(db);
  for (const [channelId, timezone] of channels) {
    await store.subscribe({ platform: 'fake', channelId, time: '09:00', timezone, locale: 'en', createdBy: 'test', seed: channelId.length * 7919, at });
  }
  await db.close();
}

/** The post rows of `day`, read through a connection of the test's own. */
async function postsOf(location: string, channels: readonly [string, string][], day: string) {
  const db = await openAt(location);
  const store = dailyStore(db);
  const rows = await Promise.all(channels.map(([c]) => store.post('fake', c, day)));
  await db.close();
  return rows;
}

const addDays = (iso: string, n: number) => new Date(Date.parse(iso) + n * 86_400_000).toISOString().slice(0, 10);

describe.each(ENGINES)('exactly once, whatever happens (%s)', (engine) => {
  // Half as many on Postgres, whose replicas have a test of their own (replicas.test.ts).
  const runs = engine === 'sqlite' ? RUNS : Math.ceil(RUNS / 2);
  it(`${runs} runs, each SIGKILLed at a random point then restarted: one post per channel per day`, async () => {
    const seed = Number(process.env['DAILY_CRASH_SEED'] ?? Date.now() % 1_000_000);
    const random = rng(seed);
    const db = await freshLocation(engine, dirs, 'crash.db');
    // Three zones, so local days and the New York DST change (9 March) are in play.
    const channels: [string, string][] = [
      ['utc-1', 'UTC'],
      ['utc-2', 'UTC'],
      ['ny-1', 'America/New_York'],
      ['ny-2', 'America/New_York'],
      ['sh-1', 'Asia/Shanghai'],
      ['sh-2', 'Asia/Shanghai'],
    ];
    await subscribeAll(db, channels, Date.parse('2025-02-28T00:00:00Z'));
    const fake = new FakePlatform();
    fake.latencyMs = () => Math.floor(random() * 8);
    const base = await fake.listen();
    const stats = { timerKills: 0, receiptKills: 0, killedBeforeClaim: 0, killedMidway: 0, killedAfterAll: 0, inDoubtAtKill: 0, resentAndRecognised: 0 };
    let child = startChild(db, base);
    await child.line('ready');
    try {
      for (let run = 0; run < runs; run++) {
        const day = addDays('2025-03-01', run);
        // 14:30Z is the same local date in all three zones, after 09:00 in each.
        const victim = child;
        if (run % 2 === 0) {
          stats.timerKills++;
          victim.send(`go ${day}T14:30:00Z`);
          await new Promise((r) => setTimeout(r, Math.floor(random() * 90)));
          victim.proc.kill('SIGKILL');
        } else {
          stats.receiptKills++;
          const k = 1 + Math.floor(random() * channels.length);
          let seen = 0;
          fake.onRequest = () => {
            if (++seen === k) victim.proc.kill('SIGKILL');
          };
          victim.send(`go ${day}T14:30:00Z`);
          await Promise.race([victim.exited, victim.line('done').then(() => victim.proc.kill('SIGKILL'))]).catch(() => {});
        }
        await victim.exited;
        fake.onRequest = undefined;

        const rows = await postsOf(db, channels, day);
        const claimed = rows.filter((r) => r?.state === 'claimed');
        const done = rows.filter((r) => r?.state === 'sent').length;
        if (rows.every((r) => !r)) stats.killedBeforeClaim++;
        else if (done === channels.length) stats.killedAfterAll++;
        else stats.killedMidway++;
        stats.inDoubtAtKill += claimed.filter((r) => fake.messages.some((m) => m.nonce === r!.nonce)).length;

        const before = fake.requests.length;
        child = startChild(db, base);
        await child.line('ready');
        child.send(`go ${day}T15:00:00Z`);
        await child.line('done');
        stats.resentAndRecognised += fake.requests.slice(before).filter((r) => fake.requests.slice(0, before).some((p) => p.nonce === r.nonce && p.status === 200)).length;

        for (const [c] of channels) {
          const nonce = nonceFor('fake', c, day);
          expect(
            fake.messages.filter((m) => m.nonce === nonce),
            `${c} on ${day} (seed ${seed})`,
          ).toHaveLength(1);
        }
        expect(
          (await postsOf(db, channels, day)).map((r) => r?.state),
          `${day} (seed ${seed})`,
        ).toEqual(channels.map(() => 'sent'));
      }
    } finally {
      child.send('exit');
      await child.exited;
      await fake.close();
    }
    // Nothing else was ever posted, and each channel's deck never repeated a fact.
    expect(fake.messages).toHaveLength(runs * channels.length);
    for (const [c] of channels) {
      const titles = fake.messagesIn(c).map((m) => m.text);
      expect(titles.map((t) => t.replace(/:.*/, ''))).toEqual(titles.map((_, i) => `Fact ${i + 1} of 195`));
      expect(new Set(titles).size).toBe(runs);
    }
    console.log(`daily crash test on ${engine} (seed ${seed}): ${JSON.stringify({ runs, ...stats, messages: fake.messages.length, requests: fake.requests.length })}`);
    expect(stats.timerKills + stats.receiptKills).toBe(runs);
  }, 300_000);

  it('two processes on one database, posting at the same moment: no duplicates, even without platform dedupe', async () => {
    const db = await freshLocation(engine, dirs, 'shared.db');
    const channels: [string, string][] = Array.from({ length: 40 }, (_, i) => [`c${i}`, i % 2 ? 'UTC' : 'Europe/London']);
    await subscribeAll(db, channels, Date.parse('2025-02-28T00:00:00Z'));
    const fake = new FakePlatform();
    fake.dedupe = false;
    const base = await fake.listen();
    const env = { CHILD_CONCURRENCY: '4' };
    const [a, b] = [startChild(db, base, env), startChild(db, base, env)];
    try {
      await Promise.all([a.line('ready'), b.line('ready')]);
      for (const day of ['2025-03-01', '2025-03-02', '2025-03-03']) {
        a.send(`go ${day}T10:00:00Z`);
        b.send(`go ${day}T10:00:00Z`);
        const [da, db2] = await Promise.all([a.line('done'), b.line('done')]);
        const sentBy = (l: string) => l.split(/[ ,]/).filter((s) => s === 'sent').length;
        expect(sentBy(da) + sentBy(db2)).toBe(channels.length);
        for (const [c] of channels) {
          const nonce = nonceFor('fake', c, day);
          expect(
            fake.requests.filter((r) => r.nonce === nonce),
            `${c} ${day}`,
          ).toHaveLength(1);
        }
      }
      expect(fake.messages).toHaveLength(3 * channels.length);
    } finally {
      a.send('exit');
      b.send('exit');
      await Promise.all([a.exited, b.exited]);
      await fake.close();
    }
  }, 60_000);
});
