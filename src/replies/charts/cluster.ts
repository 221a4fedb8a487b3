import type { Locale } from '../../locale.js';
import { type ChartSpec, DEFAULT_SIZE } from '../chart.js';

/**
 * `/project cluster` as two panels side by side: the cluster's power draw, and what its energy
 * costs at each price, with a price range (the episode's 3–5 ¢ wholesale) as error bars. Power
 * and money have different units, so they get their own axes rather than sharing one.
 */

export interface ClusterCost {
  /** The price case ("US wholesale, 3–5 ¢/kWh"). */
  label: string;
  usd: number;
  /** Cost at the low and high ends of the price range, when the price is a range. */
  lowUsd?: number;
  highUsd?: number;
  provenance: string;
}

export interface ClusterChartInput {
  locale: Locale;
  title: string;
  source: string;
  /** The cluster ("100,000 H100s × 700 W"). */
  clusterLabel: string;
  powerMW: number;
  powerProvenance: string;
  /** How long the energy is counted for ("365 days"). */
  period: string;
  costs: ClusterCost[];
  width?: number;
  height?: number;
}

export function clusterChart(input: ClusterChartInput): ChartSpec {
  const { locale, costs } = input;
  const zh = locale === 'zh';
  const ranged = costs.some((c) => c.lowUsd !== undefined && c.highUsd !== undefined);
  return {
    kind: 'errorbar',
    locale,
    title: input.title,
    source: input.source,
    panels: [
      {
        title: zh ? '功率' : 'Power',
        categories: [input.clusterLabel],
        x: { label: '', unit: '' },
        y: { label: zh ? '功率' : 'Power', unit: 'MW' },
        series: [{ name: zh ? '功率' : 'Power', values: [input.powerMW], provenance: input.powerProvenance }],
      },
      {
        title: zh ? `电费（${input.period}）` : `Electricity cost over ${input.period}`,
        categories: costs.map((c) => c.label),
        x: { label: '', unit: '' },
        y: { label: zh ? '电费' : 'Cost', unit: 'USD' },
        series: [
          {
            name: zh ? '电费' : 'Cost',
            values: costs.map((c) => c.usd),
            provenance: [...new Set(costs.map((c) => c.provenance))].join('; '),
            pointProvenance: costs.map((c) => c.provenance),
            ...(ranged && { range: { low: costs.map((c) => c.lowUsd ?? c.usd), high: costs.map((c) => c.highUsd ?? c.usd) } }),
          },
        ],
      },
    ],
    width: input.width ?? DEFAULT_SIZE.width,
    height: input.height ?? DEFAULT_SIZE.height,
  };
}
