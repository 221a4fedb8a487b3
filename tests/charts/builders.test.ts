import { describe, expect, it } from 'vitest';
import { buildoutChart } from '../../src/replies/charts/buildout.js';
import { clusterChart } from '../../src/replies/charts/cluster.js';
import { compareChart, LOG_RATIO } from '../../src/replies/charts/compare.js';
import { growthChart } from '../../src/replies/charts/growth.js';
import { buildoutInput, clusterInput, compareInput, growthInput } from './samples.js';

describe('chart builders', () => {
  it('growth: one line per scenario with the given numbers, a band from the lowest to the highest, the target marked', () => {
    const input = growthInput();
    const spec = growthChart(input);
    const [p] = spec.panels;
    expect(spec.kind).toBe('line');
    expect(p!.categories).toEqual(input.years.map(String));
    expect(p!.series.map((s) => s.values)).toEqual(input.scenarios.map((s) => s.values));
    expect(p!.series.map((s) => s.provenance)).toEqual(input.scenarios.map((s) => s.provenance));
    expect(p!.band!.low).toEqual(input.scenarios[0]!.values);
    expect(p!.band!.high).toEqual(input.scenarios[2]!.values);
    expect(p!.marks).toEqual([{ category: '2030', value: 7.5, label: input.target!.label, provenance: input.target!.provenance }]);
    expect(p!.y.unit).toBe('%');
    expect(p!.x.label).toBe('Year');
  });

  it('growth: a single scenario has no band, and a scenario of the wrong length is refused', () => {
    const input = growthInput();
    expect(growthChart({ ...input, scenarios: input.scenarios.slice(0, 1) }).panels[0]!.band).toBeUndefined();
    expect(() => growthChart({ ...input, scenarios: [{ label: 'x', values: [1, 2], provenance: 'p' }] })).toThrow(RangeError);
  });

  it('cluster: power in its own panel, costs with the price range as error bars', () => {
    const input = clusterInput();
    const spec = clusterChart(input);
    expect(spec.kind).toBe('errorbar');
    const [power, cost] = spec.panels;
    expect(power!.series[0]!.values).toEqual([70]);
    expect(power!.y.unit).toBe('MW');
    expect(cost!.categories).toEqual(['US wholesale', 'US residential']);
    expect(cost!.series[0]!.values).toEqual(input.costs.map((c) => c.usd));
    expect(cost!.series[0]!.pointProvenance).toEqual(input.costs.map((c) => c.provenance));
    expect(cost!.series[0]!.range).toEqual({ low: [input.costs[0]!.lowUsd, input.costs[1]!.usd], high: [input.costs[0]!.highUsd, input.costs[1]!.usd] });
  });

  it('buildout: plants per kind as bars, the capacity factor in each label', () => {
    const input = buildoutInput();
    const spec = buildoutChart(input);
    const s = spec.panels[0]!.series[0]!;
    expect(spec.kind).toBe('bar');
    expect(s.values).toEqual(input.plants.map((p) => p.plants));
    expect(spec.panels[0]!.categories).toEqual(['Helion 50 MW', '1 GW nuclear', '1 GW wind', '1 GW solar']);
    expect(s.labels).toEqual(['968 · CF 93%', '48.4 · CF 93%', '113 · CF 40%', '180 · CF 25%']);
    expect(s.pointProvenance).toEqual(input.plants.map((p) => p.provenance));
    expect(buildoutChart(buildoutInput('zh')).panels[0]!.series[0]!.labels![2]).toBe('113 · 容量因子 40%');
  });

  it('compare: two bars labelled with their origins; a log axis only past a hundredfold', () => {
    const spec = compareChart(compareInput());
    const s = spec.panels[0]!.series[0]!;
    expect(s.values).toEqual([500, 24_000]);
    expect(s.labels).toEqual(['500 MWh · the episode, Xiang Jiang', "24,000 MWh · Wattson's arithmetic: 1 GW × 24 h"]);
    expect(s.pointProvenance).toEqual(['the episode, Xiang Jiang', "Wattson's arithmetic: 1 GW × 24 h"]);
    expect(spec.panels[0]!.y.log).toBeUndefined();
    expect(compareChart(compareInput('en', 500 * LOG_RATIO)).panels[0]!.y.log).toBeUndefined();
    expect(compareChart(compareInput('en', 500 * LOG_RATIO + 1)).panels[0]!.y.log).toBe(true);
    expect(() => compareChart(compareInput('en', 0))).toThrow(RangeError);
  });
});
