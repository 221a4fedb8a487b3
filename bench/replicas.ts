import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { realpathSync } from 'node:fs';
import { Agent, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';
import httpProxy from 'http-proxy';
import { cpuOf, load, median, questions, signPool, startChild, stopChild } from './slack.js';

/**
 * Slack over HTTP with one replica and with two behind a loopback round-robin proxy
 * (http-proxy, keep-alive to the replicas), measured on this machine in this run: the same
 * signed /wattson ask commands, the same load generator (autocannon, in this process), the same
 * proxy code in front of both, so the ratio is what the second replica adds and not what the
 * proxy costs. Direct requests to one replica are measured too, for the proxy's own cost.
 *
 * The configurations are measured in alternating short rounds (as bench/slack.ts does), and the
 * ratio reported is the median of the rounds' ratios. Each process's CPU time per answered
 * request says where the machine's time went: on two cores, the load generator, the proxy and
 * the replicas all share them, so a second replica can only use what the first left idle.
 */

const WARMUP_S = 1;
const RUN_S = 2;
const ROUNDS = 5;
const CONNECTIONS = 50;

// ---------------------------------------------------------------- child: the proxy

async function serveProxy(targets: number[]): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const proxy = httpProxy.createProxyServer({ agent });
  proxy.on('error', (_err, _req, res) => {
    // A replica that failed mid-request: 502, as any reverse proxy would answer.
    if ('writeHead' in res && !res.headersSent) res.writeHead(502);
    res.end();
  });
  let next = 0;
  const server = createServer((req, res) => proxy.web(req, res, { target: `http://127.0.0.1:${targets[next++ % targets.length]!}` }));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  process.on('message', (m) => {
    if (m === 'stop') server.close(() => process.exit(0));
    if (m === 'cpu') {
      const { user, system } = process.cpuUsage();
      process.send?.({ cpu: user + system });
    }
  });
  process.send?.({ port: (server.address() as AddressInfo).port });
}

// ---------------------------------------------------------------- parent

async function startProxy(targets: number[]): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(fileURLToPath(import.meta.url), [], { env: { ...process.env, WATTSON_PROXY_TARGETS: JSON.stringify(targets) }, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const [msg] = (await once(child, 'message')) as [{ port: number }];
  return { child, port: msg.port };
}

interface Setup {
  name: string;
  port: number;
  /** The processes whose CPU this configuration spends (the proxy, the replicas in play). */
  processes: ChildProcess[];
  warmRps: number;
}

interface Round {
  rps: number;
  p99: number;
  non2xx: number;
  cpuUsPerRequest: number;
}

async function round(s: Setup, qs: string[]): Promise<Round> {
  const pool = signPool(Math.ceil(Math.max(s.warmRps * 3, 4000) * RUN_S) + 2000, qs);
  const before = await Promise.all(s.processes.map(cpuOf));
  const r = await load(s.port, CONNECTIONS, RUN_S, pool);
  const after = await Promise.all(s.processes.map(cpuOf));
  const cpu = after.reduce((sum, a, i) => sum + a - before[i]!, 0);
  return { rps: r.requests.average, p99: r.latency.p99, non2xx: r.non2xx + r.errors, cpuUsPerRequest: cpu / Math.max(1, r.requests.total) };
}

export interface ReplicaFigures {
  direct: number;
  one: number;
  two: number;
  ratio: number;
  ratioRange: [number, number];
}

export async function replicaBench(): Promise<ReplicaFigures> {
  const qs = questions();
  const a = await startChild('wattson');
  const b = await startChild('wattson');
  const proxyOne = await startProxy([a.port]);
  const proxyTwo = await startProxy([a.port, b.port]);
  const setups: Setup[] = [
    { name: 'one replica, direct', port: a.port, processes: [a.child], warmRps: 0 },
    { name: 'one replica behind the proxy', port: proxyOne.port, processes: [proxyOne.child, a.child], warmRps: 0 },
    { name: 'two replicas behind the proxy', port: proxyTwo.port, processes: [proxyTwo.child, a.child, b.child], warmRps: 0 },
  ];
  const rounds = new Map<string, Round[]>(setups.map((s) => [s.name, []]));
  try {
    for (const s of setups) s.warmRps = (await load(s.port, CONNECTIONS, WARMUP_S, signPool(30_000, qs))).requests.average;
    for (let i = 0; i < ROUNDS; i++) {
      // Alternate the order, so the machine's drift hits every configuration alike.
      for (const s of i % 2 === 0 ? setups : [...setups].reverse()) rounds.get(s.name)!.push(await round(s, qs));
    }
  } finally {
    await Promise.allSettled([stopChild(proxyOne.child), stopChild(proxyTwo.child), stopChild(a.child), stopChild(b.child)]);
  }
  const [direct, one, two] = setups.map((s) => rounds.get(s.name)!);
  const ratios = one!.map((r, i) => two![i]!.rps / Math.max(1, r.rps));
  const f = (x: number) => Math.round(x).toLocaleString('en-US');
  console.log(
    `Slack over HTTP, replicas: ${CONNECTIONS} connections, ${ROUNDS} alternating rounds of ${RUN_S} s after ${WARMUP_S} s warm-up; round-robin proxy (http-proxy, keep-alive) in its own process`,
  );
  console.log('  configuration                    req/s (median)  p99 (median)  µs CPU/req (all its processes)  non-2xx');
  for (const s of setups) {
    const rs = rounds.get(s.name)!;
    console.log(
      `  ${s.name.padEnd(31)}  ${f(median(rs.map((r) => r.rps))).padStart(14)}  ${`${median(rs.map((r) => r.p99))} ms`.padStart(12)}  ${f(median(rs.map((r) => r.cpuUsPerRequest))).padStart(30)}  ${String(rs.reduce((n, r) => n + r.non2xx, 0)).padStart(7)}`,
    );
  }
  const figures: ReplicaFigures = {
    direct: median(direct!.map((r) => r.rps)),
    one: median(one!.map((r) => r.rps)),
    two: median(two!.map((r) => r.rps)),
    ratio: median(ratios),
    ratioRange: [Math.min(...ratios), Math.max(...ratios)],
  };
  console.log(
    `  two replicas ÷ one, both behind the proxy: ×${figures.ratio.toFixed(2)} (rounds ${figures.ratioRange[0].toFixed(2)}–${figures.ratioRange[1].toFixed(2)}); the proxy costs ${((1 - figures.one / Math.max(1, figures.direct)) * 100).toFixed(0)}% of direct throughput`,
  );
  console.log(
    '  (on 2 cores, far under ×2: autocannon, the proxy and both replicas share the two cores, and one replica with the load generator already keeps them busy; a second replica only adds the idle time the first leaves, mostly while it waits on I/O)',
  );
  return figures;
}

function isMain(): boolean {
  try {
    return import.meta.url === pathToFileURL(realpathSync(process.argv[1] ?? '')).href;
  } catch {
    return false;
  }
}

const targets = process.env['WATTSON_PROXY_TARGETS'];
if (targets) await serveProxy(JSON.parse(targets) as number[]);
else if (isMain()) await replicaBench();
