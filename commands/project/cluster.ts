import * as z from 'zod';
import { type CommandContext, defineSubcommand } from '../../src/dispatch/command.js';
import { about } from '../../src/dispatch/options.js';
import type { ClusterPreset } from '../../src/facts/presets.js';
import { say } from '../../src/locale.js';
import { clusterPower, energyCost } from '../../src/projections/cluster.js';
import { bestUnit, countOf } from '../../src/quantities/convert.js';
import { describeOrigin, episodeFooter, errorReply } from '../../src/replies/build.js';
import { clusterChart } from '../../src/replies/charts/cluster.js';
import { chartSource } from '../../src/replies/charts/source.js';
import type { Figure, Origin, Reply } from '../../src/replies/model.js';
import { type Assumption, assumptionsBlock, caveat, figureVars, fill, fmt, fromFact, mine, unknownPreset, userGiven } from './common.js';

/**
 * /project cluster: GPUs × watts × PUE → power, energy, homes and cost. Presets in
 * facts/presets.yaml; their notes may use {watts}, the watts per GPU worked out here.
 */

const EXAMPLE = '/project cluster gpus=100000 watts=700 pue=1.3';
/** The GPU a cluster is made of when no watts= is given: the H100 yardstick. */
const DEFAULT_GPU = 'h100';

interface Plan {
  gpus: number;
  watts: number;
  days: number;
  daysOrigin: Origin;
  notes: Assumption[];
}

function planOf(p: ClusterPreset, ctx: CommandContext): Plan {
  const { locale, store } = ctx;
  const f = p.resolved;
  const gpus = f[p.gpus]!.value.value;
  const power = 'power' in p.watts ? f[p.watts.power] : undefined;
  const watts = power ? (power.value.value * 1e6) / gpus : (p.equivalence?.amount ?? 0);
  const vars = { ...figureVars(f, locale), watts: power ? fmt(watts, locale) : String(watts) };
  const daysFig = 'figure' in p.days ? f[p.days.figure] : undefined;
  const notes = p.notes.map((n): Assumption => {
    const fig = n.figure ? f[n.figure] : undefined;
    const e = n.equivalence ? p.equivalence : undefined;
    const origin: Origin = fig
      ? fromFact(ctx, fig)
      : e
        ? { kind: 'public', source: e.source ?? '', year: store.byId.get(e.fact)?.context?.sources.find((s) => s.name === e.source)?.year ?? store.byId.get(e.fact)?.values[0]?.year ?? 0 }
        : mine(fill({ en: n.worked ?? '', zh: n.worked ?? '' }, locale, { ...vars, ...rawVars(p) }));
    return { text: fill(n.text, locale, vars) + (fig ? caveat(fig, locale) : ''), origin };
  });
  return {
    gpus,
    watts,
    days: daysFig ? daysFig.value.value : 'default' in p.days ? p.days.default : 365,
    daysOrigin: daysFig ? fromFact(ctx, daysFig) : mine(say(locale, 'default: a year', '默认：一年')),
    notes,
  };
}

/** Workings show the figures as stated, without separators: "15 MW ÷ 8000". */
function rawVars(p: ClusterPreset): Record<string, string> {
  return Object.fromEntries(Object.entries(p.resolved).map(([k, f]) => [k, String(f.value.value)]));
}

const options = z.object({
  preset: z
    .string()
    .max(30)
    .optional()
    .meta(about('h100-100k, hopper-gtc or blackwell-gtc', 'h100-100k、hopper-gtc 或 blackwell-gtc', { autocomplete: 'cluster-preset' })),
  gpus: z.int().min(1).max(100_000_000).optional().meta(about('Number of GPUs', 'GPU 数量')),
  watts: z.number().min(1).max(100_000).optional().meta(about('Watts per GPU (default 700, an H100)', '每块 GPU 功耗（瓦，默认 700，即 H100）')),
  pue: z.number().min(1).max(5).optional().meta(about('Facility overhead (PUE), default 1 = GPUs only', '机房能效（PUE），默认 1 = 只算 GPU')),
  days: z.number().min(0.01).max(36_500).optional().meta(about('Days running (default 365)', '运行天数（默认 365）')),
  price: z.number().min(0.0001).max(10).optional().meta(about('Electricity price in USD per kWh', '电价（美元/千瓦时）')),
});

