import { LRUCache } from 'lru-cache';
import { Piscina } from 'piscina';
import type { ChartSpec } from '../replies/chart.js';
import type { RenderedChart } from './render.js';
import { specKey } from './spec-key.js';

/**
 * Charts are rendered off the event loop, in a piscina worker pool, and a chart can never
 * delay or break a text answer: `render` always resolves (never rejects) with a value, and
 * callers race it against their own budget.
 *
 * - Bounded: at most `maxQueue` charts wait behind the running ones; one more is refused at
 *   once (`queue-full`) instead of piling up work nobody will wait for.
 * - Timed: a render still unfinished `timeoutMs` after it was asked for (queueing included) is
 *   aborted; piscina terminates that worker and starts a fresh one, so a hung render costs one
 *   worker, not the pool.
 * - Cached: identical specs (same JSON) share one render, both while it runs and afterwards
 *   from an LRU bounded by entries and bytes. Failures are not cached, so the next ask retries.
 *
 * One thread by default: the machine has two cores, and the other one answers chat. The
 * worker is started with the pool, so the first chart does not pay for importing ECharts; the
 * process holds about 200 MB more while it lives.
 */

export type ChartFailure = 'queue-full' | 'timeout' | 'failed' | 'closed';

export type ChartResult = { ok: true; png: Buffer; width: number; height: number } | { ok: false; reason: ChartFailure; message: string };

export interface ChartPoolOptions {
  /** Worker threads (default 1). */
  threads?: number;
  /** Charts that may wait for a thread (default 8). */
  maxQueue?: number;
  /** Per render, from the ask (default 5 s). */
  timeoutMs?: number;
  cacheEntries?: number;
  cacheBytes?: number;
  /** The worker module; tests swap in one that throws or hangs. */
  worker?: URL;
}

export interface ChartPoolStats {
  rendered: number;
  cacheHits: number;
  failed: Record<ChartFailure, number>;
}

export interface ChartPool {
  /** Never rejects. `timeoutMs` overrides the pool's for this render. */
  render(spec: ChartSpec, opts?: { timeoutMs?: number }): Promise<ChartResult>;
  stats(): ChartPoolStats;
  close(): Promise<void>;
}

/**
 * The chart thread runs at the lowest CPU priority (piscina's niceIncrement, through
 * @napi-rs/nice, per thread on Linux): on two shared cores a chart then waits for the thread
 * answering chat, never the other way round.
 */
const NICE = 19;

const DEFAULT_WORKER = new URL(`./worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);

/** Run from TypeScript sources (tests, tsx scripts), the worker needs tsx to load its .ts files too. */
function execArgvFor(worker: URL): string[] {
  return worker.pathname.endsWith('.ts') ? [...process.execArgv, '--import', 'tsx'] : process.execArgv;
}

export function createChartPool(opts: ChartPoolOptions = {}): ChartPool {
  const worker = opts.worker ?? DEFAULT_WORKER;
  const maxQueue = opts.maxQueue ?? 8;
  const defaultTimeout = opts.timeoutMs ?? 5000;
  const threads = opts.threads ?? 1;
  const piscina = new Piscina<ChartSpec, RenderedChart>({
    filename: worker.href,
    minThreads: threads,
    maxThreads: threads,
    maxQueue,
    execArgv: execArgvFor(worker),
    niceIncrement: NICE,
    // Not piscina's default 'sync': that parks an idle worker in Atomics.wait, so its event loop
    // never turns while charts keep coming, and resvg's pixmaps (freed by N-API finalizers that
    // run on the loop) pile up: RSS grew 2.5 MB a chart, past 1.1 GB after 400. With the loop
    // turning between tasks it stays near 200 MB.
    atomics: 'disabled',
  });
  const cache = new LRUCache<string, RenderedChart>({ max: opts.cacheEntries ?? 64, maxSize: opts.cacheBytes ?? 16 * 1024 * 1024, sizeCalculation: (v) => Math.max(1, v.png.length) });
  const inflight = new Map<string, Promise<ChartResult>>();
  const stats: ChartPoolStats = { rendered: 0, cacheHits: 0, failed: { 'queue-full': 0, timeout: 0, failed: 0, closed: 0 } };
  let closed = false;
  let destroying: Promise<void> | undefined;

  const fail = (reason: ChartFailure, message: string): ChartResult => {
    stats.failed[reason]++;
    return { ok: false, reason, message };
  };

  async function run(key: string, spec: ChartSpec, timeoutMs: number): Promise<ChartResult> {
    // piscina would refuse too, but only with an untyped error; checking first names the reason.
    if (piscina.queueSize >= maxQueue) return fail('queue-full', `${maxQueue} charts already waiting`);
    try {
      const out = await piscina.run(spec, { signal: AbortSignal.timeout(timeoutMs) });
      // Structured clone turns the worker's Buffer into a plain Uint8Array; view it as a Buffer again.
      const png = Buffer.from(out.png.buffer, out.png.byteOffset, out.png.byteLength);
      const done = { png, width: out.width, height: out.height };
      cache.set(key, done);
      stats.rendered++;
      return { ok: true, ...done };
    } catch (err) {
      if (closed) return fail('closed', 'the chart pool is closed');
      if (err instanceof Error && err.name === 'AbortError') return fail('timeout', `no chart within ${timeoutMs} ms`);
      return fail('failed', err instanceof Error ? err.message : String(err));
    }
  }

  return {
    render(spec, { timeoutMs = defaultTimeout } = {}) {
      if (closed) return Promise.resolve(fail('closed', 'the chart pool is closed'));
      let key: string;
      try {
        key = specKey(spec);
      } catch (err) {
        return Promise.resolve(fail('failed', err instanceof Error ? err.message : String(err)));
      }
      const hit = cache.get(key);
      if (hit) {
        stats.cacheHits++;
        return Promise.resolve({ ok: true, ...hit });
      }
      const running = inflight.get(key);
      if (running) {
        stats.cacheHits++;
        return running;
      }
      const p = run(key, spec, timeoutMs).finally(() => inflight.delete(key));
      inflight.set(key, p);
      return p;
    },
    stats: () => structuredClone(stats),
    close() {
      closed = true;
      // Once: the lazy pool may close a pool that finished loading after it was closed.
      destroying ??= piscina.destroy();
      return destroying;
    },
  };
}
