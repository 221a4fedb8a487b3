import type { ChartSpec } from '../chart.js';

/**
 * A chart's numbers without its drawing: what the CLI's JSON carries as `chart.data`, so a
 * script can check the picture against the text without reading the spec's layout fields.
 */

export interface ChartDataSeries {
  name: string;
  values: number[];
  low?: number[];
  high?: number[];
}

export interface ChartDataPanel {
  title?: string;
  categories: string[];
  unit: string;
  log?: true;
  series: ChartDataSeries[];
  marks?: { category: string; value: number; label: string }[];
}

export interface ChartData {
  kind: ChartSpec['kind'];
  title: string;
  panels: ChartDataPanel[];
}

export function chartData(spec: ChartSpec): ChartData {
  return {
    kind: spec.kind,
    title: spec.title,
    panels: spec.panels.map((p) => ({
      ...(p.title && { title: p.title }),
      categories: [...p.categories],
      unit: p.y.unit,
      ...(p.y.log && { log: true as const }),
      series: p.series.map((s) => ({ name: s.name, values: [...s.values], ...(s.range && { low: [...s.range.low], high: [...s.range.high] }) })),
      ...(p.marks?.length && { marks: p.marks.map((m) => ({ category: m.category, value: m.value, label: m.label })) }),
    })),
  };
}
