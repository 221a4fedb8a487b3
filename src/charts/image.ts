import type { Logger } from '../log.js';
import type { ChartSpec } from '../replies/chart.js';
import type { ChartResult } from './pool.js';

/**
 * What an adapter asks for when an answer has a chart: the PNG, or nothing. Nothing when there
 * is no renderer, when it fails, or when it takes longer than the caller's budget; a renderer
 * that throws or never settles (not only the pool, which never does either) costs the answer
 * its picture, never its text.
 */

/** What renders a chart: the worker pool (./pool.ts), or a stand-in in tests. */
export interface ChartRenderer {
  render(spec: ChartSpec, opts?: { timeoutMs?: number }): Promise<ChartResult>;
}

export interface ChartImage {
  png: Buffer;
  width: number;
  height: number;
  spec: ChartSpec;
}

export async function chartImage(spec: ChartSpec | undefined, renderer: ChartRenderer | undefined, opts: { budgetMs: number; log: Logger }): Promise<ChartImage | undefined> {
  if (!spec || !renderer) return undefined;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(resolve, opts.budgetMs, 'late');
    timer.unref();
  });
  try {
    const r = await Promise.race([renderer.render(spec, { timeoutMs: opts.budgetMs }), late]);
    if (r === 'late') {
      opts.log.warn({ budgetMs: opts.budgetMs, chart: spec.kind }, 'chart not ready in time; answered without it');
      return undefined;
    }
    if (!r.ok) {
      opts.log.warn({ reason: r.reason, detail: r.message, chart: spec.kind }, 'chart not rendered; answered without it');
      return undefined;
    }
    return { png: r.png, width: r.width, height: r.height, spec };
  } catch (err) {
    opts.log.warn({ err, chart: spec.kind }, 'chart renderer failed; answered without it');
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}
