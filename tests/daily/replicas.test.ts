import { afterAll, describe, expect, it, vi } from 'vitest';
import { nonceFor } from '../../src/daily/claims.js';
import type { PostRow } from '../../src/daily/store.js';
import { dailyStore } from '../../src/db/daily-store.js';
import { openAt } from '../../src/db/open.js';
import { freshPostgres } from '../helpers/postgres.js';
import { type Child, killChildren, rng, startChild } from './children.js';
import { FakePlatform } from './fake-platform.js';

/**
 * Three Wattson posters in their own processes on one Postgres, 500 channels due at once, and
 * one replica stopped at a random moment of the fan-out in each run (a new day each):
 * - killed (SIGKILL) after a random delay;
 * - killed the moment the platform receives a random one of its messages, before answering:
 *   the message exists, the replica never hears so, and its claim is in doubt;
 * - frozen (SIGSTOP) after a random delay: its connections and session lock stay up, so the
 *   others must leave its claims alone until their lease ends, then take them over; it is
 *   killed once the day is done.
 * Each replica gets a host name of its own, so a dead one is noticed as on another machine: by
 * its lost Postgres session, or by its lease, never by its pid.
 *
 * "Exactly once" is what the nonce makes it: a post taken over is sent again with the day's
 * nonce, and the fake, as Discord does within its window, answers a repeated nonce with the
 * message it already has. So deliveries are counted by nonce: exactly one message per channel
 * per day, and a second request for a nonce only where a claim was taken over.
 */

const RUNS = Number(process.env['REPLICA_RUNS'] ?? 12);
const CHANNELS = 500;
const LEASE_MS = 60_000;
const ZONES = ['UTC', 'Asia/Shanghai', 'America/New_York'];

afterAll(() => killChildren());

/** One scheduler pass on each of `rs` with its clock at `at`; resolves when all are done. */
async function pass(rs: readonly Child[], at: number): Promise<void> {
  for (const r of rs) r.send(`go ${new Date(at).toISOString()}`);
  await Promise.all(rs.map((r) => r.line('done')));
}

const addDays = (iso: string, n: number) => new Date(Date.parse(iso) + n * 86_400_000).toISOString().slice(0, 10);

