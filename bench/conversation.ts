import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { Runtime } from '../src/dispatch/execute.js';
import { executeText } from '../src/dispatch/router.js';
import { loadQuestions } from '../src/facts/question-set.js';

/**
 * Conversations: what a follow-up costs beside a plain /ask, both through the one router
 * in-process with a conversation in memory, interleaved round by round so both see the same
 * machine; and the resident memory of 100,000 distinct conversations (a child process, so the
 * heap is measured alone and with a real GC).
 */

/** Questions whose answers carry a figure, to follow up on. */
const OPENERS = [
  'how much electricity does ChatGPT use a day?',
  'how much power do 100,000 H100s draw?',
  "how big is Helion's plant for Microsoft?",
  'how much electricity does google search use in a year?',
  "what's new york city's power demand in GW?",
  'ChatGPT每天用多少电？',
  '10万块H100功率多大',
];

const FOLLOW_UPS = [
  'and in homes?',
  'who said that?',
  'that in GWh',
  "what's the source?",
  'more',
  'why?',
  "what's that over a year in GWh",
  'how many h100s is that?',
  '那换算成度呢',
  '谁说的',
  '出处呢',
  '详细点',
];

interface Stats {
  p50: number;
  p99: number;
  mean: number;
}

function stats(xs: number[]): Stats {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  return { p50: at(0.5), p99: at(0.99), mean: s.reduce((a, b) => a + b, 0) / s.length };
}

const f = (n: number) => `${n.toFixed(3)} ms`;

async function timed(run: () => Promise<unknown>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

export async function followUpCost(rt: Runtime, rounds = 2000): Promise<void> {
  const questions = loadQuestions().map((q) => q.q);
  const caller = (id: string) => ({ platform: 'bench', user: { id }, channel: { id: 'C-bench', space: 'T' } });
  const ask: number[] = [];
  const follow: number[] = [];
  // Warm both paths first.
  for (let i = 0; i < 200; i++) {
    await executeText({ text: questions[i % questions.length]!, surface: 'message', caller: caller(`warm-${i}`) }, rt);
    await executeText({ text: FOLLOW_UPS[i % FOLLOW_UPS.length]!, surface: 'message', caller: caller(`warm-${i}`) }, rt);
  }
  for (let i = 0; i < rounds; i++) {
    // The opener is the follow-up's setup, not timed; the plain /ask is a fresh person's first question.
    await executeText({ text: OPENERS[i % OPENERS.length]!, surface: 'message', caller: caller(`f-${i}`) }, rt);
    const first = i % 2 === 0;
    const a = () => executeText({ text: questions[i % questions.length]!, surface: 'message', caller: caller(`a-${i}`) }, rt);
    const b = () => executeText({ text: FOLLOW_UPS[i % FOLLOW_UPS.length]!, surface: 'message', caller: caller(`f-${i}`) }, rt);
    if (first) {
      ask.push(await timed(a));
      follow.push(await timed(b));
    } else {
      follow.push(await timed(b));
      ask.push(await timed(a));
    }
  }
  const sa = stats(ask);
  const sf = stats(follow);
  console.log(`follow-ups beside a plain /ask, in-process through the router with conversation memory (${rounds} interleaved rounds)`);
  console.log(`  plain /ask          p50 ${f(sa.p50)}  p99 ${f(sa.p99)}  mean ${f(sa.mean)}`);
  console.log(`  follow-up           p50 ${f(sf.p50)}  p99 ${f(sf.p99)}  mean ${f(sf.mean)}  (${FOLLOW_UPS.length} kinds, en and zh)`);
  console.log(`  ratio (follow-up / plain /ask): p50 ×${(sf.p50 / sa.p50).toFixed(2)}, mean ×${(sf.mean / sa.mean).toFixed(2)} (bound: ×2)`);
}

export function conversationMemory(): void {
  const child = join(import.meta.dirname, 'conversation-rss.js');
  const r = spawnSync(process.execPath, ['--expose-gc', child, '100000'], { encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '' }, timeout: 600_000 });
  if (r.status !== 0) throw new Error(`conversation-rss exited ${r.status}: ${r.stderr}`);
  const m = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as {
    conversations: number;
    kept: number;
    max: number;
    baseMB: number;
    afterMB: number;
    heapMB: number;
    perTurnBytes: number;
    boundMB: number;
    keptAllMB: number;
  };
  console.log(`memory for ${m.conversations.toLocaleString('en-US')} distinct conversations (one answered question each, through the router; child process, after GC)`);
  console.log(`  kept: ${m.kept.toLocaleString('en-US')} (the bound: at most ${m.max.toLocaleString('en-US')}, least recently used out first, 15 minutes' quiet forgets)`);
  console.log(`  RSS: ${m.baseMB.toFixed(1)} MB before, ${m.afterMB.toFixed(1)} MB after (+${(m.afterMB - m.baseMB).toFixed(1)} MB); heap used +${m.heapMB.toFixed(1)} MB`);
  console.log(`  a turn costs about ${m.perTurnBytes.toFixed(0)} bytes of heap; stated bound: ${m.max.toLocaleString('en-US')} × that ≈ ${m.boundMB.toFixed(1)} MB`);
  console.log(`  were the bound lifted to keep all ${m.conversations.toLocaleString('en-US')}: about ${m.keptAllMB.toFixed(1)} MB of turns`);
}
