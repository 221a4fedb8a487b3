import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { REPLAY_GUARD_MAX } from '../src/adapters/http/replay-guard.js';
import { questions, signPool, startChild, stopChild } from './slack.js';

/**
 * A bounded flood of signed Slack requests against Wattson's HTTP app (its own process, as in
 * bench/slack.ts): 20,000 unique signed `/wattson ask …` commands, the app's RSS after a full
 * GC, then 20,000 more and the RSS again. Every signature is remembered by the replay guard for
 * its five minutes, so this is where unbounded growth would show; the verdict printed is whether
 * the second run grew past the first run's plateau by more than 10%. Not a test: a figure.
 */

const RUN = 20_000;
const CONNECTIONS = 10;

/** After a full GC in the app's process, and the highest RSS sampled since the last ask. */
interface Memory {
  rss: number;
  heapUsed: number;
  peakRss: number;
}

async function memoryOf(child: ChildProcess): Promise<Memory> {
  const reply = new Promise<Memory>((resolve) => {
    const onMessage = (m: unknown) => {
      if (typeof m === 'object' && m !== null && 'rss' in m) {
        child.off('message', onMessage);
        resolve(m as Memory);
      }
    };
    child.on('message', onMessage);
  });
  child.send('rss');
  return reply;
}

/** Sends exactly `RUN` requests from a pool signed just before; returns the non-2xx count. */
async function flood(port: number, qs: string[]): Promise<{ non2xx: number; rps: number }> {
  const pool = signPool(RUN, qs);
  let next = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    amount: RUN,
    requests: [{ method: 'POST', path: '/slack/events', setupRequest: (req) => ({ ...req, ...pool[next++]! }) }],
  });
  return { non2xx: result.non2xx + result.errors, rps: result.requests.average };
}

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

export async function slackFlood(): Promise<{ growth: number }> {
  const qs = questions();
  const { child, port } = await startChild('wattson');
  try {
    const start = await memoryOf(child);
    const first = await flood(port, qs);
    const plateau = await memoryOf(child);
    const second = await flood(port, qs);
    const after = await memoryOf(child);
    const growth = (after.rss - plateau.rss) / plateau.rss;
    console.log(
      `Slack HTTP flood: ${RUN.toLocaleString('en-US')} + ${RUN.toLocaleString('en-US')} unique signed /wattson ask commands, ${CONNECTIONS} connections; replay guard bound ${REPLAY_GUARD_MAX.toLocaleString('en-US')} signatures`,
    );
    console.log('  (RSS and heap after a full GC in the app; peak RSS sampled every 50 ms during the run, V8 keeps spare heap capacity)');
    const row = (label: string, m: Memory, run?: { rps: number; non2xx: number }) =>
      console.log(
        `  ${label.padEnd(22)} RSS ${mb(m.rss).padStart(9)}  heap ${mb(m.heapUsed).padStart(8)}  peak RSS ${mb(m.peakRss).padStart(9)}${run ? `  ${Math.round(run.rps)} req/s, ${run.non2xx} non-2xx` : ''}`,
      );
    row('at start', start);
    row(`after ${RUN.toLocaleString('en-US')} requests`, plateau, first);
    row(`after ${(2 * RUN).toLocaleString('en-US')} requests`, after, second);
    console.log(
      `  the second run moved RSS ${growth >= 0 ? '+' : ''}${(growth * 100).toFixed(1)}% from the first run's plateau: ${growth > 0.1 ? 'MORE than 10%: memory is not bounded' : 'within 10%: bounded'}`,
    );
    return { growth };
  } finally {
    await stopChild(child);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await slackFlood();
