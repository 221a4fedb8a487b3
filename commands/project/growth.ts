import * as z from 'zod';
import { type CommandContext, defineSubcommand } from '../../src/dispatch/command.js';
import { about } from '../../src/dispatch/options.js';
import type { GrowthPreset } from '../../src/facts/presets.js';
import { type Locale, say } from '../../src/locale.js';
import { doublingForRate, type GrowthLaw, growthTable, rateForDoubling } from '../../src/projections/growth.js';
import { parseAmount } from '../../src/quantities/parse.js';
import { describeOrigin, episodeFooter, errorReply } from '../../src/replies/build.js';
import { growthChart } from '../../src/replies/charts/growth.js';
import { chartSource } from '../../src/replies/charts/source.js';
import type { Block, Origin, Reply } from '../../src/replies/model.js';
import { type Assumption, assumptionsBlock, caveat, figureVars, fill, fmt, fromFact, mine, parseRange, unknownPreset, userGiven } from './common.js';

/** /project growth: compound growth by year, from a preset (facts/presets.yaml) or the user's own start and rate. */

const MAX_YEARS = 50;
const EXAMPLE = '/project growth preset=dc-share';

interface Law {
  label: string;
  law: GrowthLaw;
  origin: Origin;
}

interface Plan {
  start: number;
  unit: string;
  from: number;
  span: number;
  laws: Law[];
  notes: Assumption[];
  compare?: { text: string; origin: Origin };
  /** The episode's own figure for a year the table reaches, marked on the chart. */
  target?: { year: number; value: number; provenance: string };
  /** What the preset projects, for the chart's title ("US data-centre share, doubling 2–3 yr"). */
  choice?: string;
}

function doublingLabel(years: number, locale: Locale): string {
  return say(locale, `doubling every ${years} yr`, `每 ${years} 年翻倍`);
}

/** A preset with its figures read off the store: the episode's numbers, in the answer's language. */
function planOf(p: GrowthPreset, ctx: CommandContext): Plan {
  const { locale } = ctx;
  const f = p.resolved;
  const vars = figureVars(f, locale);
  const notes = p.notes.map((n) => {
    const fig = n.figure ? f[n.figure] : undefined;
    return { text: fill(n.text, locale, vars) + (fig ? caveat(fig, locale) : ''), origin: fig ? fromFact(ctx, fig) : mine(n.worked ?? '') };
  });
  let laws: Law[];
  if ('doubling' in p.laws) {
    const d = f[p.laws.doubling]!;
    const lo = d.value.low ?? d.value.value;
    const hi = d.value.high ?? d.value.value;
    const o = fromFact(ctx, d);
    laws = [
      { label: doublingLabel(hi, locale), law: { kind: 'doubling', years: hi }, origin: o },
      { label: say(locale, `every ${(lo + hi) / 2} yr`, `每 ${(lo + hi) / 2} 年`), law: { kind: 'doubling', years: (lo + hi) / 2 }, origin: mine(say(locale, 'midpoint of the range', '区间中点')) },
      { label: say(locale, `every ${lo} yr`, `每 ${lo} 年`), law: { kind: 'doubling', years: lo }, origin: o },
    ];
  } else {
    const named = p.laws.rates.flatMap((r) => (r.figure ? [f[r.figure]!.value.value] : []));
    const mid = named.reduce((a, b) => a + b, 0) / Math.max(1, named.length);
    laws = p.laws.rates.map((r) => {
      const fig = r.figure ? f[r.figure]! : undefined;
      const rate = fig ? fig.value.value : mid;
      return {
        label: fill(r.label, locale, { ...vars, rate: fmt(rate, locale, 6) }),
        law: { kind: 'rate', percentPerYear: rate },
        origin: fig ? fromFact(ctx, fig) : mine(say(locale, 'midpoint', '中点')),
      };
    });
  }
  const startFig = 'figure' in p.start ? f[p.start.figure]! : undefined;
  const from = f[p.from.year_of]!.value.year + (p.from.plus ?? 0);
  const span = 'years' in p.span ? p.span.years : f[p.span.until_year_of]!.value.year - startFig!.value.year;
  const compareFig = p.compare ? f[p.compare.figure] : undefined;
  const compare = p.compare && compareFig ? { text: fill(p.compare.text, locale, vars), origin: fromFact(ctx, compareFig) } : undefined;
  const target = compareFig ? { year: compareFig.value.year, value: compareFig.value.value, provenance: describeOrigin(fromFact(ctx, compareFig), locale) + caveat(compareFig, locale) } : undefined;
  return {
    start: startFig ? startFig.value.value : 'index' in p.start ? p.start.index : 0,
    unit: p.unit[locale],
    from,
    span,
    laws,
    notes,
    choice: p.choice,
    ...(compare && { compare }),
    ...(target && { target }),
  };
}

