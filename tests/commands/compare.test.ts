import { describe, expect, it } from 'vitest';
import { complete } from '../../src/dispatch/complete.js';
import { executeLine } from '../../src/dispatch/router.js';
import { createRuntime } from '../../src/dispatch/runtime.js';
import type { Locale } from '../../src/locale.js';
import { silentLogger } from '../../src/log.js';
import { renderPlain } from '../../src/replies/plain.js';

/** /compare: two facts, yardsticks or quantities side by side, with the ratio, both origins, and what a chart needs. */

const rt = createRuntime({ log: silentLogger() });
const run = async (line: string, locale?: Locale) => (await executeLine(line, locale, rt)).reply;

describe('/compare', () => {
  it('a fact against a yardstick: ChatGPT a day beside a nuclear plant, in one unit, with both origins', async () => {
    const r = await run('/compare chatgpt-daily-energy vs nuclear plant');
    expect(r.kind).toBe('comparison');
    const c = r.data.compare!;
    expect(c).toMatchObject({ dimension: 'power', unit: 'GW' });
    expect(c.a).toMatchObject({ label: "ChatGPT's electricity use per day", stated: '500,000 kWh/day', fact: 'chatgpt-daily-energy', origin: { kind: 'episode', speaker: 'xiang' } });
    expect(c.a.value).toBeCloseTo(0.0208333, 6);
    expect(c.b).toMatchObject({ value: 2.5, yardstick: 'nuclear-plant', origin: { kind: 'public', year: 2024 } });
    expect(c.ratio).toBeCloseTo(0.0208333 / 2.5, 6);
    expect(r.title).toMatch(/: 120×$/);
    const text = renderPlain(r, 'en');
    expect(text).toMatch(/is 120 times ChatGPT's electricity use per day/);
    expect(text).toMatch(/the episode, Xiang Jiang/);
    expect(text).toMatch(/Bisnow \/ NEI Magazine/);
    expect(text).toMatch(/compared as its average power/);
  });

  it('a quantity against a yardstick, and two yardsticks', async () => {
    expect((await run('/compare 45 GW vs NYC')).data.compare).toMatchObject({ unit: 'GW', ratio: 4.5, a: { value: 45, stated: '45 GW' }, b: { value: 10, yardstick: 'nyc' } });
    expect((await run('/compare ITER vs Helion')).data.compare).toMatchObject({ unit: 'MW', ratio: 10, a: { yardstick: 'iter' }, b: { yardstick: 'helion-plant' } });
    expect((await run('/compare 2 nuclear plants vs 45 GW')).data.compare?.ratio).toBeCloseTo(5 / 45, 12);
    expect((await run('/compare 45 GW for 1 year vs 1 TWh')).data.compare).toMatchObject({ dimension: 'energy', ratio: 394.2 });
  });

  it('in Chinese, with 对比', async () => {
    const r = await run('/compare ITER 对比 Helion', 'zh');
    expect(r.title).toBe('ITER 聚变功率 vs Helion 为微软建的首座电站: 10×');
    expect(renderPlain(r, 'zh')).toContain('是Helion 为微软建的首座电站的 10 倍');
  });

  it.each([
    ['/compare ITER', 'one-side', /Compare what with what/],
    ['/compare ITER vs', 'one-side', /two sides/],
    ['/compare a vs b vs c', 'too-many-sides', /two things at a time; you gave 3/],
    ['/compare bananas vs ITER', 'unknown-side', /can't tell what "bananas" is/],
    ['/compare ITER vs zzqx-wvvk', 'unknown-side', /zzqx-wvvk/],
    ['/compare fukushima-cooling-failure vs ITER', 'no-figure', /states no energy or power figure/],
    ['/compare 45 GW vs 1 TWh', 'different-dimensions', /45 GW is a power and 1 TWh is an energy.*"45 GW for 1 year"/],
  ])('%s is refused clearly', async (line, code, message) => {
    const r = await run(line);
    expect(r.kind).toBe('error');
    expect(r.data.error?.code).toBe(code);
    expect(r.data.error?.message).toMatch(message);
    expect(r.data.error?.example).toMatch(/^\/compare \S/);
  });

  it('completes the side being typed, fact ids and yardsticks', () => {
    expect(complete('compare', 'ITER vs hel', rt, 'en').map((c) => c.value)).toContain('ITER vs helion');
    expect(complete('compare', 'chatgpt-d', rt, 'en').map((c) => c.value)).toContain('chatgpt-daily-energy');
  });
});

describe('/project cost', () => {
  it('1 GW for a year at 5 cents', async () => {
    const r = await run('/project cost load=1GW days=365 price=0.05');
    expect(r.data.quantity).toEqual({ value: 438_000_000, unit: 'USD' });
    expect(r.title).toBe('1GW for 365 days: 8.76 TWh, $438,000,000 at $0.05/kWh');
    const episode = await run('/project cost load=1GW');
    expect(renderPlain(episode, 'en')).toMatch(/US wholesale.*\$0\.04\/kWh: \$350,000,000/);
    expect((await run('/project cost load=banana')).data.error?.code).toBe('bad-load');
  });
});
