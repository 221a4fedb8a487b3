import { type ChildProcess, fork } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import { realpathSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import { loadQuestions } from '../src/facts/question-set.js';

/**
 * Slack over HTTP under load: Wattson's Bolt app answering varied signed `/wattson ask …`
 * commands, beside a do-nothing Bolt app that only acks, with the same load generator
 * (autocannon, in this process) against each app in its own child process. Requests are
 * signed before each run (signing is Slack's cost, not the app's), every one unique, since
 * Wattson rejects a replayed signature. Figures are ratios measured in one run.
 *
 * This machine is shared and its speed drifts within seconds, so the two apps are not
 * measured one after the other but in alternating short rounds (A B, then B A, ...), and
 * the ratio reported is the median of the rounds' ratios. Each app also reports the CPU time
 * it spent per answered request, which a neighbour's load disturbs far less than req/s.
 */

const SECRET = 'bench-signing-secret';
const WARMUP_S = 1;
const RUN_S = 2;
const ROUNDS = 5;
const CONNECTIONS = [10, 50] as const;
const USERS = Array.from({ length: 20 }, (_, i) => `U0BENCH${i}`);

type Kind = 'noop' | 'wattson';

interface AppFigures {
  /** Medians over the rounds. */
  rps: number;
  p99: number;
  /** The slowest round's p99. */
  worstP99: number;
  /** CPU time (user + system) the app's process spent per answered request, median. */
  cpuUsPerRequest: number;
  non2xx: number;
}

export interface SlackBenchRow {
  connections: number;
  noop: AppFigures;
  wattson: AppFigures & { bytesPerAnswer: number };
  /** Median of the rounds' throughput ratios (Wattson ÷ do-nothing), with the spread. */
  ratio: number;
  ratioRange: [number, number];
  /** Do-nothing CPU per request ÷ Wattson's: the throughput ratio a CPU-bound server would show. */
  cpuRatio: number;
}

// ---------------------------------------------------------------- child: one app per process

/** The Web API calls Wattson's app makes (auth.test once, users.info once per user). */
async function fakeWebApi(): Promise<Server> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const user = new URLSearchParams(body).get('user') ?? '';
      const answer = req.url?.endsWith('/auth.test')
        ? { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T0BENCH' }
        : { ok: true, user: { id: user, locale: user.endsWith('7') ? 'zh-CN' : 'en-US' } };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return server;
}

async function serve(kind: Kind): Promise<void> {
  const api = await fakeWebApi();
  const apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}/api/`;
  let port: number;
  let stop: () => Promise<void>;
  if (kind === 'noop') {
    const { App, LogLevel } = await import('@slack/bolt');
    const app = new App({
      token: 'xoxb-bench',
      signingSecret: SECRET,
      botId: 'BBOT',
      botUserId: 'UBOT',
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: apiUrl, retryConfig: { retries: 0 } },
    });
    app.command(/.*/, async ({ ack }) => {
      await ack();
    });
    const server = (await app.start({ port: 0, host: '127.0.0.1' })) as Server;
    port = (server.address() as AddressInfo).port;
    stop = async () => {
      await app.stop();
    };
  } else {
    const [{ startSlack }, { loadConfig }, { createRuntime }, { silentLogger }] = await Promise.all([
      import('../src/adapters/slack/index.js'),
      import('../src/config.js'),
      import('../src/dispatch/runtime.js'),
      import('../src/log.js'),
    ]);
    const env = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: apiUrl, PORT: '0', LOG_LEVEL: 'silent' }).env;
    const adapter = await startSlack(createRuntime({ log: silentLogger() }), env, { host: '127.0.0.1' });
    port = adapter.port!;
    stop = () => adapter.stop();
  }
  // For bench/flood.ts: the highest RSS seen, sampled while requests run.
  let peak = 0;
  setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 50).unref();
  process.on('message', (m) => {
    if (m === 'stop') void stop().finally(() => api.close(() => process.exit(0)));
    if (m === 'rss') {
      // The peak since the last ask (sampled every 50 ms), then the figures after a full collection.
      const peakRss = Math.max(peak, process.memoryUsage.rss());
      globalThis.gc?.();
      const { rss, heapUsed } = process.memoryUsage();
      peak = rss;
      process.send?.({ rss, heapUsed, peakRss });
    }
    if (m === 'cpu') {
      const { user, system } = process.cpuUsage();
      process.send?.({ cpu: user + system });
    }
  });
  process.send?.({ port });
}

// ---------------------------------------------------------------- parent: load and compare

export async function startChild(kind: Kind): Promise<{ child: ChildProcess; port: number }> {
  // PROF=1 (or PROF=noop) writes a V8 CPU profile of that app's process to /tmp/sprof.
  const child = fork(fileURLToPath(import.meta.url), [], {
    execArgv: ['--expose-gc', ...(process.env['PROF'] === kind || (kind === 'wattson' && process.env['PROF'] === '1') ? ['--cpu-prof', '--cpu-prof-dir=/tmp/sprof'] : [])],
    env: { ...process.env, WATTSON_SLACK_BENCH_CHILD: kind, LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const [msg] = (await Promise.race([
    once(child, 'message'),
    once(child, 'exit').then(() => {
      throw new Error(`the ${kind} bench app exited before listening`);
    }),
  ])) as [{ port: number }];
  return { child, port: msg.port };
}

/** The child's CPU time so far, in µs. */
export async function cpuOf(child: ChildProcess): Promise<number> {
  const reply = new Promise<number>((resolve) => {
    const onMessage = (m: unknown) => {
      if (typeof m === 'object' && m !== null && 'cpu' in m) {
        child.off('message', onMessage);
        resolve((m as { cpu: number }).cpu);
      }
    };
    child.on('message', onMessage);
  });
  child.send('cpu');
  return reply;
}

export async function stopChild(child: ChildProcess): Promise<void> {
  const exited = once(child, 'exit');
  child.send('stop');
  await exited;
}

/** Each question under several framings, so answers vary and no cache can help. */
export function questions(): string[] {
  const en = ['', 'quick question: ', 'in the episode, ', 'tell me ', 'I wonder ', 'roughly, '];
  const zh = ['', '请问', '节目里', '想知道', '大概', '麻烦问下'];
  return loadQuestions().flatMap((q) => (q.lang === 'zh' ? zh : en).map((p) => `${p}${q.q}`));
}

let serial = 0;

/** Signed, unique request bodies, made before the clock starts. */
export function signPool(size: number, qs: string[]): { body: string; headers: Record<string, string> }[] {
  const ts = String(Math.floor(Date.now() / 1000));
  return Array.from({ length: size }, () => {
    const n = serial++;
    const body = new URLSearchParams({
      token: 'legacy',
      team_id: 'T0BENCH',
      team_domain: 'bench',
      channel_id: 'C0BENCH',
      channel_name: 'general',
      user_id: USERS[n % USERS.length]!,
      user_name: 'bench',
      command: '/wattson',
      text: `ask ${qs[n % qs.length]!}`,
      api_app_id: 'A0BENCH',
      response_url: 'http://127.0.0.1:9/unused',
      trigger_id: `trig-${n}`,
    }).toString();
    const signature = `v0=${createHmac('sha256', SECRET).update(`v0:${ts}:${body}`).digest('hex')}`;
    return { body, headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': ts, 'x-slack-signature': signature } };
  });
}

export async function load(port: number, connections: number, seconds: number, pool: ReturnType<typeof signPool>): Promise<autocannon.Result> {
  let next = 0;
  return autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        path: '/slack/events',
        // Only picks a pre-signed request; wraps around (and is then rejected as a replay) if the pool runs dry.
        setupRequest: (req) => ({ ...req, ...pool[next++ % pool.length]! }),
      },
    ],
  });
}

interface Round {
  result: autocannon.Result;
  cpuUsPerRequest: number;
}

interface Target {
  child: ChildProcess;
  port: number;
  /** Requests a second this app managed in its warm-up, for sizing the signed pools. */
  warmRps: number;
}

/** A short warm-up, so the JIT has settled and the pool for later rounds can be sized. */
async function warm(t: Target, connections: number, qs: string[]): Promise<void> {
  const r = await load(t.port, connections, WARMUP_S, signPool(40_000, qs));
  t.warmRps = r.requests.average;
}

async function round(t: Target, connections: number, qs: string[]): Promise<Round> {
  // Sized for three times the warm-up rate (at least 5,000 a second), or wrapped requests
  // would come back as 401 replays.
  const pool = signPool(Math.ceil(Math.max(t.warmRps * 3, 5000) * RUN_S) + 2000, qs);
  const before = await cpuOf(t.child);
  const result = await load(t.port, connections, RUN_S, pool);
  const cpu = (await cpuOf(t.child)) - before;
  return { result, cpuUsPerRequest: cpu / Math.max(1, result.requests.total) };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function figures(rounds: Round[]): AppFigures {
  return {
    rps: median(rounds.map((r) => r.result.requests.average)),
    p99: median(rounds.map((r) => r.result.latency.p99)),
    worstP99: Math.max(...rounds.map((r) => r.result.latency.p99)),
    cpuUsPerRequest: median(rounds.map((r) => r.cpuUsPerRequest)),
    non2xx: rounds.reduce((sum, r) => sum + r.result.non2xx + r.result.errors, 0),
  };
}

/** Alternating rounds at one connection count: A B, B A, A B, ... so drift hits both alike. */
async function compare(noop: Target, wattson: Target, connections: number, qs: string[]): Promise<SlackBenchRow> {
  await warm(noop, connections, qs);
  await warm(wattson, connections, qs);
  const n: Round[] = [];
  const w: Round[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    if (i % 2 === 0) {
      n.push(await round(noop, connections, qs));
      w.push(await round(wattson, connections, qs));
    } else {
      w.push(await round(wattson, connections, qs));
      n.push(await round(noop, connections, qs));
    }
  }
  const ratios = n.map((r, i) => w[i]!.result.requests.average / Math.max(1, r.result.requests.average));
  const nf = figures(n);
  const wf = figures(w);
  return {
    connections,
    noop: nf,
    wattson: { ...wf, bytesPerAnswer: median(w.map((r) => r.result.throughput.average / Math.max(1, r.result.requests.average))) },
    ratio: median(ratios),
    ratioRange: [Math.min(...ratios), Math.max(...ratios)],
    cpuRatio: nf.cpuUsPerRequest / Math.max(1e-9, wf.cpuUsPerRequest),
  };
}

async function checkAnswers(port: number, qs: string[]): Promise<void> {
  const [req] = signPool(1, qs);
  const res = await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', headers: req!.headers, body: req!.body });
  const json = (await res.json()) as { blocks?: unknown[] };
  if (res.status !== 200 || !json.blocks?.length) throw new Error(`Wattson's bench app did not answer with blocks (status ${res.status})`);
}