type Args = z.output<typeof options>;

function run(args: Args, ctx: CommandContext): Reply {
  const { locale, store } = ctx;
  const presets = store.presets?.cluster ?? [];
  const found = args.preset !== undefined ? presets.find((p) => p.id === args.preset) : undefined;
  if (args.preset !== undefined && !found)
    return unknownPreset(
      ctx,
      'cluster',
      args.preset,
      presets.map((p) => p.id),
      '/project cluster preset=h100-100k',
    );
  const plan = found ? planOf(found, ctx) : undefined;
  const assumptions: Assumption[] = [...(plan?.notes ?? [])];
  const gpus = args.gpus ?? plan?.gpus;
  const ids = presets.map((p) => p.id);
  if (gpus === undefined)
    return errorReply(locale, 'missing-gpus', { en: `How many GPUs? Give gpus=…, or a preset: ${ids.join(', ')}.`, zh: `多少块 GPU？请给出 gpus=…，或使用预设：${ids.join('、')}。` }, EXAMPLE);
  const gpu = store.equivalences.find((e) => e.id === DEFAULT_GPU);
  const watts = args.watts ?? plan?.watts ?? gpu?.amount;
  if (watts === undefined) return errorReply(locale, 'missing-watts', { en: 'How many watts per GPU? Give watts=…', zh: '每块 GPU 多少瓦？请给出 watts=…' }, EXAMPLE);
  const pue = args.pue ?? 1;
  const days = args.days ?? plan?.days ?? 365;
  if (args.gpus !== undefined) assumptions.push({ text: say(locale, `${fmt(gpus, locale, 9)} GPUs`, `${fmt(gpus, locale, 9)} 块 GPU`), origin: userGiven(locale) });
  if (args.watts !== undefined) assumptions.push({ text: say(locale, `${fmt(watts, locale, 6)} W per GPU`, `每块 ${fmt(watts, locale, 6)} 瓦`), origin: userGiven(locale) });
  else if (!plan)
    assumptions.push({
      text: say(locale, `${watts} W per GPU (an H100's TDP; change with watts=)`, `每块 ${watts} 瓦（H100 额定功耗；可用 watts= 修改）`),
      origin: { kind: 'public', source: gpu?.source ?? 'H100 TDP', year: 2024 },
    });
  assumptions.push({
    text: say(
      locale,
      `PUE ${pue}${args.pue === undefined ? ' (GPUs only, as the episode counts; a whole facility is nearer 1.2–2; change with pue=)' : ''}`,
      `PUE ${pue}${args.pue === undefined ? '（只算 GPU，与节目口径一致；整座设施约 1.2–2；可用 pue= 修改）' : ''}`,
    ),
    origin: args.pue === undefined ? mine(say(locale, 'default', '默认值')) : userGiven(locale),
  });
  assumptions.push({
    text: say(locale, `Running flat out for ${fmt(days, locale, 6)} days`, `满负荷运行 ${fmt(days, locale, 6)} 天`),
    origin: args.days !== undefined ? userGiven(locale) : (plan?.daysOrigin ?? mine(say(locale, 'default: a year', '默认：一年'))),
  });

  const { power, energy } = clusterPower({ gpus, wattsPerGpu: watts, pue, days });
  const p = bestUnit(power, ['W', 'kW', 'MW', 'GW', 'TW']);
  const e = bestUnit(energy, ['Wh', 'kWh', 'MWh', 'GWh', 'TWh']);
  const working = `${fmt(gpus, locale, 9)} × ${fmt(watts, locale, 6)} W × ${pue}`;
  const figures: Figure[] = [
    { label: say(locale, 'Power', '功率'), value: `${fmt(p.value, locale)} ${p.unit}`, origin: mine(working) },
    {
      label: say(locale, 'Energy', '电量'),
      value: `${fmt(e.value, locale)} ${e.unit}${locale === 'zh' ? `（${fmt(energy.toNumber('kWh'), 'zh')}度）` : ''}`,
      origin: mine(`${working} × ${days} × 24 h`),
    },
  ];
  const household = store.equivalences.find((x) => x.id === 'us-household');
  if (household) {
    const homes = countOf(power, 'power', household, false);
    figures.push({
      label: say(locale, 'US households, same average power', '同等平均功率的美国家庭'),
      value: `${fmt(homes.value, locale)}`,
      origin: mine(`${homes.working} (${household.source ?? ''})`),
    });
  }
  const prices: { label: string; usd: number; low?: number; high?: number; origin: Origin; note: string }[] = [];
  if (args.price !== undefined) prices.push({ label: say(locale, 'your price', '你给的电价'), usd: args.price, origin: userGiven(locale), note: '' });
  else {
    for (const f of store.presets?.prices ?? []) {
      prices.push({
        label: f.label[locale],
        usd: f.value.value,
        ...(f.value.low !== undefined && { low: f.value.low }),
        ...(f.value.high !== undefined && { high: f.value.high }),
        origin: fromFact(ctx, f),
        note: caveat(f, locale),
      });
    }
  }
  const kwh = energy.toNumber('kWh');
  for (const pr of prices) {
    const range = pr.low !== undefined && pr.high !== undefined ? ` ($${fmt(energyCost(energy, pr.low), locale)}–$${fmt(energyCost(energy, pr.high), locale)} at $${pr.low}–${pr.high})` : '';
    figures.push({
      label: say(locale, `Cost at ${pr.label}, $${pr.usd}/kWh`, `按${pr.label} ${pr.usd} 美元/千瓦时计`),
      value: `$${fmt(energyCost(energy, pr.usd), locale)}${range}${pr.note}`,
      origin: mine(`${fmt(kwh, locale)} kWh × $${pr.usd} (${describeOrigin(pr.origin, locale)})`),
    });
  }
  const gpusText = `${fmt(gpus, locale, 9)} × ${fmt(watts, locale, 6)} W${pue !== 1 ? ` × PUE ${pue}` : ''}`;
  const chart = clusterChart({
    locale,
    title: say(locale, `${fmt(gpus, locale, 9)} GPUs at ${fmt(watts, locale, 6)} W: power, and the electricity bill`, `${fmt(gpus, locale, 9)} 块 GPU（每块 ${fmt(watts, locale, 6)} 瓦）：功率与电费`),
    source: chartSource(store, locale),
    clusterLabel: gpusText,
    powerMW: power.toNumber('MW'),
    powerProvenance: describeOrigin(mine(working), locale),
    period: say(locale, `${fmt(days, locale, 6)} days`, `${fmt(days, locale, 6)} 天`),
    costs: prices.map((pr) => ({
      label: say(locale, `${pr.label}, $${pr.usd}/kWh`, `${pr.label} ${pr.usd} 美元/千瓦时`),
      usd: energyCost(energy, pr.usd),
      ...(pr.low !== undefined && pr.high !== undefined && { lowUsd: energyCost(energy, pr.low), highUsd: energyCost(energy, pr.high) }),
      provenance: describeOrigin(pr.origin, locale) + pr.note,
    })),
  });
  return {
    kind: 'projection',
    title: say(
      locale,
      `Cluster: ${fmt(p.value, locale)} ${p.unit}, ${fmt(e.value, locale)} ${e.unit} over ${fmt(days, locale, 6)} days`,
      `集群：${fmt(p.value, locale)} ${p.unit}，${fmt(days, locale, 6)} 天 ${fmt(e.value, locale)} ${e.unit}`,
    ),
    blocks: [assumptionsBlock(assumptions, locale), { type: 'figures', figures }],
    actions: [],
    footer: episodeFooter(store, locale),
    data: {},
    chart,
  };
}

export const cluster = defineSubcommand({
  name: 'cluster',
  description: { en: 'GPUs × watts × PUE → MW, energy, homes and cost', zh: 'GPU 数 × 功耗 × PUE → 功率、电量、家庭数与电费' },
  options,
  run,
});
