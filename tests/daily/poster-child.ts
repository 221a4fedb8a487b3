import { createInterface } from 'node:readline';
import { createDaily } from '../../src/daily/index.js';
import { openAt } from '../../src/db/open.js';
import { createRuntime } from '../../src/dispatch/runtime.js';
import { createLogger } from '../../src/log.js';
import { httpDeliver } from './fake-platform.js';

/**
 * A Wattson poster in its own process, for the crash, two-process and replica tests:
 *   node --import tsx tests/daily/poster-child.ts <database file or postgres:// URL> <fake platform URL>
 * It prints "ready" once the database is open. Each stdin line "go <ISO instant>" sets its clock
 * to that instant (running on from there) and runs one scheduler pass, the same pass a start
 * runs to catch up; it prints "done <statuses>" when the pass's posts are finished. "exit" stops.
 * CHILD_HOST gives the poster's owner id another host name, so that children on one machine
 * stand for replicas on separate ones (a dead one is then noticed by its lost Postgres session
 * or its lease, not by its pid); CHILD_LEASE_MS shortens the lease.
 */
const [location, base] = process.argv.slice(2);
if (!location || !base) throw new Error('usage: poster-child.ts <database> <platform URL>');
let offset = 0;
const clock = () => Date.now() + offset;
const log = createLogger(process.env['LOG_LEVEL'] ?? 'warn');
const rt = createRuntime({ log });
const db = await openAt(location, { log });
const host = process.env['CHILD_HOST'];
const lease = process.env['CHILD_LEASE_MS'];
const daily = createDaily({
  db,
  rt,
  clock,
  poster: {
    concurrency: Number(process.env['CHILD_CONCURRENCY'] ?? 2),
    backoffBaseMs: 5,
    backoffMaxMs: 50,
    deliverTimeoutMs: 5_000,
    ...(host && { host }),
    ...(lease && { leaseMs: Number(lease) }),
  },
});
daily.addPlatform('fake', httpDeliver(base, process.env['CHILD_NAME']));
process.stdout.write('ready\n');

for await (const line of createInterface({ input: process.stdin })) {
  const [command, arg] = line.trim().split(/\s+/);
  if (command === 'go' && arg) {
    offset = Date.parse(arg) - Date.now();
    const outcomes = await daily.scheduler.tick();
    process.stdout.write(`done ${outcomes.map((o) => o.status).join(',')}\n`);
  } else if (command === 'exit') {
    break;
  }
}
await daily.stop();
await db.close();
// Idle keep-alive sockets to the fake and the paused stdin would otherwise hold the process open.
process.exit(0);
