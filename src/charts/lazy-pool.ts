import { type ChartPool, type ChartPoolOptions, type ChartPoolStats, createChartPool } from './pool.js';

/**
 * The chart pool, started on first need: a Wattson that is never asked for a chart (a test,
 * a process serving only text) never starts the worker thread or its ~200 MB. `warm()` starts
 * it ahead of the first chart, once the process is up.
 */
export interface LazyChartPool extends ChartPool {
  warm(): void;
}

const NONE: ChartPoolStats = { rendered: 0, cacheHits: 0, failed: { 'queue-full': 0, timeout: 0, failed: 0, closed: 0 } };

export function lazyChartPool(opts: ChartPoolOptions = {}): LazyChartPool {
  let pool: ChartPool | undefined;
  let closed = false;
  const get = () => (pool ??= createChartPool(opts));
  return {
    render(spec, o) {
      if (closed) return Promise.resolve({ ok: false, reason: 'closed', message: 'the chart pool is closed' });
      return get().render(spec, o);
    },
    stats: () => pool?.stats() ?? structuredClone(NONE),
    warm() {
      if (!closed) get();
    },
    async close() {
      closed = true;
      await pool?.close();
    },
  };
}
