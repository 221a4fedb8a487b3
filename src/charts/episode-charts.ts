import { factFigure } from '../facts/figure.js';
import type { StoredFact } from '../facts/load.js';
import type { FactStore } from '../facts/store.js';
import { type Locale, say } from '../locale.js';
import { buildout } from '../projections/buildout.js';
import { clusterPower, energyCost } from '../projections/cluster.js';
import { growthTable } from '../projections/growth.js';
import { formatNumber } from '../quantities/format.js';
import { describeOrigin, speakerOrigin } from '../replies/build.js';
import type { ChartSpec } from '../replies/chart.js';
import { buildoutChart } from '../replies/charts/buildout.js';
import { clusterChart } from '../replies/charts/cluster.js';
import { compareChart } from '../replies/charts/compare.js';
import { growthChart } from '../replies/charts/growth.js';
import { chartSource } from '../replies/charts/source.js';

/**
 * One chart of each kind from the episode's own figures, read from the fact store by fact id
 * (as `/project`'s presets read them), never typed in here: the charts the README shows
 * (`npm run charts:readme`) and the bench renders. Every figure the fact check does not call
 * consistent carries its public figure in its provenance, as the text answers do.
 */

export interface EpisodeCharts {
  growth: ChartSpec;
  cluster: ChartSpec;
  buildout: ChartSpec;
  compare: ChartSpec;
}

function origin(store: FactStore, fact: StoredFact, locale: Locale): string {
  const said = describeOrigin(speakerOrigin(store, fact, locale), locale);
  const source = fact.verdict === 'consistent' ? undefined : fact.context?.sources[0];
  return source ? say(locale, `${said} (public figure: ${source.figure}; ${source.name}, ${source.year})`, `${said}（公开数据：${source.figure}；${source.name}，${source.year}）`) : said;
}

const arithmetic = (locale: Locale, working: string) => describeOrigin({ kind: 'arithmetic', working }, locale);

const sourceLine = chartSource;

function growth(store: FactStore, locale: Locale): ChartSpec {
  const share = factFigure(store, 'us-dc-share-2.5pct', 'percent');
  const doubling = factFigure(store, 'dc-doubling-2-3yr', 'year');
  const target = factFigure(store, 'dc-share-7.5-10pct', 'percent', 1);
  const lo = doubling.value.low ?? doubling.value.value;
  const hi = doubling.value.high ?? doubling.value.value;
  const from = share.value.year;
  const span = target.value.year - from;
  const times = [hi, (lo + hi) / 2, lo];
  const rows = growthTable(
    share.value.value,
    times.map((years) => ({ kind: 'doubling', years })),
    from,
    span,
  );
  const said = origin(store, doubling.fact, locale);
  return growthChart({
    locale,
    title: say(locale, `US data centres' share of US electricity, doubling every ${lo}–${hi} years`, `美国数据中心用电占比：每 ${lo}–${hi} 年翻倍`),
    source: sourceLine(store, locale),
    measure: say(locale, 'Share of US electricity', '占美国用电'),
    unit: '%',
    years: rows.map((r) => r.year),
    scenarios: times.map((t, i) => ({
      label: say(locale, `doubling every ${t} yr`, `每 ${t} 年翻倍`),
      values: rows.map((r) => r.values[i]!),
      provenance: t === lo || t === hi ? said : arithmetic(locale, say(locale, 'midpoint of the range', '区间中点')),
    })),
    bandLabel: say(locale, `doubling every ${lo}–${hi} years`, `每 ${lo}–${hi} 年翻倍`),
    target: {
      year: target.value.year,
      value: target.value.value,
      label: say(locale, `The episode's own ${target.value.year} figure`, `节目自己的 ${target.value.year} 年数字`),
      provenance: origin(store, target.fact, locale),
    },
  });
}

