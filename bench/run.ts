import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Fuse from 'fuse.js';
import { Bench } from 'tinybench';
import { executeLine } from '../src/dispatch/router.js';
import { createRuntime } from '../src/dispatch/runtime.js';
import type { StoredFact } from '../src/facts/load.js';
import { PROJECT_ROOT } from '../src/facts/paths.js';
import { type Answered, accuracy as blindAccuracy, blindSets, describeAccuracy, HELD_OUT_SET, loadQuestions, type Question } from '../src/facts/question-set.js';
import { segmenterStats } from '../src/facts/segment.js';
import { silentLogger } from '../src/log.js';
import { math } from '../src/quantities/math.js';
import { conversationMemory, followUpCost } from './conversation.js';
import { benchDiscord } from './discord.js';
import { slackBench } from './slack.js';

/**
 * `npm run bench`: figures as ratios between things measured in this one run, never as
 * pass/fail (the machine is shared and noisy).
 */

const rt = createRuntime({ log: silentLogger() });
const questions = loadQuestions();

/** Varied queries: each question under several framings, so no query repeats and no cache can help. */
function variedQueries(qs: Question[]): string[] {
  const en = ['', 'quick question: ', 'in the episode, ', 'tell me ', 'I wonder ', 'roughly, ', 'so ', 'hey wattson '];
  const zh = ['', '请问', '节目里', '想知道', '大概', '麻烦问下', '那么', '你好，'];
  return qs.flatMap((q) => (q.lang === 'zh' ? zh : en).map((p) => `${p}${q.q}`));
}

/** The baseline the issue names: fuse.js over each fact's text (claims and keywords, ~200-300 characters), nothing else. */
function naiveSearch(facts: readonly StoredFact[]) {
  const docs = facts.map((f) => ({
    id: f.id,
    text: [f.claim.en, f.claim.zh, ...f.keywords.en, ...f.keywords.zh].join(' '),
  }));
  const fuse = new Fuse(docs, { keys: ['text'], ignoreLocation: true, threshold: 0.6, includeScore: true });
  return (q: string) => fuse.search(q, { limit: 4 })[0]?.item.id;
}

const heldOut = loadQuestions(HELD_OUT_SET);
/** Every half of the blind set present (the tuning half; the test half once it is added). */
const blind = blindSets().map((h) => ({ ...h, questions: loadQuestions(h.file) }));

async function accuracy(answer: (q: Question) => Promise<string | undefined> | string | undefined, set: Question[] = questions): Promise<{ en: number; zh: number; none: number }> {
  const got = new Map<Question, string | undefined>();
  for (const q of set) got.set(q, await answer(q));
  const rate = (qs: Question[], ok: (q: Question) => boolean) => qs.filter(ok).length / Math.max(1, qs.length);
  const withExpect = set.filter((q) => q.expect);
  return {
    en: rate(
      withExpect.filter((q) => q.lang === 'en'),
      (q) => got.get(q) === q.expect,
    ),
    zh: rate(
      withExpect.filter((q) => q.lang === 'zh'),
      (q) => got.get(q) === q.expect,
    ),
    none: rate(
      set.filter((q) => q.none),
      (q) => got.get(q) === undefined,
    ),
  };
}

function pct(n: number): string {
  return `${(n * 100).toFixed(1)}%`;
}

function ms(n: number | undefined): string {
  return n === undefined ? 'n/a' : `${n.toFixed(3)} ms`;
}

/**
 * What a running Wattson has done before its first questions: the search's lazily built parts
 * built (the Chinese segmenter's load, the spelling buckets; src/main.ts warms them once the
 * adapters are up), then one pass of other questions (the held-out set and the blind set, as
 * written) through /ask, so the code is compiled and the measured iterations time answering,
 * not first use. The measured queries themselves stay unseen.
 */
async function warmUp(): Promise<{ warmMs: number; passMs: number; questions: number }> {
  const warmMs = rt.search.warm();
  const others = [...heldOut, ...blind.flatMap((h) => h.questions)];
  const t0 = performance.now();
  for (const q of others) await executeLine(`/ask ${q.q}`, undefined, rt);
  return { warmMs, passMs: performance.now() - t0, questions: others.length };
}

