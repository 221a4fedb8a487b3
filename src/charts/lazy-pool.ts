import type { ChartPool, ChartPoolOptions, ChartPoolStats } from './pool.js';

/**
 * The chart pool, started on first need: a Wattson that is never asked for a chart (a test,
 * a process serving only text) never starts the worker thread or its ~200 MB, nor loads
 * piscina. `warm()` starts it ahead of the first chart, once the process is up.
 */
export interface LazyChartPool extends ChartPool {
  warm(): void;
}

const NONE: ChartPoolStats = { rendered: 0, cacheHits: 0, failed: { 'queue-full': 0, timeout: 0, failed: 0, closed: 0 } };

export function lazyChartPool(opts: ChartPoolOptions = {}): LazyChartPool {
  let pool: ChartPool | undefined;
  let starting: Promise<ChartPool> | undefined;
  let closed = false;
  const get = () =>
    (starting ??= import('./pool.js').then((m) => {
      pool = m.createChartPool(opts);
      // Closed while piscina was loading: the pool never serves.
      if (closed) void pool.close();
      return pool;
    }));
  return {
    async render(spec, o) {
      if (closed) return { ok: false, reason: 'closed', message: 'the chart pool is closed' };
      const p = await get();
      return closed ? { ok: false, reason: 'closed', message: 'the chart pool is closed' } : p.render(spec, o);
    },
    stats: () => pool?.stats() ?? structuredClone(NONE),
    warm() {
      if (!closed) void get();
    },
    async close() {
      closed = true;
      await (starting && (await starting).close());
    },
  };
}
