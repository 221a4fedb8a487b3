import type { Locale } from '../../locale.js';
import { formatNumber } from '../../quantities/format.js';
import { type ChartSpec, DEFAULT_SIZE } from '../chart.js';

/**
 * `/compare a vs b` as two bars in one unit, each labelled with where its number comes from.
 * Past a hundredfold the smaller bar would be a sliver, so the axis turns logarithmic.
 */

/** Ratio beyond which a linear axis hides the smaller bar. */
export const LOG_RATIO = 100;

export interface CompareItem {
  label: string;
  value: number;
  provenance: string;
}

export interface CompareChartInput {
  locale: Locale;
  title: string;
  source: string;
  /** What both values measure, and its unit ("Energy a day", "MWh"). */
  measure: string;
  unit: string;
  a: CompareItem;
  b: CompareItem;
  width?: number;
  height?: number;
}

export function compareChart(input: CompareChartInput): ChartSpec {
  const { locale, a, b } = input;
  if (!(a.value > 0 && b.value > 0)) throw new RangeError('compare needs two positive values');
  const log = Math.max(a.value, b.value) / Math.min(a.value, b.value) > LOG_RATIO;
  const label = (i: CompareItem) => `${formatNumber(i.value, locale, 3)} ${input.unit} · ${i.provenance}`;
  return {
    kind: 'bar',
    locale,
    title: input.title,
    source: input.source,
    panels: [
      {
        categories: [a.label, b.label],
        x: { label: '', unit: '' },
        y: { label: input.measure, unit: input.unit, ...(log && { log: true }) },
        series: [
          {
            name: input.measure,
            values: [a.value, b.value],
            provenance: a.provenance === b.provenance ? a.provenance : `${a.label}: ${a.provenance}; ${b.label}: ${b.provenance}`,
            pointProvenance: [a.provenance, b.provenance],
            labels: [label(a), label(b)],
          },
        ],
      },
    ],
    width: input.width ?? DEFAULT_SIZE.width,
    height: input.height ?? DEFAULT_SIZE.height,
  };
}
