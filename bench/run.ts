import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import Fuse from 'fuse.js';
import { Bench } from 'tinybench';
import { executeLine } from '../src/dispatch/router.js';
import { createRuntime } from '../src/dispatch/runtime.js';
import type { StoredFact } from '../src/facts/load.js';
import { PROJECT_ROOT } from '../src/facts/paths.js';
import { loadQuestions, QUESTION_SET, type Question } from '../src/facts/question-set.js';
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

const heldOut = loadQuestions(QUESTION_SET.replace('questions.yaml', 'questions-heldout.yaml'));

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

async function latency(): Promise<void> {
  const queries = variedQueries(questions);
  const naive = naiveSearch(rt.store.facts);
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
  console.log(`/ask latency over ${rt.store.facts.length} facts, ${queries.length} distinct queries (${questions.filter((q) => q.lang === 'zh').length * 8} Chinese)`);
  console.log(`  Wattson /ask        p50 ${ms(o?.p50)}  p99 ${ms(o?.p99)}`);
  console.log(`  naive fuse.js       p50 ${ms(b?.p50)}  p99 ${ms(b?.p99)}`);
  if (o?.p50 && b?.p50 && o.p99 && b.p99) {
    console.log(`  speed-up (naive / Wattson): p50 ×${(b.p50 / o.p50).toFixed(1)}, p99 ×${(b.p99 / o.p99).toFixed(1)}`);
  }
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

/** Process start to first answer, as `npm run cli` and the console do it (median of 5). */
function startup(): void {
  const cli = join(PROJECT_ROOT, 'dist', 'src', 'cli.js');
  const main = join(PROJECT_ROOT, 'dist', 'src', 'main.js');
  const time = (script: string, args: string[], input = '') => {
    const runs: number[] = [];
    for (let k = 0; k < 5; k++) {
      const t0 = process.hrtime.bigint();
      const r = spawnSync(process.execPath, [script, ...args], { input, encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '' } });
      if (r.status !== 0) throw new Error(`${script} exited ${r.status}: ${r.stderr}`);
      runs.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    return runs.sort((a, b) => a - b)[2]!;
  };
  const bare = time('-e', ['0']);
  const cliMs = time(cli, ['/ask how much electricity does ChatGPT use a day?']);
  const consoleMs = time(main, [], 'how much electricity does ChatGPT use a day?\n');
  console.log('start-up to first answer (median of 5 process runs)');
  console.log(`  bare node -e 0                 ${bare.toFixed(0)} ms`);
  console.log(`  cli "/ask …"                   ${cliMs.toFixed(0)} ms  (×${(cliMs / bare).toFixed(1)} of bare node)`);
  console.log(`  console: answer one line, exit ${consoleMs.toFixed(0)} ms  (×${(consoleMs / bare).toFixed(1)} of bare node)`);
}

await latency();
await quantities();
await followUpCost(rt);
conversationMemory();
await benchDiscord(rt);
await slackBench();
await (await import('./daily.js')).dailyFanOut();
startup();
