import { fork, type ChildProcess } from 'node:child_process';
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
 */

const SECRET = 'bench-signing-secret';
const WARMUP_S = 1;
const RUN_S = 4;
const CONNECTIONS = [10, 50] as const;
const USERS = Array.from({ length: 20 }, (_, i) => `U0BENCH${i}`);

type Kind = 'noop' | 'wattson';

export interface SlackBenchRow {
  connections: number;
  noop: { rps: number; p99: number; non2xx: number };
  wattson: { rps: number; p99: number; non2xx: number; bytesPerAnswer: number };
  ratio: number;
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
    const app = new App({ token: 'xoxb-bench', signingSecret: SECRET, botId: 'BBOT', botUserId: 'UBOT', logLevel: LogLevel.ERROR, clientOptions: { slackApiUrl: apiUrl, retryConfig: { retries: 0 } } });
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
      import('../src/runtime.js'),
      import('../src/log.js'),
    ]);
    const env = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: apiUrl, PORT: '0', LOG_LEVEL: 'silent' }).env;
    const adapter = await startSlack(createRuntime({ log: silentLogger() }), env, { host: '127.0.0.1' });
    port = adapter.port!;
    stop = () => adapter.stop();
  }
  process.on('message', (m) => {
    if (m === 'stop') void stop().finally(() => api.close(() => process.exit(0)));
  });
  process.send?.({ port });
}

// ---------------------------------------------------------------- parent: load and compare

async function startChild(kind: Kind): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(fileURLToPath(import.meta.url), [], { execArgv: kind === 'wattson' && process.env['PROF'] ? ['--cpu-prof', '--cpu-prof-dir=/tmp/sprof'] : [], env: { ...process.env, WATTSON_SLACK_BENCH_CHILD: kind, LOG_LEVEL: 'silent' }, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const [msg] = (await Promise.race([once(child, 'message'), once(child, 'exit').then(() => { throw new Error(`the ${kind} bench app exited before listening`); })])) as [{ port: number }];
  return { child, port: msg.port };
}

async function stopChild(child: ChildProcess): Promise<void> {
  const exited = once(child, 'exit');
  child.send('stop');
  await exited;
}

/** Each question under several framings, so answers vary and no cache can help. */
function questions(): string[] {
  const en = ['', 'quick question: ', 'in the episode, ', 'tell me ', 'I wonder ', 'roughly, '];
  const zh = ['', '请问', '节目里', '想知道', '大概', '麻烦问下'];
  return loadQuestions().flatMap((q) => (q.lang === 'zh' ? zh : en).map((p) => `${p}${q.q}`));
}

let serial = 0;

/** Signed, unique request bodies, made before the clock starts. */
function signPool(size: number, qs: string[]): { body: string; headers: Record<string, string> }[] {
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

async function load(port: number, connections: number, seconds: number, pool: ReturnType<typeof signPool>): Promise<autocannon.Result> {
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

/** Runs a short warm-up, sizes the pool from it, then measures. */
async function measure(port: number, connections: number, qs: string[]): Promise<autocannon.Result> {
  const warm = await load(port, connections, WARMUP_S, signPool(40_000, qs));
  // A warm-up still JIT-compiling underestimates the measured rate; size the pool for three
  // times it (at least 5,000 a second), or wrapped requests come back as 401 replays.
  const size = Math.ceil(Math.max(warm.requests.average * 3, 5000) * RUN_S) + 2000;
  return load(port, connections, RUN_S, signPool(size, qs));
}

async function checkAnswers(port: number, qs: string[]): Promise<void> {
  const [req] = signPool(1, qs);
  const res = await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', headers: req!.headers, body: req!.body });
  const json = (await res.json()) as { blocks?: unknown[] };
  if (res.status !== 200 || !json.blocks?.length) throw new Error(`Wattson's bench app did not answer with blocks (status ${res.status})`);
}

export async function slackBench(): Promise<SlackBenchRow[]> {
  const qs = questions();
  const noop = await startChild('noop');
  const wattson = await startChild('wattson');
  const rows: SlackBenchRow[] = [];
  try {
    await checkAnswers(wattson.port, qs);
    for (const connections of CONNECTIONS) {
      const n = await measure(noop.port, connections, qs);
      const w = await measure(wattson.port, connections, qs);
      rows.push({
        connections,
        noop: { rps: n.requests.average, p99: n.latency.p99, non2xx: n.non2xx + n.errors },
        wattson: { rps: w.requests.average, p99: w.latency.p99, non2xx: w.non2xx + w.errors, bytesPerAnswer: w.throughput.average / Math.max(1, w.requests.average) },
        ratio: w.requests.average / Math.max(1, n.requests.average),
      });
    }
  } finally {
    await Promise.allSettled([stopChild(noop.child), stopChild(wattson.child)]);
  }
  const f = (x: number) => Math.round(x).toLocaleString('en-US');
  console.log(`Slack over HTTP: signed slash commands, autocannon ${RUN_S} s per run after ${WARMUP_S} s warm-up; ${qs.length} distinct /wattson ask questions`);
  console.log('  connections  do-nothing Bolt req/s  p99      Wattson req/s  p99      ratio  (Wattson answer ≈ bytes)');
  for (const r of rows) {
    console.log(
      `  ${String(r.connections).padEnd(11)}  ${f(r.noop.rps).padStart(21)}  ${`${r.noop.p99} ms`.padEnd(7)}  ${f(r.wattson.rps).padStart(13)}  ${`${r.wattson.p99} ms`.padEnd(7)}  ${r.ratio.toFixed(2).padStart(5)}  (${f(r.wattson.bytesPerAnswer)})`,
    );
    if (r.noop.non2xx || r.wattson.non2xx) console.log(`    non-2xx or errors: do-nothing ${r.noop.non2xx}, Wattson ${r.wattson.non2xx}`);
  }
  const at50 = rows.find((r) => r.connections === 50);
  if (at50) console.log(`  targets: ratio ≥ 0.50 (now ${at50.ratio.toFixed(2)} at 50 connections), Wattson p99 < 100 ms at 50 connections (now ${at50.wattson.p99} ms)`);
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