describe('replicas on one Postgres', () => {
  it(`${RUNS} runs of ${CHANNELS} channels due at once on three replicas, one killed or frozen at random in each: every channel posted once per day`, async () => {
    const seed = Number(process.env['REPLICA_SEED'] ?? Date.now() % 1_000_000);
    const random = rng(seed);
    const location = await freshPostgres();
    const db = await openAt(location);
    const store = dailyStore(db);
    const channels = Array.from({ length: CHANNELS }, (_, i) => `ch-${String(i).padStart(3, '0')}`);
    for (const [i, channelId] of channels.entries()) {
      await store.subscribe({
        platform: 'fake',
        channelId,
        time: '09:00',
        timezone: ZONES[i % ZONES.length]!,
        locale: 'en',
        createdBy: 'test',
        seed: i * 7919,
        at: Date.parse('2025-02-28T00:00:00Z'),
      });
    }
    const fake = new FakePlatform();
    fake.latencyMs = () => 1 + Math.floor(random() * 6);
    const base = await fake.listen();
    let started = 0;
    // The name a replica's requests carry (`from`), a new one for each process in a slot.
    const names: string[] = [];
    const replica = (n: number): Child => {
      names[n] = `r${n}-${++started}`;
      return startChild(`${location}&application_name=wattson-${names[n]}`, base, { CHILD_HOST: `replica-${n}`, CHILD_NAME: names[n], CHILD_CONCURRENCY: '8', CHILD_LEASE_MS: String(LEASE_MS) });
    };
    const replicas = [replica(0), replica(1), replica(2)];
    await Promise.all(replicas.map((r) => r.line('ready')));
    const stats = { delayKills: 0, receiptKills: 0, freezes: 0, heldByVictim: 0, inDoubt: 0, takenOver: 0, leftAloneWhileFrozen: 0, requests: 0 };
    try {
      for (let run = 0; run < RUNS; run++) {
        const day = addDays('2025-03-01', run);
        const at = Date.parse(`${day}T15:00:00Z`); // after 09:00 local in all three zones, the same local date
        const v = Math.floor(random() * 3);
        const victim = replicas[v]!;
        const survivors = replicas.filter((_, i) => i !== v);
        const mode = (['delay', 'receipt', 'freeze'] as const)[run % 3]!;
        const requestsBefore = fake.requests.length;
        const victimName = names[v];
        if (mode === 'receipt') {
          const k = 1 + Math.floor(random() * 150);
          let seen = 0;
          fake.onRequest = (_channel, _nonce, from) => {
            if (from === victimName && ++seen === k) victim.proc.kill('SIGKILL');
          };
        }
        for (const r of replicas) r.send(`go ${new Date(at).toISOString()}`);
        if (mode === 'delay' || mode === 'freeze') {
          // Posts start going out about half a second after "go" and the fan-out lasts seconds.
          await new Promise((r) => setTimeout(r, 300 + Math.floor(random() * 4000)));
          victim.proc.kill(mode === 'delay' ? 'SIGKILL' : 'SIGSTOP');
          stats[mode === 'delay' ? 'delayKills' : 'freezes']++;
        } else {
          stats.receiptKills++;
          // A victim that finished its pass before its k-th request is killed then.
          void victim.line('done').then(
            () => victim.proc.kill('SIGKILL'),
            () => {},
          );
        }
        await Promise.all(survivors.map((r) => r.line('done')));
        fake.onRequest = undefined;

        // What the stopped replica left: claims it held, and those of them the platform already has.
        const rows = (await store.postsOn([day])).filter((p) => p.platform === 'fake');
        const victimOwner = (p: PostRow) => p.owner.startsWith(`replica-${v}|`);
        const held = rows.filter((p) => p.state === 'claimed' && victimOwner(p));
        stats.heldByVictim += held.length;
        stats.inDoubt += held.filter((p) => fake.messages.some((m) => m.nonce === p.nonce)).length;

        // The replicas' clocks ran on during the pass; the victim's last claim sets what "within its lease" means.
        const lastClaim = Math.max(at, ...held.map((p) => p.claimedAt));
        if (mode === 'freeze') {
          // Its session is alive: a second pass within the lease leaves its claims alone...
          await pass(survivors, lastClaim + 1000);
          const still = await Promise.all(held.map((p) => store.postById(p.id)));
          expect(
            still.map((p) => p?.state),
            `frozen replica's claims within the lease (seed ${seed})`,
          ).toEqual(held.map(() => 'claimed'));
          stats.leftAloneWhileFrozen += held.length;
          // ...and a pass after the lease ends takes every one of them over.
          await pass(survivors, lastClaim + LEASE_MS + 1000);
          const after = await Promise.all(held.map((p) => store.postById(p.id)));
          expect(
            after.map((p) => p?.state),
            `frozen replica's claims after the lease (seed ${seed})`,
          ).toEqual(held.map(() => 'sent'));
          victim.proc.kill('SIGKILL');
        }
        await victim.exited;
        // A commit the victim sent just before it died may still land: wait until the server has
        // ended its sessions, as the survivors' next pass a minute later would in production.
        await vi.waitFor(async () => expect(await db.all(`SELECT pid FROM pg_stat_activity WHERE application_name = ?`, [`wattson-${victimName}`])).toEqual([]), { timeout: 10_000, interval: 50 });
        // The survivors' next pass finds what the dead replica left: its session is gone, so at once.
        await pass(survivors, lastClaim + LEASE_MS + 2000);

        const final = new Map((await store.postsOn([day])).map((p) => [p.channelId, p]));
        stats.takenOver += [...final.values()].filter((p) => p.attempt > 1).length;
        const dayRequests = fake.requests.slice(requestsBefore);
        stats.requests += dayRequests.length;
        for (const c of channels) {
          const nonce = nonceFor('fake', c, day);
          const post = final.get(c);
          expect(post?.state, `${c} on ${day} (seed ${seed}): ${JSON.stringify(post)} victim ${victimName} ${JSON.stringify(names)} at ${at}`).toBe('sent');
          expect(fake.messages.filter((m) => m.nonce === nonce).length, `${c} on ${day}: messages (seed ${seed})`).toBe(1);
          // A second request for the nonce only where the claim was taken over.
          const asked = dayRequests.filter((r) => r.nonce === nonce).length;
          if (post!.attempt === 1) expect(asked, `${c} on ${day}: requests (seed ${seed})`).toBe(1);
          else expect(asked).toBeLessThanOrEqual(post!.attempt);
        }
        // Back to three for the next day.
        replicas[v] = replica(v);
        await replicas[v]!.line('ready');
      }
    } finally {
      for (const r of replicas) r.send('exit');
      await Promise.all(replicas.map((r) => r.exited));
      await fake.close();
      await db.close();
    }
    // Nothing else was posted, and each channel's deck never repeated a fact.
    expect(fake.messages).toHaveLength(RUNS * CHANNELS);
    for (const c of channels.slice(0, 50)) {
      const titles = fake.messagesIn(c).map((m) => m.text);
      expect(titles.map((t) => t.replace(/:.*/, ''))).toEqual(titles.map((_, i) => `Fact ${i + 1} of 195`));
    }
    console.log(`replica test (seed ${seed}): ${JSON.stringify({ runs: RUNS, channels: CHANNELS, ...stats, messages: fake.messages.length })}`);
    expect(stats.delayKills + stats.receiptKills + stats.freezes).toBe(RUNS);
  }, 600_000);
});
