import { describe, expect, it } from 'vitest';
import { episodeCharts } from '../../src/charts/episode-charts.js';
import { FACTS_DIR } from '../../src/facts/paths.js';
import { openStore } from '../../src/facts/store.js';

const store = openStore(FACTS_DIR);

describe("the episode's charts (the README's)", () => {
  const en = episodeCharts(store, 'en');

  it("growth: 2.5% in 2022 doubling every 3, 2.5 and 2 years to 2030, beside the episode's 7.5%", () => {
    const p = en.growth.panels[0]!;
    expect(p.categories).toEqual(['2022', '2023', '2024', '2025', '2026', '2027', '2028', '2029', '2030']);
    expect(p.series.map((s) => s.values[0])).toEqual([2.5, 2.5, 2.5]);
    expect(p.series.map((s) => Number(s.values.at(-1)!.toPrecision(3)))).toEqual([15.9, 23, 40]);
    expect(p.marks).toMatchObject([{ category: '2030', value: 7.5 }]);
    // The doubling time is disputed, so its public figure travels with it.
    expect(p.series[0]!.provenance).toContain('public figure');
  });

  it('cluster: 100,000 × 700 W = 70 MW; a year at 3–5 ¢ wholesale and 10 ¢ residential', () => {
    const [power, cost] = en.cluster.panels;
    expect(power!.series[0]!.values[0]).toBeCloseTo(70, 9);
    const kwh = 70_000 * 24 * 365;
    const s = cost!.series[0]!;
    expect(s.values[0]).toBeCloseTo(kwh * 0.04, 3);
    expect(s.values[1]).toBeCloseTo(kwh * 0.1, 3);
    expect(s.range!.low[0]).toBeCloseTo(kwh * 0.03, 3);
    expect(s.range!.high[0]).toBeCloseTo(kwh * 0.05, 3);
  });

  it('buildout: 45 GW over Helion 50 MW, nuclear 93%, wind 40%, solar 25%', () => {
    const s = en.buildout.panels[0]!.series[0]!;
    expect(s.values.map((v) => Number(v.toPrecision(3)))).toEqual([968, 48.4, 113, 180]);
    expect(s.labels!.map((l) => l.split(' · ')[1])).toEqual(['CF 93%', 'CF 93%', 'CF 40%', 'CF 25%']);
  });

  it("compare: ChatGPT's 500 MWh a day beside a 1 GW plant's 22,320 MWh, on a linear axis", () => {
    const p = en.compare.panels[0]!;
    expect(p.series[0]!.values[0]).toBe(500);
    expect(p.series[0]!.values[1]).toBeCloseTo(22_320, 6);
    expect(p.y.log).toBeUndefined();
  });

  it('Chinese: the same numbers, Chinese labels', () => {
    const zh = episodeCharts(store, 'zh');
    expect(zh.growth.panels[0]!.series.map((s) => s.values)).toEqual(en.growth.panels[0]!.series.map((s) => s.values));
    expect(zh.growth.title).toContain('美国数据中心用电占比');
    expect(zh.buildout.panels[0]!.categories).toContain('1 GW 核电');
  });
});
