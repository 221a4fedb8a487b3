import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { episodeCharts } from '../src/charts/episode-charts.js';
import { createChartPool } from '../src/charts/pool.js';
import type { Runtime } from '../src/dispatch/execute.js';
import { executeLine } from '../src/dispatch/router.js';
import { loadQuestions } from '../src/facts/question-set.js';
import type { ChartSpec } from '../src/replies/chart.js';

/**
 * Charts: render time through the worker pool (PNG, as a caller gets it), and what rendering
 * costs the chat. `/ask` p99 in-process is measured alone and while the pool renders charts
 * without pause, in rounds that alternate the two (each half a fixed time) so the shared
 * machine's bursts hit both; the ratio is the median of the rounds' p99 ratios, printed with
 * their spread, beside the p99s pooled over all rounds (target ≤ 1.2). Each query yields to the
 * event loop first, in both halves, as a chat adapter would between messages, so the pool's
 * replies are handled between queries rather than all at the end.
 */

const WARM_RENDERS = 60;
const ROUNDS = 10;
/** Each half of a round asks for this long: several charts' worth, so the busy half overlaps renders throughout. */
const PHASE_MS = 800;

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}

const ms = (n: number) => `${n.toFixed(n < 10 ? 2 : 0)} ms`;

export async function chartBench(rt: Runtime): Promise<void> {
  const kinds = [...Object.values(episodeCharts(rt.store, 'en')), ...Object.values(episodeCharts(rt.store, 'zh'))];
  let serial = 0;
  // A new title each time, so no render is served from the pool's cache.
  const nextSpec = (): ChartSpec => {
    const spec = kinds[serial % kinds.length]!;
    return { ...spec, title: `${spec.title} #${serial++}` };
  };

  const t0 = performance.now();
  const pool = createChartPool({ timeoutMs: 30_000 });
  const first = await pool.render(nextSpec());
  const cold = performance.now() - t0;
  if (!first.ok) throw new Error(`chart bench: first render failed (${first.reason}: ${first.message})`);

  const times: number[] = [];
  const sizes: number[] = [];
  for (let i = 0; i < WARM_RENDERS; i++) {
    const t = performance.now();
    const r = await pool.render(nextSpec());
    times.push(performance.now() - t);
    if (r.ok) sizes.push(r.png.length);
  }
  console.log(`charts: PNG through the worker pool (1 thread), ${kinds.length / 2} kinds × en/zh, ${WARM_RENDERS} renders`);
  console.log(`  cold (pool start + first PNG)  ${ms(cold)}`);
  console.log(`  warm render                    p50 ${ms(quantile(times, 0.5))}  p95 ${ms(quantile(times, 0.95))}  (PNG ${(quantile(sizes, 0.5) / 1024).toFixed(0)} KB median)`);

  const questions = loadQuestions();
  // Every query distinct (each question under several framings), so /ask's caches cannot answer
  // one from an earlier one and each query does the whole search.
  const prefixes = {
    en: ['', 'quick question: ', 'in the episode, ', 'tell me ', 'I wonder ', 'roughly, ', 'so ', 'hey wattson '],
    zh: ['', '请问', '节目里', '想知道', '大概', '麻烦问下', '那么', '你好，'],
  };
  const suffixes = { en: ['', ' please', ' thanks', ' exactly', ' again', ' now'], zh: ['', '呢', '啊', '呀', '吧', '嘛'] };
  const queries = questions.flatMap((q) => prefixes[q.lang].flatMap((p) => suffixes[q.lang].map((x) => ({ line: `/ask ${p}${q.q}${x}`, lang: q.lang }))));
  let next = 0;
  const askFor = async (phaseMs: number): Promise<number[]> => {
    const out: number[] = [];
    const end = performance.now() + phaseMs;
    while (performance.now() < end) {
      await yieldToLoop();
      const q = queries[next++ % queries.length]!;
      const t = performance.now();
      await executeLine(q.line, q.lang, rt);
      out.push(performance.now() - t);
    }
    return out;
  };

  const alone: number[] = [];
  const busy: number[] = [];
  const ratios: number[] = [];
  let rendered = 0;
  for (let r = 0; r < ROUNDS; r++) {
    const a = await askFor(PHASE_MS);
    let stop = false;
    // Two feeders keep one chart rendering and one queued for the whole round.
    const feed = async () => {
      while (!stop) if ((await pool.render(nextSpec())).ok) rendered++;
    };
    const feeders = [feed(), feed()];
    const b = await askFor(PHASE_MS);
    stop = true;
    await Promise.all(feeders);
    alone.push(...a);
    busy.push(...b);
    ratios.push(quantile(b, 0.99) / quantile(a, 0.99));
  }
  await pool.close();
  const p99a = quantile(alone, 0.99);
  const p99b = quantile(busy, 0.99);
  const spread = [...ratios].sort((x, y) => x - y);
  console.log(`/ask in-process alone vs while the pool renders charts (${ROUNDS} rounds of ${PHASE_MS} ms alone + ${PHASE_MS} ms with charts; ${rendered} charts rendered meanwhile)`);
  console.log(`  alone           ${alone.length} asks  p50 ${ms(quantile(alone, 0.5))}  p99 ${ms(p99a)}`);
  console.log(`  charts running  ${busy.length} asks  p50 ${ms(quantile(busy, 0.5))}  p99 ${ms(p99b)}`);
  console.log(
    `  ratio (p99 with charts / alone): rounds' median ×${quantile(ratios, 0.5).toFixed(2)} (spread ×${spread[0]!.toFixed(2)}–×${spread.at(-1)!.toFixed(2)}), pooled ×${(p99b / p99a).toFixed(2)}; target ≤ 1.2`,
  );
  console.log(`  process RSS after the bench ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB (main thread + chart worker)`);
}
