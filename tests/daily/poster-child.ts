import { createInterface } from 'node:readline';
import { createDaily } from '../../src/daily/index.js';
import { createRuntime } from '../../src/dispatch/runtime.js';
import { createLogger } from '../../src/log.js';
import { httpDeliver } from './fake-platform.js';

/**
 * A Wattson poster in its own process, for the crash and two-process tests:
 *   node --import tsx tests/daily/poster-child.ts <database> <fake platform URL>
 * It prints "ready" once the database is open. Each stdin line "go <ISO instant>" sets its clock
 * to that instant (running on from there) and runs one scheduler pass, the same pass a start
 * runs to catch up; it prints "done <statuses>" when the pass's posts are finished. "exit" stops.
 */
const [path, base] = process.argv.slice(2);
if (!path || !base) throw new Error('usage: poster-child.ts <database> <platform URL>');
let offset = 0;
const clock = () => Date.now() + offset;
const rt = createRuntime({ log: createLogger(process.env['LOG_LEVEL'] ?? 'warn') });
const daily = createDaily({
  path,
  rt,
  clock,
  poster: { concurrency: Number(process.env['CHILD_CONCURRENCY'] ?? 2), backoffBaseMs: 5, backoffMaxMs: 50, deliverTimeoutMs: 5_000 },
});
daily.addPlatform('fake', httpDeliver(base));
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
// Idle keep-alive sockets to the fake and the paused stdin would otherwise hold the process open.
process.exit(0);
