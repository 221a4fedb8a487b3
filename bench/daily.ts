import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REST } from 'discord.js';
import { discordDeliver } from '../src/adapters/discord/daily-deliver.js';
import { createDaily } from '../src/daily/index.js';
import { createRuntime } from '../src/dispatch/runtime.js';
import { silentLogger } from '../src/log.js';

/**
 * Fan-out: N subscriptions due in the same minute, posted through @discordjs/rest (the client
 * discord.js uses) to a loopback fake of Discord's REST API that allows 50 requests a second
 * and answers the rest with real 429s (retry_after, X-RateLimit-Global). The library's own
 * limiter does the pacing. Printed: total time as a ratio to the floor N / 50 s, the 429s the
 * fake had to send, and duplicate posts (must be 0).
 */

export const GLOBAL_PER_SECOND = 50;

export interface FakeRest {
  url: string;
  /** Messages created (a nonce seen again within a channel returns the first message). */
  created: number;
  limited: number;
  /** Channels that got a second message: the figure that must be 0. */
  duplicates: number;
  close(): Promise<void>;
}

/** Discord's message endpoint, a global 50/s window, and enforce_nonce. */
export async function fakeDiscordRest(): Promise<FakeRest> {
  let windowStart = 0;
  let used = 0;
  const byNonce = new Map<string, string>();
  const perChannel = new Map<string, number>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      const m = /^\/api\/v10\/channels\/(\d+)\/messages$/.exec(req.url ?? '');
      if (req.method !== 'POST' || !m) {
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'Unknown route', code: 0 }));
        return;
      }
      const now = Date.now();
      if (now - windowStart >= 1000) {
        windowStart = now;
        used = 0;
      }
      if (used >= GLOBAL_PER_SECOND) {
        fake.limited++;
        const retry = (windowStart + 1000 - now) / 1000;
        res
          .writeHead(429, { 'content-type': 'application/json', 'retry-after': String(Math.ceil(retry)), 'x-ratelimit-global': 'true', 'x-ratelimit-scope': 'global' })
          .end(JSON.stringify({ message: 'You are being rate limited.', retry_after: retry, global: true }));
        return;
      }
      used++;
      const channel = m[1]!;
      const body = JSON.parse(raw) as { nonce?: string; enforce_nonce?: boolean };
      const key = `${channel}|${body.nonce}`;
      let id = body.enforce_nonce && body.nonce ? byNonce.get(key) : undefined;
      if (!id) {
        id = String(1_000_000_000_000 + ++fake.created);
        if (body.nonce) byNonce.set(key, id);
        const count = (perChannel.get(channel) ?? 0) + 1;
        perChannel.set(channel, count);
        if (count === 2) fake.duplicates++;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id, channel_id: channel, nonce: body.nonce }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const fake: FakeRest = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`,
    created: 0,
    limited: 0,
    duplicates: 0,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  return fake;
}

interface Run {
  seconds: number;
  sent: number;
}

/** Subscribes `n` channels for 09:00 UTC, then runs one scheduler pass per process at 09:00:01. */
async function fanOut(n: number, processes: number, fake: FakeRest, dir: string): Promise<Run> {
  const due = Date.parse('2025-03-10T09:00:00Z');
  let now = due - 3_600_000;
  const rt = createRuntime({ log: silentLogger() });
  const path = join(dir, `bench-${processes}.db`);
  const dailies = Array.from({ length: processes }, () => createDaily({ path, rt, clock: () => now }));
  try {
    for (const d of dailies) d.addPlatform('discord', discordDeliver(new REST({ api: fake.url, version: '10' }).setToken('fake.bench.token')));
    for (let i = 0; i < n; i++) {
      await dailies[0]!.service.subscribe({ platform: 'discord', channelId: String(900_000_000_000_000 + i), userId: 'bench', time: '09:00', timezone: 'UTC', locale: 'en' });
    }
    now = due + 1000;
    const t0 = process.hrtime.bigint();
    const outcomes = (await Promise.all(dailies.map((d) => d.scheduler.tick()))).flat();
    return { seconds: Number(process.hrtime.bigint() - t0) / 1e9, sent: outcomes.filter((o) => o.status === 'sent').length };
  } finally {
    for (const d of dailies) await d.stop();
  }
}

/**
 * `npm run bench` part: DAILY_BENCH_N subscriptions (default 2000) through one process; then a
 * quarter as many through two processes sharing the database and the bot token, whose two
 * limiters together overrun Discord's global limit, so the fake answers real 429s.
 */
export async function dailyFanOut(n = Number(process.env['DAILY_BENCH_N'] ?? 2000)): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'wattson-daily-bench-'));
  try {
    console.log(`daily fan-out through @discordjs/rest to a fake Discord REST allowing ${GLOBAL_PER_SECOND} requests/s (429 with retry_after beyond)`);
    for (const [count, processes] of [
      [n, 1],
      [Math.max(1, Math.round(n / 4)), 2],
    ] as const) {
      const fake = await fakeDiscordRest();
      try {
        const r = await fanOut(count, processes, fake, dir);
        const floor = count / GLOBAL_PER_SECOND;
        console.log(
          `  ${String(count).padStart(5)} channels, ${processes} poster${processes > 1 ? 's sharing the token' : ''}: ${r.sent}/${count} posted in ${r.seconds.toFixed(1)} s = ×${(r.seconds / floor).toFixed(3)} of the ${floor.toFixed(1)} s floor; 429s answered ${fake.limited}; duplicates ${fake.duplicates}`,
        );
      } finally {
        await fake.close();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