async function latency(): Promise<void> {
  const queries = variedQueries(questions);
  const naive = naiveSearch(rt.store.facts);
  const warm = await warmUp();
  console.log(
    `warm-up: the search's lazy parts built in ${warm.warmMs.toFixed(0)} ms (jieba's load ${segmenterStats.loadMs?.toFixed(0) ?? 'n/a'} ms of it), then ${warm.questions} other questions in ${warm.passMs.toFixed(0)} ms`,
  );
  let i = 0;
  let j = 0;
  const bench = new Bench({ iterations: queries.length * 2, warmupIterations: 50, time: 0 });
  bench.add('/ask (Wattson index)', async () => {
    await executeLine(`/ask ${queries[i++ % queries.length]}`, 'en', rt);
  });
  bench.add('naive fuse.js over fact texts', () => {
    naive(queries[j++ % queries.length]!);
  });
  await bench.run();
  const [ours, base] = bench.tasks.map((t) => t.result);
  const stat = (r: typeof ours) => (r && 'latency' in r ? r.latency : undefined);
  const o = stat(ours);
  const b = stat(base);
  console.log(`/ask latency over ${rt.store.facts.length} facts, ${queries.length} distinct queries (${queries.filter((q) => /[\u3400-\u9FFF]/.test(q)).length} Chinese)`);
  console.log(`  Wattson /ask        p50 ${ms(o?.p50)}  p99 ${ms(o?.p99)}`);
  console.log(`  naive fuse.js       p50 ${ms(b?.p50)}  p99 ${ms(b?.p99)}`);
  const before = baselineLatency(queries);
  if (before) console.log(`  baseline build      p50 ${ms(before.p50)}  p99 ${ms(before.p99)}  (${process.env['WATTSON_BASELINE']}, same queries, in a child process)`);
  if (o?.p50 && b?.p50 && o.p99 && b.p99) {
    console.log(`  speed-up (naive / Wattson): p50 ×${(b.p50 / o.p50).toFixed(1)}, p99 ×${(b.p99 / o.p99).toFixed(1)}`);
  }
  // The blind set's questions are longer and messier; Wattson alone, the naive search would take minutes.
  const messy = blind.flatMap((h) => h.questions.map((q) => q.q));
  const blindBench = new Bench({ iterations: messy.length * 2, warmupIterations: 50, time: 0 });
  let k = 0;
  blindBench.add('/ask on the blind questions', async () => {
    await executeLine(`/ask ${messy[k++ % messy.length]}`, undefined, rt);
  });
  await blindBench.run();
  const m = stat(blindBench.tasks[0]?.result);
  console.log(`  Wattson /ask, blind set's ${messy.length} questions (answer language as asked): p50 ${ms(m?.p50)}  p99 ${ms(m?.p99)}`);
  const oursAcc = await accuracy(async (q) => (await executeLine(`/ask ${q.q}`, q.lang, rt)).reply.data.facts?.[0]);
  const naiveAcc = await accuracy((q) => naive(q.q));
  console.log(`accuracy on ${questions.length} questions (first fact correct; "none" = no guess on uncovered questions)`);
  console.log(`  Wattson /ask        en ${pct(oursAcc.en)}  zh ${pct(oursAcc.zh)}  none ${pct(oursAcc.none)}`);
  console.log(`  naive fuse.js       en ${pct(naiveAcc.en)}  zh ${pct(naiveAcc.zh)}  none ${pct(naiveAcc.none)}`);
  const ours2 = await accuracy(async (q) => (await executeLine(`/ask ${q.q}`, q.lang, rt)).reply.data.facts?.[0], heldOut);
  const naive2 = await accuracy((q) => naive(q.q), heldOut);
  console.log(`held-out set (${heldOut.length} questions written after tuning, never tuned on)`);
  console.log(`  Wattson /ask        en ${pct(ours2.en)}  zh ${pct(ours2.zh)}`);
  console.log(`  naive fuse.js       en ${pct(naive2.en)}  zh ${pct(naive2.zh)}`);
  for (const half of blind) {
    const answered: Answered[] = [];
    // No locale: the answer's language follows the question's, as a user gets it.
    for (const q of half.questions) {
      const { reply } = await executeLine(`/ask ${q.q}`, undefined, rt);
      answered.push({ q, first: reply.data.facts?.[0], match: reply.data.match });
    }
    const uncovered = half.questions.filter((q) => q.none).length;
    console.log(
      `blind set, ${half.name} half (${half.questions.length} questions: ${half.questions.length - uncovered} covered, ${uncovered} uncovered)${half.name.startsWith('tuning') ? ', tuned on' : ', never tuned on'}`,
    );
    console.log(describeAccuracy(blindAccuracy(answered)).replace(/^/gm, '  '));
  }
}

/**
 * The baseline build's /ask on the same queries and in the same run (a child process: two
 * builds cannot share one mathjs), so that the machine's load hits both alike.
 */
