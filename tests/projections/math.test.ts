import { describe, expect, it } from 'vitest';
import { buildout } from '../../src/projections/buildout.js';
import { clusterPower, energyCost } from '../../src/projections/cluster.js';
import { doublingForRate, grow, growthTable, rateForDoubling } from '../../src/projections/growth.js';

describe('growth arithmetic, checked by hand', () => {
  it('compounds a yearly rate: 100 at 5% for 10 years is 162.889…', () => {
    // 1.05^10 = 1.628894626777442
    expect(grow(100, { kind: 'rate', percentPerYear: 5 }, 10)).toBeCloseTo(162.8894626777442, 10);
  });

  it('doubles on schedule: 2.5% doubling every 2 years for 8 years is 40%', () => {
    expect(grow(2.5, { kind: 'doubling', years: 2 }, 8)).toBe(40);
    expect(grow(45, { kind: 'doubling', years: 3 }, 6)).toBe(180);
  });

  it('converts between doubling time and rate (rule of 72 territory)', () => {
    expect(rateForDoubling(2)).toBeCloseTo(41.42135623730951, 10); // √2 − 1
    expect(doublingForRate(5)).toBeCloseTo(14.206699082890463, 10); // ln 2 / ln 1.05
    expect(doublingForRate(rateForDoubling(2.5))).toBeCloseTo(2.5, 12);
  });

  it('tabulates one row per year, start year included', () => {
    const rows = growthTable(10, [{ kind: 'rate', percentPerYear: 10 }], 2024, 2);
    expect(rows.map((r) => r.year)).toEqual([2024, 2025, 2026]);
    expect(rows[2]!.values[0]).toBeCloseTo(12.1, 12);
  });
});

describe('cluster and build-out arithmetic', () => {
  it('100,000 GPUs × 700 W = 70 MW; a year at 8,760 h is 613.2 GWh; at $0.04 that is $24.528M', () => {
    const { power, energy } = clusterPower({ gpus: 100_000, wattsPerGpu: 700, pue: 1, days: 365 });
    expect(power.toNumber('MW')).toBeCloseTo(70, 12);
    expect(energy.toNumber('GWh')).toBeCloseTo(613.2, 9);
    expect(energyCost(energy, 0.04)).toBeCloseTo(24_528_000, 3);
  });

  it('15 MW for 90 days is 32.4 GWh (the GTC Hopper run)', () => {
    const { energy } = clusterPower({ gpus: 8000, wattsPerGpu: 1875, pue: 1, days: 90 });
    expect(energy.toNumber('GWh')).toBeCloseTo(32.4, 9);
  });

  it('plants = load ÷ CF ÷ size: 45 GW on 1 GW nuclear at 93% needs 48.39 plants', () => {
    const [row] = buildout(45e9, [{ id: 'nuclear', sizeW: 1e9, capacityFactor: 0.93 }]);
    expect(row!.nameplateW / 1e9).toBeCloseTo(48.38709677419355, 10);
    expect(row!.plants).toBeCloseTo(48.38709677419355, 10);
  });
});
