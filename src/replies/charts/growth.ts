import type { Locale } from '../../locale.js';
import { type ChartSpec, DEFAULT_SIZE } from '../chart.js';

/**
 * `/project growth` as a line chart: one line per scenario, the spread between the slowest and
 * fastest as a band, and the episode's own figure for the target year marked, so the gap
 * between "doubling every 2–3 years" and the episode's 7.5% is visible at a glance.
 */

export interface GrowthScenario {
  label: string;
  /** One value per year, in `years` order. */
  values: number[];
  provenance: string;
}

export interface GrowthChartInput {
  locale: Locale;
  title: string;
  source: string;
  /** What the values measure ("US data centres' share of US electricity"). */
  measure: string;
  unit: string;
  years: number[];
  /** Slowest first; two or more make a band from the lowest to the highest line. */
  scenarios: GrowthScenario[];
  /** A figure to set beside the projection, e.g. the episode's own 2030 share. */
  target?: { year: number; value: number; label: string; provenance: string };
  /** Name of the band in the legend ("range of the episode's doubling times"). */
  bandLabel?: string;
  width?: number;
  height?: number;
}

export function growthChart(input: GrowthChartInput): ChartSpec {
  const { locale, years, scenarios } = input;
  for (const s of scenarios) {
    if (s.values.length !== years.length) throw new RangeError(`scenario "${s.label}" has ${s.values.length} values for ${years.length} years`);
  }
  const at = (i: number, pick: (xs: number[]) => number) => pick(scenarios.map((s) => s.values[i]!));
  const band =
    scenarios.length >= 2
      ? {
          name: input.bandLabel ?? (locale === 'zh' ? '情景区间' : 'range of scenarios'),
          low: years.map((_, i) => at(i, (xs) => Math.min(...xs))),
          high: years.map((_, i) => at(i, (xs) => Math.max(...xs))),
          // The band spans the slowest and fastest scenarios, so it comes from where they do.
          provenance: [...new Set([scenarios[0]!.provenance, scenarios.at(-1)!.provenance])].join('; '),
        }
      : undefined;
  const categories = years.map(String);
  const t = input.target;
  return {
    kind: 'line',
    locale,
    title: input.title,
    source: input.source,
    panels: [
      {
        categories,
        x: { label: locale === 'zh' ? '年份' : 'Year', unit: '' },
        y: { label: input.measure, unit: input.unit },
        series: scenarios.map((s) => ({ name: s.label, values: [...s.values], provenance: s.provenance })),
        ...(band && { band }),
        ...(t && categories.includes(String(t.year)) && { marks: [{ category: String(t.year), value: t.value, label: t.label, provenance: t.provenance }] }),
      },
    ],
    width: input.width ?? DEFAULT_SIZE.width,
    height: input.height ?? DEFAULT_SIZE.height,
  };
}
