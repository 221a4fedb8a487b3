import { pathToFileURL } from 'node:url';
import { startDiscord } from '../src/adapters/discord/index.js';
import { loadConfig } from '../src/config.js';
import { execute, type Runtime } from '../src/dispatch/execute.js';
import { createRuntime } from '../src/dispatch/runtime.js';
import { loadQuestions } from '../src/facts/question-set.js';
import { silentLogger } from '../src/log.js';
import { renderDiscord } from '../src/replies/discord.js';
import { FakeDiscord } from '../tests/adapters/discord/fake-discord.js';

/**
 * The Discord adapter's overhead as a ratio: one /ask's round trip through the real
 * discord.js Client (INTERACTION_CREATE written by the loopback fake gateway → callback POST
 * read by the fake REST) beside the same /ask run in-process by execute(), interleaved in one
 * run so both see the same machine.
 */

export interface DiscordBenchResult {
  rounds: number;
  executeMs: Stats;
  renderMs: Stats;
  roundTripMs: Stats;
  ratioP50: number;
}

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

const ms = (ns: bigint) => Number(ns) / 1e6;
const f = (n: number) => `${n.toFixed(3)} ms`;

export async function benchDiscord(rt: Runtime = createRuntime({ log: silentLogger() }), opts: { rounds?: number; warmup?: number } = {}): Promise<DiscordBenchResult> {
  const rounds = opts.rounds ?? 300;
  const warmup = opts.warmup ?? 30;
  const questions = loadQuestions().map((q) => ({ text: q.q, locale: q.lang === 'zh' ? ('zh' as const) : ('en' as const) }));
  const fake = await FakeDiscord.start();
  const env = loadConfig({ DISCORD_TOKEN: fake.token, DISCORD_APPLICATION_ID: fake.applicationId, DISCORD_API_URL: fake.apiUrl }).env;
  const adapter = await startDiscord(rt, env);
  const exec: number[] = [];
  const render: number[] = [];
  const trip: number[] = [];
  try {
    for (let i = 0; i < warmup + rounds; i++) {
      const q = questions[i % questions.length]!;
      const t0 = process.hrtime.bigint();
      const { reply } = await execute({ command: 'ask', args: { question: q.text }, locale: q.locale }, rt);
      const t1 = process.hrtime.bigint();
      renderDiscord(reply, q.locale);
      const t2 = process.hrtime.bigint();
      const sent = fake.slash('ask', [{ name: 'question', type: 3, value: q.text }], { locale: q.locale === 'zh' ? 'zh-CN' : 'en-US' });
      const cb = await fake.callbackFor(sent.id);
      if (cb.body?.data?.embeds === undefined) throw new Error(`the Discord reply to "${q.text}" had no embed`);
      if (i < warmup) continue;
      exec.push(ms(t1 - t0));
      render.push(ms(t2 - t1));
      trip.push(ms(cb.receivedAt - sent.sentAt));
    }
  } finally {
    await adapter.stop();
    await fake.close();
  }
  const result: DiscordBenchResult = { rounds, executeMs: stats(exec), renderMs: stats(render), roundTripMs: stats(trip), ratioP50: 0 };
  result.ratioP50 = result.roundTripMs.p50 / result.executeMs.p50;
  const e = result.executeMs;
  const r = result.renderMs;
  const d = result.roundTripMs;
  console.log(`Discord round trip, /ask, ${rounds} interactions (real discord.js client, loopback fake gateway + REST)`);
  console.log(`  in-process execute()            p50 ${f(e.p50)}  p99 ${f(e.p99)}`);
  console.log(`  renderDiscord()                 p50 ${f(r.p50)}  p99 ${f(r.p99)}`);
  console.log(`  INTERACTION_CREATE → callback   p50 ${f(d.p50)}  p99 ${f(d.p99)}`);
  console.log(`  ratio (round trip / execute): p50 ×${result.ratioP50.toFixed(1)}, p99 ×${(d.p99 / e.p99).toFixed(1)}; adapter + transport add ${f(d.p50 - e.p50)} at p50`);
  return result;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await benchDiscord();