function cluster(store: FactStore, locale: Locale): ChartSpec {
  const gpus = factFigure(store, 'h100-100k-70mw', 'GPU').value.value;
  const h100 = store.equivalences.find((e) => e.id === 'h100');
  if (!h100) throw new Error('the fact store has no h100 equivalence');
  const watts = h100.amount;
  const days = 365;
  const { power, energy } = clusterPower({ gpus, wattsPerGpu: watts, pue: 1, days });
  const wholesale = factFigure(store, 'us-wholesale-3-5c', 'USD/kWh');
  const residential = factFigure(store, 'us-residential-10c', 'USD/kWh');
  const cents = (usd: number) => formatNumber(usd * 100, locale);
  const w = wholesale.value;
  return clusterChart({
    locale,
    title: say(locale, `${formatNumber(gpus, locale, 6)} H100s at ${watts} W: power, and a year's electricity bill`, `${formatNumber(gpus, locale, 6)} 块 H100（每块 ${watts} 瓦）：功率与一年电费`),
    source: sourceLine(store, locale),
    clusterLabel: `${formatNumber(gpus, locale, 6)} × ${watts} W`,
    powerMW: power.toNumber('MW'),
    powerProvenance: arithmetic(locale, `${formatNumber(gpus, locale, 6)} × ${watts} W (${h100.source ?? ''})`),
    period: say(locale, `${days} days`, `${days} 天`),
    costs: [
      {
        label: say(locale, `US wholesale, ${cents(w.low ?? w.value)}–${cents(w.high ?? w.value)} ¢/kWh`, `美国批发电价 ${cents(w.low ?? w.value)}–${cents(w.high ?? w.value)} 美分/度`),
        usd: energyCost(energy, w.value),
        ...(w.low !== undefined && { lowUsd: energyCost(energy, w.low) }),
        ...(w.high !== undefined && { highUsd: energyCost(energy, w.high) }),
        provenance: origin(store, wholesale.fact, locale),
      },
      {
        label: say(locale, `US residential, ${cents(residential.value.value)} ¢/kWh`, `美国居民电价 ${cents(residential.value.value)} 美分/度`),
        usd: energyCost(energy, residential.value.value),
        provenance: origin(store, residential.fact, locale),
      },
    ],
  });
}

function plants(store: FactStore, locale: Locale): ChartSpec {
  const load = factFigure(store, 'bcg-45gw-2030', 'GW');
  const nuclear = factFigure(store, 'cf-nuclear-93', 'percent');
  const wind = factFigure(store, 'cf-wind-40', 'percent');
  const solar = factFigure(store, 'cf-solar-25', 'percent');
  const helion = factFigure(store, 'helion-msft-50mw-2028', 'MW');
  const kinds = [
    { label: say(locale, `Helion ${helion.value.value} MW`, `Helion ${helion.value.value} 兆瓦`), sizeW: helion.value.value * 1e6, cf: nuclear, fact: helion.fact },
    { label: say(locale, '1 GW nuclear', '1 GW 核电'), sizeW: 1e9, cf: nuclear, fact: nuclear.fact },
    { label: say(locale, '1 GW wind', '1 GW 风电'), sizeW: 1e9, cf: wind, fact: wind.fact },
    { label: say(locale, '1 GW solar', '1 GW 光伏'), sizeW: 1e9, cf: solar, fact: solar.fact },
  ];
  const rows = buildout(
    load.value.value * 1e9,
    kinds.map((k) => ({ id: k.label, sizeW: k.sizeW, capacityFactor: k.cf.value.value / 100 })),
  );
  return buildoutChart({
    locale,
    title: say(locale, `Plants to cover ${load.value.value} GW, US data centres' load by ${load.value.year}`, `覆盖 ${load.value.year} 年美国数据中心 ${load.value.value} GW 负荷所需电站`),
    source: sourceLine(store, locale),
    plants: rows.map((r, i) => ({
      label: kinds[i]!.label,
      plants: r.plants,
      capacityFactor: r.kind.capacityFactor,
      provenance: i === 0 ? `${origin(store, kinds[0]!.fact, locale)}${say(locale, "; CF assumed as nuclear's", '；容量因子按核电假设')}` : origin(store, kinds[i]!.fact, locale),
    })),
  });
}

function compare(store: FactStore, locale: Locale): ChartSpec {
  const chatgpt = factFigure(store, 'chatgpt-daily-energy', 'kWh/day');
  const nuclear = factFigure(store, 'cf-nuclear-93', 'percent');
  const plantMWh = 1000 * 24 * (nuclear.value.value / 100);
  return compareChart({
    locale,
    title: say(locale, "ChatGPT's electricity a day beside a 1 GW nuclear plant's output a day", 'ChatGPT 每天用电与一座 1 GW 核电站每天发电'),
    source: sourceLine(store, locale),
    measure: say(locale, 'Energy a day', '每天电量'),
    unit: 'MWh',
    a: { label: 'ChatGPT', value: chatgpt.value.value / 1000, provenance: origin(store, chatgpt.fact, locale) },
    b: {
      label: say(locale, '1 GW nuclear plant', '1 GW 核电站'),
      value: plantMWh,
      provenance: arithmetic(locale, say(locale, `1 GW × 24 h × ${nuclear.value.value}% capacity factor`, `1 GW × 24 小时 × ${nuclear.value.value}% 容量因子`)),
    },
  });
}

export function episodeCharts(store: FactStore, locale: Locale): EpisodeCharts {
  return { growth: growth(store, locale), cluster: cluster(store, locale), buildout: plants(store, locale), compare: compare(store, locale) };
}