export async function slackBench(): Promise<SlackBenchRow[]> {
  const qs = questions();
  const noop: Target = { ...(await startChild('noop')), warmRps: 0 };
  const wattson: Target = { ...(await startChild('wattson')), warmRps: 0 };
  const rows: SlackBenchRow[] = [];
  try {
    await checkAnswers(wattson.port, qs);
    for (const connections of CONNECTIONS) rows.push(await compare(noop, wattson, connections, qs));
  } finally {
    await Promise.allSettled([stopChild(noop.child), stopChild(wattson.child)]);
  }
  const f = (x: number) => Math.round(x).toLocaleString('en-US');
  console.log(`Slack over HTTP: signed slash commands, autocannon; ${ROUNDS} alternating rounds of ${RUN_S} s per app after ${WARMUP_S} s warm-up; ${qs.length} distinct /wattson ask questions`);
  console.log('  connections  do-nothing Bolt req/s  p99      µs CPU/req   Wattson req/s  p99 (worst)    µs CPU/req   ratio (rounds)     CPU ratio  answer bytes');
  for (const r of rows) {
    console.log(
      [
        String(r.connections).padEnd(11),
        f(r.noop.rps).padStart(21),
        `${r.noop.p99} ms`.padEnd(7),
        f(r.noop.cpuUsPerRequest).padStart(10),
        f(r.wattson.rps).padStart(14),
        `${r.wattson.p99} ms (${r.wattson.worstP99})`.padEnd(13),
        f(r.wattson.cpuUsPerRequest).padStart(11),
        `${r.ratio.toFixed(2)} (${r.ratioRange[0].toFixed(2)}–${r.ratioRange[1].toFixed(2)})`.padEnd(17),
        r.cpuRatio.toFixed(2).padStart(9),
        f(r.wattson.bytesPerAnswer).padStart(12),
      ]
        .join('  ')
        .replace(/^/, '  '),
    );
    if (r.noop.non2xx || r.wattson.non2xx) console.log(`    non-2xx or errors: do-nothing ${r.noop.non2xx}, Wattson ${r.wattson.non2xx}`);
  }
  const at50 = rows.find((r) => r.connections === 50);
  if (at50) {
    console.log(
      `  targets: ratio ≥ 0.50 (now ${at50.ratio.toFixed(2)} at 50 connections, median of ${ROUNDS} rounds), Wattson p99 < 100 ms at 50 connections (now ${at50.wattson.p99} ms, worst round ${at50.wattson.worstP99} ms)`,
    );
  }
  return rows;
}

function isMain(): boolean {
  try {
    return import.meta.url === pathToFileURL(realpathSync(process.argv[1] ?? '')).href;
  } catch {
    return false;
  }
}

const childKind = process.env['WATTSON_SLACK_BENCH_CHILD'];
if (childKind === 'noop' || childKind === 'wattson') await serve(childKind);
else if (isMain()) await slackBench();
