import * as z from 'zod';
import { type CommandContext, defineSubcommand } from '../../src/dispatch/command.js';
import { about } from '../../src/dispatch/options.js';
import { say } from '../../src/locale.js';
import { energyCost } from '../../src/projections/cluster.js';
import { bestUnit, convert } from '../../src/quantities/convert.js';
import { math, type Unit } from '../../src/quantities/math.js';
import { parseConvert } from '../../src/quantities/parse.js';
import { describeOrigin, episodeFooter, errorReply } from '../../src/replies/build.js';
import type { Figure, Origin, Reply } from '../../src/replies/model.js';
import { type Assumption, assumptionsBlock, caveat, fmt, fromFact, mine, userGiven } from './common.js';

/**
 * /project cost: what a power run for a time, or an energy, costs at a price per kWh ("1 GW for a
 * year at 5 cents"). With no price, the episode's US wholesale and residential prices.
 */

const EXAMPLE = '/project cost load=1GW days=365 price=0.05';

const options = z.object({
  load: z.string().max(60).meta(about('A power run for days=, or an energy: 1GW, 70MW, 500000kWh/day, 8.76TWh', '功率（配合 days=）或电量：1GW、70MW、500000kWh/day、8.76TWh')),
  days: z.number().min(0.01).max(36_500).optional().meta(about('Days a power runs (default 365)', '功率运行的天数（默认 365）')),
  price: z.number().min(0.0001).max(10).optional().meta(about('Electricity price in USD per kWh', '电价（美元/千瓦时）')),
});

type Args = z.output<typeof options>;

function run(args: Args, ctx: CommandContext): Reply {
  const { locale, store } = ctx;
  const parsed = parseConvert(args.load, store.equivalences);
  const converted = parsed.ok && !parsed.value.target ? convert(parsed.value, store.equivalences) : undefined;
  if (!parsed.ok || !converted?.ok || !(converted.value.converted.value > 0)) {
    return errorReply(
      locale,
      'bad-load',
      { en: 'load must be a positive power (1GW, 70MW, 500000kWh/day) or energy (8.76TWh).', zh: 'load 必须是正的功率（1GW、70MW、500000kWh/day）或电量（8.76TWh）。' },
      EXAMPLE,
    );
  }
  const c = converted.value;
  const assumptions: Assumption[] = [{ text: say(locale, `Load: ${args.load}`, `负荷：${args.load}`), origin: userGiven(locale) }];
  let energy: Unit;
  let working: string;
  if (c.dimension === 'power') {
    const days = args.days ?? 365;
    energy = math.multiply(math.unit(c.converted.value, 'W'), math.unit(days, 'day')) as Unit;
    working = `${args.load} × ${fmt(days, locale, 6)} days × 24 h`;
    assumptions.push({
      text: say(
        locale,
        `Running flat out for ${fmt(days, locale, 6)} days${args.days === undefined ? ' (a year of 8,760 hours; change with days=)' : ''}`,
        `满负荷运行 ${fmt(days, locale, 6)} 天${args.days === undefined ? '（一年按 8,760 小时；可用 days= 修改）' : ''}`,
      ),
      origin: args.days === undefined ? mine(say(locale, 'default: a year', '默认：一年')) : userGiven(locale),
    });
  } else {
    energy = math.unit(c.converted.value, 'kWh');
    working = args.load;
  }
  const e = bestUnit(energy, ['Wh', 'kWh', 'MWh', 'GWh', 'TWh', 'PWh']);
  const kwh = energy.toNumber('kWh');
  const figures: Figure[] = [
    {
      label: say(locale, 'Energy', '电量'),
      value: `${fmt(e.value, locale)} ${e.unit}${locale === 'zh' ? `（${fmt(kwh, 'zh')}度）` : ''}`,
      origin: mine(`${working} → ${e.unit}`),
    },
  ];
  const prices: { label: string; usd: number; origin: Origin; note: string }[] = [];
  if (args.price !== undefined) prices.push({ label: say(locale, 'your price', '你给的电价'), usd: args.price, origin: userGiven(locale), note: '' });
  else for (const f of store.presets?.prices ?? []) prices.push({ label: f.label[locale], usd: f.value.value, origin: fromFact(ctx, f), note: caveat(f, locale) });
  for (const p of prices) {
    figures.push({
      label: say(locale, `Cost at ${p.label}, $${p.usd}/kWh`, `按${p.label} ${p.usd} 美元/千瓦时计`),
      value: `$${fmt(energyCost(energy, p.usd), locale)}${p.note}`,
      origin: mine(`${fmt(kwh, locale)} kWh × $${p.usd} (${describeOrigin(p.origin, locale)})`),
    });
  }
  const first = prices[0];
  const cost = first ? energyCost(energy, first.usd) : undefined;
  return {
    kind: 'projection',
    title:
      cost === undefined
        ? say(locale, `${args.load}: ${fmt(e.value, locale)} ${e.unit}`, `${args.load}：${fmt(e.value, locale)} ${e.unit}`)
        : say(
            locale,
            `${args.load}${c.dimension === 'power' ? ` for ${fmt(args.days ?? 365, locale, 6)} days` : ''}: ${fmt(e.value, locale)} ${e.unit}, $${fmt(cost, locale)} at $${first!.usd}/kWh`,
            `${args.load}${c.dimension === 'power' ? ` 运行 ${fmt(args.days ?? 365, locale, 6)} 天` : ''}：${fmt(e.value, locale)} ${e.unit}，按 ${first!.usd} 美元/千瓦时计 ${fmt(cost, locale)} 美元`,
          ),
    blocks: [assumptionsBlock(assumptions, locale), { type: 'figures', figures }],
    actions: [],
    footer: episodeFooter(store, locale),
    data: cost === undefined ? {} : { quantity: { value: cost, unit: 'USD' } },
  };
}

export const cost = defineSubcommand({
  name: 'cost',
  description: { en: 'What a power run for a time, or an energy, costs at a price per kWh', zh: '一段时间的功率或一定电量按每千瓦时电价要花多少钱' },
  options,
  run,
});
