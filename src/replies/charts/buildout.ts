import type { Locale } from '../../locale.js';
import { formatNumber } from '../../quantities/format.js';
import { type ChartSpec, DEFAULT_SIZE } from '../chart.js';

/**
 * `/project buildout` as bars: how many plants of each kind cover the load, with each kind's
 * capacity factor in its bar's label, since the capacity factor is what makes the bars differ.
 */

export interface BuildoutPlant {
  /** The kind and its size ("1 GW nuclear", "Helion 50 MW"). */
  label: string;
  plants: number;
  /** Capacity factor as a fraction (0.93). */
  capacityFactor: number;
  provenance: string;
}

export interface BuildoutChartInput {
  locale: Locale;
  title: string;
  source: string;
  plants: BuildoutPlant[];
  width?: number;
  height?: number;
}

export function buildoutChart(input: BuildoutChartInput): ChartSpec {
  const { locale, plants } = input;
  const zh = locale === 'zh';
  const cf = (p: BuildoutPlant) => `${zh ? '容量因子' : 'CF'} ${formatNumber(p.capacityFactor * 100, locale, 3)}%`;
  return {
    kind: 'bar',
    locale,
    title: input.title,
    source: input.source,
    panels: [
      {
        categories: plants.map((p) => p.label),
        x: { label: '', unit: '' },
        y: { label: zh ? '所需电站' : 'Plants needed', unit: zh ? '座' : 'plants' },
        series: [
          {
            name: zh ? '所需电站' : 'Plants needed',
            values: plants.map((p) => p.plants),
            provenance: [...new Set(plants.map((p) => p.provenance))].join('; '),
            pointProvenance: plants.map((p) => p.provenance),
            labels: plants.map((p) => `${formatNumber(p.plants, locale, 3)} · ${cf(p)}`),
          },
        ],
      },
    ],
    width: input.width ?? DEFAULT_SIZE.width,
    height: input.height ?? DEFAULT_SIZE.height,
  };
}