const options = z.object({
  preset: z
    .string()
    .max(30)
    .optional()
    .meta(about("The episode's cases: dc-share, dc-load, us-demand", '节目中的情形：dc-share、dc-load、us-demand', { autocomplete: 'growth-preset' })),
  start: z.string().max(40).optional().meta(about('Start value, e.g. 45GW or 2.5%', '起始值，例如 45GW 或 2.5%')),
  rate: z.string().max(20).optional().meta(about('Percent a year, or a range like 0.5-5', '每年增速（%），或区间如 0.5-5')),
  doubling: z.string().max(20).optional().meta(about('Doubling time in years, or a range like 2-3', '翻倍时间（年），或区间如 2-3')),
  years: z.int().min(1).max(MAX_YEARS).optional().meta(about('How many years to project (1–50)', '推算年数（1–50）')),
  from: z.int().min(1900).max(2100).optional().meta(about('First year of the table', '起始年份')),
});

type Args = z.output<typeof options>;

function run(args: Args, ctx: CommandContext): Reply {
  const { locale, store } = ctx;
  const presets = store.presets?.growth ?? [];
  const found = args.preset !== undefined ? presets.find((p) => p.id === args.preset) : undefined;
  if (args.preset !== undefined && !found)
    return unknownPreset(
      ctx,
      'growth',
      args.preset,
      presets.map((p) => p.id),
      EXAMPLE,
    );
  const plan = found ? planOf(found, ctx) : undefined;
  const presetIds = presets.map((p) => p.id).join(', ');
  const assumptions: Assumption[] = [...(plan?.notes ?? [])];
  let start = plan?.start;
  let unit = plan?.unit ?? '';
  if (args.start !== undefined) {
    const text = args.start;
    const plain = /^(\d+(?:\.\d+)?)\s*(%?)$/.exec(text);
    if (plain) {
      start = Number(plain[1]);
      unit = plain[2] ? '%' : '';
    } else {
      const amount = parseAmount(text);
      if (!amount.ok)
        return errorReply(
          locale,
          'bad-start',
          {
            en: `"${text.slice(0, 40)}" is not a starting value; give a number with an optional unit, like 45 GW or 2.5%.`,
            zh: `“${text.slice(0, 40)}”不是有效的起始值；请写数字加可选单位，例如 45 GW 或 2.5%。`,
          },
          '/project growth start=45GW doubling=2-3 years=6',
        );
      start = amount.value.value;
      unit = amount.value.display;
    }
    assumptions.push({ text: say(locale, `Start: ${fmt(start, locale, 6)} ${unit}`, `起点：${fmt(start, locale, 6)} ${unit}`), origin: userGiven(locale) });
  }
  if (start === undefined || !(start > 0)) {
    return errorReply(
      locale,
      'missing-start',
      {
        en: `Give a start value (start=45GW) and a rate (rate=5) or doubling time (doubling=2-3), or use a preset: ${presetIds}.`,
        zh: `请给出起点（start=45GW）和增速（rate=5）或翻倍时间（doubling=2-3），或使用预设：${presetIds.replaceAll(', ', '、')}。`,
      },
      EXAMPLE,
    );
  }
  let laws = plan?.laws ?? [];
  for (const key of ['rate', 'doubling'] as const) {
    const given = args[key];
    if (given === undefined) continue;
    const range = parseRange(given);
    if (!range || range.high > 1000) {
      return errorReply(
        locale,
        'bad-range',
        {
          en: `${key} must be a positive number or range such as ${key === 'rate' ? '5 or 0.5-5 (percent a year)' : '2-3 (years)'}.`,
          zh: `${key} 必须是正数或区间，例如 ${key === 'rate' ? '5 或 0.5-5（每年百分比）' : '2-3（年）'}。`,
        },
        key === 'rate' ? '/project growth start=100 rate=0.5-5 years=10' : '/project growth start=45GW doubling=2-3 years=6',
      );
    }
    const make = (x: number): GrowthLaw => (key === 'rate' ? { kind: 'rate', percentPerYear: x } : { kind: 'doubling', years: x });
    const label = (x: number) => (key === 'rate' ? say(locale, `${x}%/yr`, `${x}%/年`) : doublingLabel(x, locale));
    const points = range.low === range.high ? [range.low] : key === 'rate' ? [range.low, (range.low + range.high) / 2, range.high] : [range.high, (range.low + range.high) / 2, range.low];
    laws = points.map((x) => ({ label: label(x), law: make(x), origin: userGiven(locale) }));
  }
  if (laws.length === 0)
    return errorReply(
      locale,
      'missing-rate',
      { en: 'Give a growth rate (rate=5, percent a year) or a doubling time (doubling=2-3, years).', zh: '请给出增速（rate=5，每年百分比）或翻倍时间（doubling=2-3，年）。' },
      '/project growth start=45GW doubling=2-3 years=6',
    );
  const span = args.years ?? plan?.span ?? 10;
  const from = args.from ?? plan?.from ?? ctx.now().getUTCFullYear();

  for (const l of laws) {
    const equiv =
      l.law.kind === 'rate'
        ? say(locale, `doubling every ${fmt(doublingForRate(l.law.percentPerYear), locale)} years`, `约每 ${fmt(doublingForRate(l.law.percentPerYear), locale)} 年翻倍`)
        : say(locale, `${fmt(rateForDoubling(l.law.years), locale)}% a year`, `每年 ${fmt(rateForDoubling(l.law.years), locale)}%`);
    assumptions.push({ text: `${l.label} (= ${equiv})`, origin: l.origin });
  }
  assumptions.push({
    text: say(locale, `From ${from}, ${span} years, compounding once a year`, `从 ${from} 年起 ${span} 年，按年复利`),
    origin: mine(say(locale, 'value × (1 + r)^t or value × 2^(t / doubling)', '数值 × (1 + r)^t 或 数值 × 2^(t / 翻倍时间)')),
  });

  const rows = growthTable(
    start,
    laws.map((l) => l.law),
    from,
    span,
  );
  const last = rows.at(-1)!;
  const u = unit === '%' ? '%' : unit ? ` ${unit}` : '';
  const blocks: Block[] = [
    assumptionsBlock(assumptions, locale),
    {
      type: 'table',
      title: say(locale, 'By year', '逐年'),
      columns: [say(locale, 'Year', '年份'), ...laws.map((l) => l.label)],
      rows: rows.map((r) => [String(r.year), ...r.values.map((v) => `${fmt(v, locale)}${u}`)]),
    },
  ];
  if (plan?.compare) blocks.push({ type: 'text', text: `${plan.compare.text} [${describeOrigin(plan.compare.origin, locale)}]` });
  const startText = `${fmt(start, locale, 6)}${u}`;
  const chart = growthChart({
    locale,
    title:
      plan?.choice && locale === 'en'
        ? `${plan.choice}, ${from}–${last.year}`
        : say(locale, `Compound growth from ${startText}, ${from}–${last.year}`, `从 ${startText} 起复利增长，${from}–${last.year} 年`),
    source: chartSource(store, locale),
    measure: say(locale, 'Projected value', '推算值'),
    unit,
    years: rows.map((r) => r.year),
    // Slowest first, as the table's columns are.
    scenarios: laws.map((l, i) => ({ label: l.label, values: rows.map((r) => r.values[i]!), provenance: describeOrigin(l.origin, locale) })),
    ...(plan?.target && { target: { ...plan.target, label: say(locale, `The episode's own ${plan.target.year} figure`, `节目自己的 ${plan.target.year} 年数字`) } }),
  });
  return {
    kind: 'projection',
    title: say(locale, `Growth to ${last.year}: ${last.values.map((v) => `${fmt(v, locale)}${u}`).join(' / ')}`, `到 ${last.year} 年：${last.values.map((v) => `${fmt(v, locale)}${u}`).join(' / ')}`),
    blocks,
    actions: [],
    footer: episodeFooter(store, locale),
    data: {},
    chart,
  };
}

export const growth = defineSubcommand({
  name: 'growth',
  description: { en: 'Compound growth by year, from a rate or a doubling time', zh: '按增速或翻倍时间逐年复利推算' },
  options,
  run,
});
