import type { Locale } from '../../src/locale.js';
import { type BuildoutChartInput, buildoutChart } from '../../src/replies/charts/buildout.js';
import { type ClusterChartInput, clusterChart } from '../../src/replies/charts/cluster.js';
import { type CompareChartInput, compareChart } from '../../src/replies/charts/compare.js';
import { type GrowthChartInput, growthChart } from '../../src/replies/charts/growth.js';

/** Builder inputs with the episode's figures, one per chart kind, shared by the chart tests. */

const years = [2022, 2023, 2024, 2025, 2026, 2027, 2028, 2029, 2030];

export function growthInput(locale: Locale = 'en'): GrowthChartInput {
  const zh = locale === 'zh';
  return {
    locale,
    title: zh ? '美国数据中心用电占比（核聚变 电网 数据中心）' : "US data centres' share of US electricity",
    source: zh ? '硅谷101 E149 · Wattson 计算' : "Silicon Valley 101 E149 · Wattson's arithmetic",
    measure: zh ? '占美国用电' : 'Share of US electricity',
    unit: '%',
    years,
    scenarios: [3, 2.5, 2].map((d) => ({
      label: zh ? `每 ${d} 年翻倍` : `doubling every ${d} yr`,
      values: years.map((y) => 2.5 * 2 ** ((y - 2022) / d)),
      provenance: zh ? '节目，Eason Xu' : 'the episode, Eason Xu',
    })),
    target: { year: 2030, value: 7.5, label: zh ? '节目给出的 2030 年数字' : "The episode's 2030 figure", provenance: zh ? '节目，Eason Xu' : 'the episode, Eason Xu' },
  };
}

export function clusterInput(locale: Locale = 'en'): ClusterChartInput {
  const zh = locale === 'zh';
  const kwh = 70_000 * 24 * 365;
  return {
    locale,
    title: zh ? '10 万块 H100' : '100,000 H100s',
    source: "Silicon Valley 101 E149 · Wattson's arithmetic",
    clusterLabel: '100,000 × 700 W',
    powerMW: 70,
    powerProvenance: "Wattson's arithmetic: 100,000 × 700 W",
    period: zh ? '365 天' : '365 days',
    costs: [
      { label: zh ? '美国批发电价' : 'US wholesale', usd: kwh * 0.04, lowUsd: kwh * 0.03, highUsd: kwh * 0.05, provenance: 'the episode, Eason Xu' },
      { label: zh ? '美国居民电价' : 'US residential', usd: kwh * 0.1, provenance: 'the episode, Eason Xu' },
    ],
  };
}

export function buildoutInput(locale: Locale = 'en'): BuildoutChartInput {
  const load = 45e9;
  const kinds = [
    { label: 'Helion 50 MW', size: 50e6, cf: 0.93 },
    { label: locale === 'zh' ? '1 GW 核电' : '1 GW nuclear', size: 1e9, cf: 0.93 },
    { label: locale === 'zh' ? '1 GW 风电' : '1 GW wind', size: 1e9, cf: 0.4 },
    { label: locale === 'zh' ? '1 GW 光伏' : '1 GW solar', size: 1e9, cf: 0.25 },
  ];
  return {
    locale,
    title: locale === 'zh' ? '覆盖 45 GW 平均负荷' : 'Covering 45 GW of average load',
    source: "Silicon Valley 101 E149 · Wattson's arithmetic",
    plants: kinds.map((k) => ({ label: k.label, plants: load / k.cf / k.size, capacityFactor: k.cf, provenance: 'the episode' })),
  };
}

export function compareInput(locale: Locale = 'en', b = 24_000): CompareChartInput {
  return {
    locale,
    title: locale === 'zh' ? 'ChatGPT 与一座 1 GW 核电站' : 'ChatGPT vs a 1 GW nuclear plant',
    source: "Silicon Valley 101 E149 · Wattson's arithmetic",
    measure: locale === 'zh' ? '每天电量' : 'Energy a day',
    unit: 'MWh',
    a: { label: 'ChatGPT', value: 500, provenance: 'the episode, Xiang Jiang' },
    b: { label: locale === 'zh' ? '1 GW 核电站' : '1 GW nuclear plant', value: b, provenance: "Wattson's arithmetic: 1 GW × 24 h" },
  };
}

export const allKinds = (locale: Locale = 'en') => ({
  growth: growthChart(growthInput(locale)),
  cluster: clusterChart(clusterInput(locale)),
  buildout: buildoutChart(buildoutInput(locale)),
  compare: compareChart(compareInput(locale)),
});