function baselineLatency(queries: readonly string[]): { p50: number; p99: number } | undefined {
  const baseline = process.env['WATTSON_BASELINE'];
  if (!baseline) return undefined;
  const script = `
    const { Bench } = await import(${JSON.stringify(join(PROJECT_ROOT, 'node_modules', 'tinybench', 'dist', 'index.js'))});
    const { executeLine } = await import(${JSON.stringify(join(baseline, 'dist', 'src', 'dispatch', 'router.js'))});
    const { createRuntime } = await import(${JSON.stringify(join(baseline, 'dist', 'src', 'dispatch', 'runtime.js'))});
    const { silentLogger } = await import(${JSON.stringify(join(baseline, 'dist', 'src', 'log.js'))});
    const queries = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
    const rt = createRuntime({ log: silentLogger() });
    let i = 0;
    const bench = new Bench({ iterations: queries.length * 2, warmupIterations: 50, time: 0 });
    bench.add('baseline', async () => { await executeLine('/ask ' + queries[i++ % queries.length], 'en', rt); });
    await bench.run();
    const l = bench.tasks[0].result.latency;
    console.log(JSON.stringify({ p50: l.p50, p99: l.p99 }));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script.replace("require('node:fs')", "(await import('node:fs'))")], { input: JSON.stringify(queries), encoding: 'utf8' });
  if (r.status !== 0) {
    console.log(`  baseline build: could not run (${r.stderr.split('\n').find((l) => l.includes('Error')) ?? r.status})`);
    return undefined;
  }
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as { p50: number; p99: number };
}

/** /convert and /project through the whole command path, beside the bare library call they wrap. */
async function quantities(): Promise<void> {
  const converts = ['500000 kWh/day to MW', '290亿千瓦时 to TWh', '70 MW for 90 days to GWh', '29 billion kWh/year to GW', '1.2 GW to households', '5 GWh', '3.5 quad to TWh', '50万度 换成 MWh'];
  const projects = ['growth preset=dc-share', 'cluster preset=h100-100k', 'buildout load=45GW', 'growth start=45GW doubling=2-3 years=6', 'cluster gpus=20000 watts=1000 pue=1.3 days=90 price=0.08'];
  let i = 0;
  let j = 0;
  let k = 0;
  const bench = new Bench({ iterations: 2000, warmupIterations: 100, time: 0 });
  bench.add('/convert (parse, convert, reply)', async () => {
    await executeLine(`/convert ${converts[i++ % converts.length]}`, 'en', rt);
  });
  bench.add('/project (assumptions, table, reply)', async () => {
    await executeLine(`/project ${projects[j++ % projects.length]}`, 'en', rt);
  });
  bench.add('bare mathjs unit conversion', () => {
    math.unit(500000 + (k++ % 100), 'kWh/day').toNumber('MW');
  });
  await bench.run();
  const [c, p, b] = bench.tasks.map((t) => (t.result && 'latency' in t.result ? t.result.latency : undefined));
  console.log('/convert and /project latency (full command path) beside a bare mathjs conversion');
  console.log(`  /convert            p50 ${ms(c?.p50)}  p99 ${ms(c?.p99)}`);
  console.log(`  /project            p50 ${ms(p?.p50)}  p99 ${ms(p?.p99)}`);
  console.log(`  bare mathjs         p50 ${ms(b?.p50)}  p99 ${ms(b?.p99)}`);
  if (c?.p50 && b?.p50 && p?.p50) console.log(`  ratio to bare: /convert ×${(c.p50 / b.p50).toFixed(0)}, /project ×${(p.p50 / b.p50).toFixed(0)} (p50)`);
}

/**
 * Process start to first answer, as `npm run cli` and the console do it (median of 5), in
 * English and in Chinese (which loads the Chinese segmenter): the time from spawning the process
 * to the answer's first bytes on its stdout, with the time to its exit (after the console has
 * closed its database and scheduler) beside it. WATTSON_BASELINE names another build (a
 * directory holding dist/, facts/ and node_modules, e.g. a copy of main before this change)
 * measured in the same run, so the figures compare on the same machine load.
 */
async function startup(): Promise<void> {
  // What `npm run cli` and `npm start` run: the bundled entry points (scripts/bundle.mjs).
  const cli = join(PROJECT_ROOT, 'dist', 'app', 'cli.js');
  const main = join(PROJECT_ROOT, 'dist', 'app', 'main.js');
  const preload = join(PROJECT_ROOT, 'bench', 'maxrss-preload.mjs');
  const baseline = process.env['WATTSON_BASELINE'];
  /** One run: ms to the first stdout bytes that match `answer` (for `node -e 0`, to its exit), and to the exit. */
  const once = (args: string[], input: string, answer: RegExp | undefined) =>
    new Promise<{ first: number; exit: number }>((resolve, reject) => {
      const t0 = performance.now();
      const child = spawn(process.execPath, args, { env: { PATH: process.env['PATH'] ?? '' } });
      let out = '';
      let first: number | undefined;
      let err = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString('utf8');
        if (first === undefined && answer?.test(out)) first = performance.now() - t0;
      });
      child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
      child.on('error', reject);
      child.on('close', (code) => {
        const exit = performance.now() - t0;
        if (code !== 0) reject(new Error(`${args.join(' ')} exited ${code}: ${err}`));
        else if (answer && first === undefined) reject(new Error(`${args.join(' ')} never answered: ${out}`));
        else resolve({ first: first ?? exit, exit });
      });
      child.stdin.end(input);
    });
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const time = async (args: string[], input = '', answer?: RegExp) => {
    const runs: Array<{ first: number; exit: number }> = [];
    for (let k = 0; k < 5; k++) runs.push(await once(args, input, answer));
    return { first: median(runs.map((r) => r.first)), exit: median(runs.map((r) => r.exit)) };
  };
  /** Peak RSS of one more run, measured apart so that the preload never adds to a timed run. */
  const peak = (args: string[], input = '') => {
    const r = spawnSync(process.execPath, ['--import', preload, ...args], {
      input,
      encoding: 'utf8',
      stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
      env: { PATH: process.env['PATH'] ?? '' },
    });
    const kib = Number(r.output[3] ?? Number.NaN);
    return Number.isFinite(kib) ? `${(kib / 1024).toFixed(0)} MB peak` : 'peak unknown';
  };
  const en = 'how much electricity does ChatGPT use a day?';
  const zh = 'ChatGPT一天用多少度电';
  // Both answers state ChatGPT's 500,000 kWh a day; the console's greeting comes before either.
  const enAnswer = /500,000 kWh/;
  const zhAnswer = /50万/;
  const bare = (await time(['-e', '0'])).exit;
  const row = async (label: string, args: string[], input: string, answer: RegExp, baseArgs?: string[]) => {
    const t = await time(args, input, answer);
    const base = baseArgs ? (await time(baseArgs, input, answer)).first : undefined;
    console.log(
      `  ${label.padEnd(34)} ${t.first.toFixed(0).padStart(5)} ms  (×${(t.first / bare).toFixed(1)} of bare node; exit at ${t.exit.toFixed(0)} ms, ×${(t.exit / bare).toFixed(1)}; ${peak(args, input)})${base === undefined ? '' : `  baseline ${base.toFixed(0)} ms, ×${(t.first / base).toFixed(2)}`}`,
    );
  };
  // A baseline from before the bundle has only dist/src.
  const entry = (dir: string, name: string) => [join(dir, 'dist', 'app', `${name}.js`), join(dir, 'dist', 'src', `${name}.js`)].find((f) => existsSync(f))!;
  const baseCli = baseline ? entry(baseline, 'cli') : undefined;
  const baseMain = baseline ? entry(baseline, 'main') : undefined;
  console.log(`start-up to first answer (median of 5 process runs)${baseline ? `, beside the baseline build in ${baseline}` : '; set WATTSON_BASELINE to a build to compare with'}`);
  console.log(`  ${'bare node -e 0'.padEnd(34)} ${bare.toFixed(0).padStart(5)} ms  (to its exit; ${peak(['-e', '0'])})`);
  await row('cli "/ask …" (English)', [cli, `/ask ${en}`], '', enAnswer, baseCli ? [baseCli, `/ask ${en}`] : undefined);
  await row('cli "/ask …" (Chinese)', [cli, `/ask ${zh}`], '', zhAnswer, baseCli ? [baseCli, `/ask ${zh}`] : undefined);
  await row('console: answer one line, exit', [main], `${en}\n`, enAnswer, baseMain ? [baseMain] : undefined);
  console.log(
    `  jieba (Chinese segmenter) load, once per process (at warm-up, else on the first Chinese question): ${segmenterStats.loadMs === undefined ? 'not loaded' : `${segmenterStats.loadMs.toFixed(0)} ms`}`,
  );
}

/** `npm run bench -- ask startup` runs only those parts; no names runs them all. */
const only = process.argv.slice(2);
const part = (name: string) => only.length === 0 || only.includes(name);
if (part('ask')) await latency();
if (part('quantities')) await quantities();
if (part('conversation')) {
  await followUpCost(rt);
  conversationMemory();
}
if (part('discord')) await benchDiscord(rt);
if (part('slack')) await slackBench();
if (part('replicas')) await (await import('./replicas.js')).replicaBench();
if (part('flood')) await (await import('./flood.js')).slackFlood();
if (part('daily')) await (await import('./daily.js')).dailyFanOut();
if (part('fanout')) await (await import('./fanout.js')).replicaFanOut();
if (part('startup')) await startup();
if (part('charts')) await (await import('./charts.js')).chartBench(rt);
