import { REST } from 'discord.js';
import { startPostgres } from '../scripts/postgres-server.js';
import { discordDeliver } from '../src/adapters/discord/daily-deliver.js';
import { createDaily, type Daily } from '../src/daily/index.js';
import { openAt } from '../src/db/open.js';
import type { Database } from '../src/db/sql.js';
import { createRuntime } from '../src/dispatch/runtime.js';
import { silentLogger } from '../src/log.js';
import { type FakeRest, fakeDiscordRest, GLOBAL_PER_SECOND } from './daily.js';

/**
 * `npm run bench -- fanout`: N channels (FANOUT_BENCH_N, default 2,000) due in the same minute,
 * fanned out by three replicas on one Postgres server (started here, as the tests start theirs)
 * through @discordjs/rest to the loopback fake Discord, which allows 50 requests a second for
 * the bot token and answers the rest with real 429s. Each replica has its own database pool,
 * owner id (its own host name), scheduler and REST client; they split the day's channels by
 * claiming them in the database, and the token's budget by giving each REST client a third of
 * Discord's global rate (17 + 17 + 16 a second, as DISCORD_GLOBAL_RATE sets it for a running
 * replica): three clients at the full 50 each would
 * overrun the token's budget and spend the run waiting out 429s. Printed: the time as a ratio
 * to the floor (N / 50 s), the 429s the fake answered, and duplicate posts (must be 0).
 */

const REPLICAS = 3;

/** Replica i's whole-request share of the token's per-second budget: 17 + 17 + 16 = 50. */
function shareOf(budget: number, i: number): number {
  return Math.floor(budget / REPLICAS) + (i < budget % REPLICAS ? 1 : 0);
}

export async function replicaFanOut(n = Number(process.env['FANOUT_BENCH_N'] ?? 2000)): Promise<void> {
  let server: Awaited<ReturnType<typeof startPostgres>>;
  try {
    server = await startPostgres();
  } catch (err) {
    console.log(`fan-out across ${REPLICAS} replicas: no PostgreSQL server could be started, so not measured (${err instanceof Error ? err.message.split('\n')[0] : String(err)})`);
    return;
  }
  const fake = await fakeDiscordRest();
  const due = Date.parse('2025-03-10T09:00:00Z');
  let now = due - 3_600_000;
  const clock = () => now;
  const rt = createRuntime({ log: silentLogger() });
  const dbs: Database[] = [];
  const dailies: Daily[] = [];
  try {
    for (let i = 0; i < REPLICAS; i++) {
      const db = await openAt(server.url);
      dbs.push(db);
      const daily = createDaily({ db, rt, clock, poster: { host: `replica-${i}` } });
      const rest = new REST({ api: fake.url, version: '10', globalRequestsPerSecond: shareOf(GLOBAL_PER_SECOND, i) }).setToken('fake.bench.token');
      daily.addPlatform('discord', discordDeliver(rest));
      dailies.push(daily);
    }
    for (let i = 0; i < n; i++) {
      await dailies[i % REPLICAS]!.service.subscribe({ platform: 'discord', channelId: String(900_000_000_000_000 + i), userId: 'bench', time: '09:00', timezone: 'UTC', locale: 'en' });
    }
    now = due + 1000;
    const t0 = process.hrtime.bigint();
    const outcomes = await Promise.all(dailies.map((d) => d.scheduler.tick()));
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    report(n, seconds, outcomes, fake);
  } finally {
    for (const d of dailies) await d.stop();
    for (const db of dbs) await db.close();
    await fake.close();
    await server.stop();
  }
}

function report(n: number, seconds: number, outcomes: { status: string }[][], fake: FakeRest): void {
  const floor = n / GLOBAL_PER_SECOND;
  const sent = outcomes.map((o) => o.filter((x) => x.status === 'sent').length);
  console.log(`daily fan-out across ${REPLICAS} replicas on one Postgres, through @discordjs/rest to a fake Discord REST allowing ${GLOBAL_PER_SECOND} requests/s per token`);
  console.log(
    `  ${n} channels: ${sent.reduce((a, b) => a + b, 0)}/${n} posted (per replica ${sent.join(' + ')}) in ${seconds.toFixed(1)} s = ×${(seconds / floor).toFixed(3)} of the ${floor.toFixed(1)} s floor; 429s answered ${fake.limited}; messages ${fake.created}; duplicates ${fake.duplicates}`,
  );
}
