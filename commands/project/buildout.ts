import * as z from 'zod';
import { type CommandContext, defineSubcommand } from '../../src/dispatch/command.js';
import { about } from '../../src/dispatch/options.js';
import type { Plant } from '../../src/facts/presets.js';
import { say } from '../../src/locale.js';
import { buildout as buildoutRows } from '../../src/projections/buildout.js';
import { convertValue } from '../../src/quantities/math.js';
import { parseAmount } from '../../src/quantities/parse.js';
import { describeOrigin, episodeFooter, errorReply } from '../../src/replies/build.js';
import { buildoutChart } from '../../src/replies/charts/buildout.js';
import { chartSource } from '../../src/replies/charts/source.js';
import type { Origin, Reply } from '../../src/replies/model.js';
import { type Assumption, assumptionsBlock, caveat, fill, fmt, fromFact, mine, presetsMissing, userGiven } from './common.js';

/** /project buildout: how many plants of each kind (facts/presets.yaml) cover an average load. */

const EXAMPLE = '/project buildout load=45GW';

const options = z.object({
  load: z.string().max(40).optional().meta(about('Average load, e.g. 45GW or 390TWh/year (default: 45 GW)', '平均负荷，例如 45GW 或 390TWh/year（默认 45 GW）')),
  kind: z
    .string()
    .max(20)
    .optional()
    .meta(about('One kind of plant only: helion, nuclear, wind or solar', '只看一种电站：helion、nuclear、wind 或 solar', { autocomplete: 'plant' })),
  cf: z.number().min(0.1).max(100).optional().meta(about('Capacity factor in percent, to override', '容量因子（%），覆盖默认值')),
});

type Args = z.output<typeof options>;

interface Row {
  plant: Plant;
  label: string;
  cf: number;
  origin: Origin;
  note: string;
}

