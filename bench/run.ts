import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import Fuse from 'fuse.js';
import { Bench } from 'tinybench';
import { executeLine } from '../src/execute.js';
import type { StoredFact } from '../src/facts/load.js';
import { PROJECT_ROOT } from '../src/facts/paths.js';
import { loadQuestions, type Question } from '../src/facts/question-set.js';
import { silentLogger } from '../src/log.js';
import { createRuntime } from '../src/runtime.js';

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

function accuracy(answer: (q: Question) => string | undefined): { en: number; zh: number; none: number } {
  const rate = (set: Question[], ok: (q: Question) => boolean) => set.filter(ok).length / Math.max(1, set.length);
  const withExpect = questions.filter((q) => q.expect);
  return {
    en: rate(withExpect.filter((q) => q.lang === 'en'), (q) => answer(q) === q.expect),
    zh: rate(withExpect.filter((q) => q.lang === 'zh'), (q) => answer(q) === q.expect),
    none: rate(questions.filter((q) => q.none), (q) => answer(q) === undefined),
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
  bench.add('/ask (Wattson index)', () => {
    executeLine(`/ask ${queries[i++ % queries.length]}`, 'en', rt);
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
  const oursAcc = accuracy((q) => executeLine(`/ask ${q.q}`, q.lang, rt).reply.data.facts?.[0]);
  const naiveAcc = accuracy((q) => naive(q.q));
  console.log(`accuracy on ${questions.length} questions (first fact correct; "none" = no guess on uncovered questions)`);
  console.log(`  Wattson /ask        en ${pct(oursAcc.en)}  zh ${pct(oursAcc.zh)}  none ${pct(oursAcc.none)}`);
  console.log(`  naive fuse.js       en ${pct(naiveAcc.en)}  zh ${pct(naiveAcc.zh)}  none ${pct(naiveAcc.none)}`);
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
startup();
