import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { bar, unicodeChart } from '../../src/charts/unicode.js';
import { compareChart } from '../../src/replies/charts/compare.js';
import { allKinds, compareInput } from './samples.js';

describe('unicode charts', () => {
  it('bars are drawn to an eighth of a cell', () => {
    expect(bar(0)).toBe('');
    expect(bar(3)).toBe('███');
    expect(bar(2.5)).toBe('██▌');
    expect(bar(0.125)).toBe('▏');
  });

  it('growth: a sparkline per scenario on one scale, first and last values, the marked figure', () => {
    const text = unicodeChart(allKinds().growth);
    const lines = text.split('\n');
    expect(lines[0]).toBe("US data centres' share of US electricity");
    expect(lines[1]!.trim()).toBe('2022–2030');
    expect(lines[2]).toMatch(/^doubling every 3 yr +[▁▂▃▄▅▆▇█]{9} {2}2\.5% → 15\.9%$/);
    // The fastest line reaches the top of the shared scale; the slowest does not.
    expect(lines[4]).toContain('█');
    expect(lines[2]).not.toContain('█');
    expect(text).toContain("◆ 2030: 7.5%  The episode's 2030 figure");
  });

  it('bars: one row per category, longest for the largest, with its label; columns line up with Chinese names', () => {
    const rows = unicodeChart(allKinds('zh').buildout).split('\n').slice(1);
    expect(rows).toHaveLength(4);
    const blocks = rows.map((r) => (r.match(/[█▏▎▍▌▋▊▉]+/) ?? [''])[0]);
    expect(blocks[0]!.length).toBe(24);
    expect(blocks[1]!.length).toBeLessThan(blocks[2]!.length);
    expect(rows[1]).toContain('48.4 · 容量因子 93%');
    const starts = rows.map((r) => stringWidth(r.slice(0, r.search(/[█▏▎▍▌▋▊▉]/))));
    expect(new Set(starts).size).toBe(1);
  });

  it('cluster: both panels, and the price range beside the cost', () => {
    const text = unicodeChart(allKinds().cluster);
    expect(text).toContain('Power');
    expect(text).toContain('70 MW');
    expect(text).toMatch(/US wholesale +█+.* \$24\.5M \(\$18\.4M–\$30\.7M\)/);
  });

  it('compare past a hundredfold: log-scaled bars, said so', () => {
    const text = unicodeChart(compareChart(compareInput('en', 500_000)));
    expect(text).toContain('(log scale)');
    const [a, b] = text
      .split('\n')
      .slice(1, 3)
      .map((r) => (r.match(/█+/) ?? [''])[0].length);
    // On a log axis 500 vs 500,000 is 1 : 4 decades above the floor, not 1 : 1000.
    expect(a).toBeGreaterThan(0);
    expect(b! / a!).toBeLessThan(10);
  });
});