function run(args: Args, ctx: CommandContext): Reply {
  const { locale, store } = ctx;
  const presets = store.presets;
  if (!presets) return presetsMissing(ctx, EXAMPLE);
  let loadW: number;
  const assumptions: Assumption[] = [];
  if (args.load === undefined) {
    const bcg = presets.load;
    loadW = bcg.value.value * 1e9;
    assumptions.push({
      text: say(locale, `Load: ${bcg.value.value} GW, US data centres by ${bcg.value.year} (change with load=)`, `负荷：${bcg.value.value} GW，${bcg.value.year} 年美国数据中心（可用 load= 修改）`),
      origin: fromFact(ctx, bcg),
    });
  } else {
    const amount = parseAmount(args.load);
    if (!amount.ok || amount.value.dimension !== 'power' || !(amount.value.value > 0)) {
      return errorReply(
        locale,
        'bad-load',
        { en: 'load must be a positive power or yearly energy, such as 45GW, 70MW or 390TWh/year.', zh: 'load 必须是正的功率或年用电量，例如 45GW、70MW 或 390TWh/year。' },
        EXAMPLE,
      );
    }
    loadW = convertValue(amount.value.value, amount.value.unit, 'W');
    assumptions.push({ text: say(locale, `Load: ${args.load} (average)`, `负荷：${args.load}（平均）`), origin: userGiven(locale) });
  }
  let plants = presets.plants;
  if (args.kind !== undefined) {
    plants = plants.filter((p) => p.id === args.kind);
    if (plants.length === 0) {
      const ids = presets.plants.map((p) => p.id);
      return errorReply(locale, 'unknown-kind', { en: `kind must be one of: ${ids.join(', ')}.`, zh: `kind 只能是：${ids.join('、')}。` }, '/project buildout load=45GW kind=wind cf=34');
    }
  }
  const rows: Row[] = plants.map((plant) => {
    const size = plant.size ? fmt(plant.size.value.value, locale, 6) : '';
    const label = fill(plant.label, locale, { size });
    return args.cf !== undefined
      ? { plant, label, cf: args.cf, origin: userGiven(locale), note: '' }
      : { plant, label, cf: plant.cf.value.value, origin: fromFact(ctx, plant.cf), note: caveat(plant.cf, locale) };
  });
  for (const r of rows) assumptions.push({ text: `${r.label}: ${say(locale, 'capacity factor', '容量因子')} ${fmt(r.cf, locale)}%${r.note}`, origin: r.origin });
  assumptions.push({
    text: say(locale, 'Plants needed = load ÷ capacity factor ÷ plant size (energy over a year, not peak cover or storage)', '所需电站数 = 负荷 ÷ 容量因子 ÷ 单站规模（按全年电量，不含调峰与储能）'),
    origin: mine('load / CF / size'),
  });
  const table = buildoutRows(
    loadW,
    rows.map((r) => ({ id: r.plant.id, sizeW: r.plant.sizeW, capacityFactor: r.cf / 100 })),
  );
  const gw = (w: number) => `${fmt(w / 1e9, locale)} GW`;
  const chart = buildoutChart({
    locale,
    title: say(locale, `Plants to cover ${fmt(loadW / 1e9, locale)} GW of average load`, `覆盖 ${fmt(loadW / 1e9, locale)} GW 平均负荷所需电站`),
    source: chartSource(store, locale),
    plants: table.map((t, i) => ({ label: rows[i]!.label, plants: t.plants, capacityFactor: t.kind.capacityFactor, provenance: describeOrigin(rows[i]!.origin, locale) + rows[i]!.note })),
  });
  return {
    kind: 'projection',
    title: say(locale, `Covering ${fmt(loadW / 1e9, locale)} GW of average load`, `覆盖 ${fmt(loadW / 1e9, locale)} GW 平均负荷`),
    blocks: [
      assumptionsBlock(assumptions, locale),
      {
        type: 'table',
        columns: [say(locale, 'Plant', '电站'), 'CF', say(locale, 'Nameplate needed', '所需装机'), say(locale, 'Plants', '座数')],
        rows: table.map((t, i) => [rows[i]!.label, `${fmt(t.kind.capacityFactor * 100, locale)}%`, gw(t.nameplateW), fmt(t.plants, locale)]),
      },
      ...lesson(presets.plants, ctx),
    ],
    actions: [],
    footer: episodeFooter(store, locale),
    data: {},
    chart,
  };
}

/** The point of the table, worked out from the two capacity factors furthest apart. */
function lesson(plants: readonly Plant[], ctx: CommandContext): { type: 'text'; text: string }[] {
  const gw = plants.filter((p) => p.sizeW === 1e9);
  const hi = gw.reduce<Plant | undefined>((a, p) => (!a || p.cf.value.value > a.cf.value.value ? p : a), undefined);
  const lo = gw.reduce<Plant | undefined>((a, p) => (!a || p.cf.value.value < a.cf.value.value ? p : a), undefined);
  if (!hi || !lo || hi === lo) return [];
  const { locale } = ctx;
  const ratio = fmt(hi.cf.value.value / lo.cf.value.value, locale, 2);
  const [loName, hiName] = [lo, hi].map((p) => say(locale, p.id, fill(p.label, locale, {}).replace(/^1 GW /, '')));
  return [
    {
      type: 'text',
      text: say(
        locale,
        `A lower capacity factor means more nameplate for the same energy: the same load needs ${ratio}× as much ${loName} (${lo.cf.value.value}%) as ${hiName} (${hi.cf.value.value}%).`,
        `容量因子越低，同样电量所需装机越多：同样负荷所需${loName}（${lo.cf.value.value}%）装机是${hiName}（${hi.cf.value.value}%）的 ${ratio} 倍。`,
      ),
    },
  ];
}

export const buildout = defineSubcommand({
  name: 'buildout',
  description: { en: 'How many plants (Helion, nuclear, wind, solar) cover a load', zh: '需要多少座电站（Helion、核电、风电、光伏）覆盖负荷' },
  options,
  run,
});
