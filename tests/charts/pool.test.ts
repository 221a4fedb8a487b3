import { PNG } from 'pngjs';
import { afterEach, describe, expect, it } from 'vitest';
import { type ChartPool, type ChartPoolOptions, createChartPool } from '../../src/charts/pool.js';
import type { ChartSpec } from '../../src/replies/chart.js';
import { allKinds } from './samples.js';

const FAKE = new URL('./fixtures/worker.ts', import.meta.url);
const base = allKinds().compare;
const spec = (title: string): ChartSpec => ({ ...base, title });

let pools: ChartPool[] = [];
function pool(opts: ChartPoolOptions = {}): ChartPool {
  const p = createChartPool({ worker: FAKE, timeoutMs: 10_000, ...opts });
  pools.push(p);
  return p;
}

afterEach(async () => {
  await Promise.all(pools.map((p) => p.close()));
  pools = [];
});

describe('chart pool', () => {
  it('renders a real chart off the main thread: a PNG at the spec size', async () => {
    const p = createChartPool({ timeoutMs: 15_000 });
    pools.push(p);
    const r = await p.render(base);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const img = PNG.sync.read(r.png);
    expect([img.width, img.height, r.width, r.height]).toEqual([base.width, base.height, base.width, base.height]);
  });

  it('a render that throws comes back as a value, and the pool keeps working', async () => {
    const p = pool();
    const r = await p.render(spec('throw'));
    expect(r).toMatchObject({ ok: false, reason: 'failed' });
    expect(r.ok === false && r.message).toContain('the renderer broke');
    expect(await p.render(spec('after'))).toMatchObject({ ok: true });
    expect(p.stats().failed.failed).toBe(1);
  });

  it('a render that hangs times out as a value, and a fresh worker takes the next one', async () => {
    const p = pool();
    expect(await p.render(spec('warm'))).toMatchObject({ ok: true });
    expect(await p.render(spec('hang'), { timeoutMs: 300 })).toMatchObject({ ok: false, reason: 'timeout' });
    const next = await p.render(spec('after'));
    expect(next.ok && next.png.toString()).toBe('png:after');
    expect(p.stats().failed.timeout).toBe(1);
  });

  it('refuses at once when the queue is full, and takes work again once it drains', async () => {
    const p = pool({ threads: 1, maxQueue: 2 });
    // One running and two waiting fill it; the fourth is refused.
    const results = await Promise.all(['slow 1', 'slow 2', 'slow 3', 'slow 4'].map((t) => p.render(spec(t))));
    expect(results.map((r) => (r.ok ? 'ok' : r.reason))).toEqual(['ok', 'ok', 'ok', 'queue-full']);
    expect(await p.render(spec('slow 4'))).toMatchObject({ ok: true });
  });

  it('identical specs share one render, running and afterwards; a different spec renders anew', async () => {
    const p = pool();
    const [a, b] = await Promise.all([p.render(spec('same')), p.render(spec('same'))]);
    const c = await p.render(spec('same'));
    expect(a.ok && b.ok && c.ok).toBe(true);
    if (!(a.ok && b.ok && c.ok)) return;
    expect(b.png.equals(a.png) && c.png.equals(a.png)).toBe(true);
    expect(p.stats()).toMatchObject({ rendered: 1, cacheHits: 2 });
    await p.render(spec('other'));
    expect(p.stats().rendered).toBe(2);
  });

  it('failures are not cached: the same spec is tried again', async () => {
    const p = pool();
    await p.render(spec('throw'));
    await p.render(spec('throw'));
    expect(p.stats()).toMatchObject({ rendered: 0, cacheHits: 0, failed: { failed: 2 } });
  });

  it('after close, renders are refused as a value', async () => {
    const p = pool();
    await p.close();
    expect(await p.render(spec('late'))).toMatchObject({ ok: false, reason: 'closed' });
  });
});
