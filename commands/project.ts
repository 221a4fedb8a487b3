import { type Args, type CommandContext, defineCommand } from '../src/command.js';
import type { FactStore } from '../src/facts/store.js';
import { type Locale, say } from '../src/locale.js';
import { buildout, type PlantKind } from '../src/projections/buildout.js';
import { clusterPower, energyCost } from '../src/projections/cluster.js';
import { type FactFigure, factFigure } from '../src/projections/figures.js';
import { doublingForRate, type GrowthLaw, growthTable, rateForDoubling } from '../src/projections/growth.js';
import { bestUnit, countOf } from '../src/quantities/convert.js';
import { formatNumber } from '../src/quantities/format.js';
import { math, type Unit } from '../src/quantities/math.js';
import { parseAmount } from '../src/quantities/parse.js';
import { describeOrigin, episodeFooter, errorReply, speakerOrigin } from '../src/replies/build.js';
import type { Block, Figure, Origin, Reply } from '../src/replies/model.js';

/**
 * Quick projections from the episode's figures. Every assumption is listed first, names its
 * origin, and can be changed with an option; ranges show low, central and high.
 */

const MAX_YEARS = 50;

interface Assumption {
  text: string;
  origin: Origin;
}

function fromFact(store: FactStore, f: FactFigure, locale: Locale): Origin {
  return speakerOrigin(store, f.fact, locale);
}

/** A figure the fact check disputes never appears without the public figure beside it. */
function caveat(f: FactFigure, locale: Locale): string {
  const source = f.fact.verdict === 'consistent' ? undefined : f.fact.context?.sources[0];
  return source ? say(locale, ` (public figure: ${source.figure}; ${source.name}, ${source.year})`, `（公开数据：${source.figure}；${source.name}，${source.year}）`) : '';
}

const mine = (working: string): Origin => ({ kind: 'arithmetic', working });
const userGiven = (locale: Locale): Origin => ({ kind: 'arithmetic', working: say(locale, 'your option', '你给的选项') });

function assumptionsBlock(items: Assumption[], locale: Locale): Block {
  return { type: 'list', title: say(locale, 'Assumptions', '假设'), items: items.map((a) => `${a.text} [${describeOrigin(a.origin, locale)}]`) };
}

/** "2-3", "2–3", "2到3", "0.5~5", "5%" → low/high; a single number gives low = high. */
function parseRange(text: string): { low: number; high: number } | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*%?\s*(?:(?:-|–|~|to|到|至)\s*(\d+(?:\.\d+)?)\s*%?)?\s*$/i.exec(text);
  if (!m) return undefined;
  const low = Number(m[1]);
  const high = m[2] === undefined ? low : Number(m[2]);
  return Number.isFinite(low) && Number.isFinite(high) && low > 0 && high >= low ? { low, high } : undefined;
}

function fmt(n: number, locale: Locale, sig = 3): string {
  return formatNumber(n, locale, sig);
}

// ---------------------------------------------------------------- growth

interface GrowthPreset {
  start: number;
  startUnit: string;
  from: number;
  span: number;
  laws: { label: string; law: GrowthLaw; origin: Origin }[];
  notes: Assumption[];
  compare?: { year: number; text: string; origin: Origin };
}

/** The episode's "doubling every 2–3 years" as three columns: slow end, midpoint, fast end. */
function doublingLaws(doubling: FactFigure, store: FactStore, locale: Locale) {
  const lo = doubling.value.low ?? doubling.value.value;
  const hi = doubling.value.high ?? doubling.value.value;
  const o = fromFact(store, doubling, locale);
  const laws: GrowthPreset['laws'] = [
    { label: say(locale, `doubling every ${hi} yr`, `每 ${hi} 年翻倍`), law: { kind: 'doubling', years: hi }, origin: o },
    { label: say(locale, `every ${(lo + hi) / 2} yr`, `每 ${(lo + hi) / 2} 年`), law: { kind: 'doubling', years: (lo + hi) / 2 }, origin: mine(say(locale, 'midpoint of the range', '区间中点')) },
    { label: say(locale, `every ${lo} yr`, `每 ${lo} 年`), law: { kind: 'doubling', years: lo }, origin: o },
  ];
  return { lo, hi, o, laws };
}

function growthPreset(name: string, ctx: CommandContext): GrowthPreset | undefined {
  const { store, locale } = ctx;
  if (name === 'dc-share') {
    const share = factFigure(store, 'us-dc-share-2.5pct', 'percent');
    const doubling = factFigure(store, 'dc-doubling-2-3yr', 'year');
    const target = factFigure(store, 'dc-share-7.5-10pct', 'percent', 1);
    const { lo, hi, o, laws } = doublingLaws(doubling, store, locale);
    return {
      start: share.value.value,
      startUnit: '%',
      from: share.value.year,
      span: target.value.year - share.value.year,
      laws,
      notes: [
        {
          text:
            say(locale, `US data centres' share of US electricity: ${share.value.value}% in ${share.value.year}`, `${share.value.year} 年美国数据中心用电占比：${share.value.value}%`) +
            caveat(share, locale),
          origin: fromFact(store, share, locale),
        },
        { text: say(locale, `AI electricity use doubling every ${lo}–${hi} years`, `AI 用电每 ${lo}–${hi} 年翻倍`) + caveat(doubling, locale), origin: o },
      ],
      compare: {
        year: target.value.year,
        text: say(
          locale,
          `The episode's own 2030 figure is ${target.value.value}%: doubling every 2–3 years overshoots it, which is why the fact check marks that rate disputed.`,
          `节目自己给出的 2030 年数字是 ${target.value.value}%：每 2–3 年翻倍会远超这个数，所以核查把该增速标为存在争议。`,
        ),
        origin: fromFact(store, target, locale),
      },
    };
  }
  if (name === 'us-demand') {
    const past = factFigure(store, 'us-demand-growth-0.5pct', 'percent/year');
    const ahead = factFigure(store, 'us-growth-to-5pct', 'percent/year');
    const mid = (past.value.value + ahead.value.value) / 2;
    return {
      start: 100,
      startUnit: say(locale, '(index, today = 100)', '（指数，今天 = 100）'),
      from: past.value.year + 1,
      span: 10,
      laws: [
        { label: say(locale, `${past.value.value}%/yr (past)`, `${past.value.value}%/年（过去）`), law: { kind: 'rate', percentPerYear: past.value.value }, origin: fromFact(store, past, locale) },
        { label: say(locale, `${mid}%/yr`, `${mid}%/年`), law: { kind: 'rate', percentPerYear: mid }, origin: mine(say(locale, 'midpoint', '中点')) },
        {
          label: say(locale, `${ahead.value.value}%/yr (forecast)`, `${ahead.value.value}%/年（预测）`),
          law: { kind: 'rate', percentPerYear: ahead.value.value },
          origin: fromFact(store, ahead, locale),
        },
      ],
      notes: [
        { text: say(locale, `US demand grew about ${past.value.value}% a year`, `美国用电需求过去每年约增长 ${past.value.value}%`) + caveat(past, locale), origin: fromFact(store, past, locale) },
        { text: say(locale, `Forecast: about ${ahead.value.value}% a year`, `预测：每年约 ${ahead.value.value}%`) + caveat(ahead, locale), origin: fromFact(store, ahead, locale) },
      ],
    };
  }
  if (name === 'dc-load') {
    const load = factFigure(store, 'bcg-45gw-2030', 'GW');
    const doubling = factFigure(store, 'dc-doubling-2-3yr', 'year');
    const upside = factFigure(store, 'dc-80gw-possible', 'GW');
    const { lo, hi, o, laws } = doublingLaws(doubling, store, locale);
    return {
      start: load.value.value,
      startUnit: 'GW',
      from: load.value.year,
      span: 5,
      laws,
      notes: [
        {
          text: say(locale, `US data-centre load by ${load.value.year}: ${load.value.value} GW (BCG, as quoted)`, `${load.value.year} 年美国数据中心负荷：${load.value.value} GW（援引 BCG）`),
          origin: fromFact(store, load, locale),
        },
        { text: say(locale, `The episode calls ${upside.value.value} GW quite possible`, `节目认为 ${upside.value.value} GW 很有可能`), origin: fromFact(store, upside, locale) },
        { text: say(locale, `Doubling every ${lo}–${hi} years`, `每 ${lo}–${hi} 年翻倍`) + caveat(doubling, locale), origin: o },
      ],
    };
  }
  return undefined;
}

function runGrowth(args: Args, ctx: CommandContext): Reply {
  const { locale, store } = ctx;
  const example = '/project growth preset=dc-share';
  const preset = args['preset'] !== undefined ? growthPreset(String(args['preset']), ctx) : undefined;
  if (args['preset'] !== undefined && !preset) {
    return errorReply(
      locale,
      'unknown-preset',
      {
        en: `No growth preset "${String(args['preset']).slice(0, 30)}". Presets: dc-share, dc-load, us-demand.`,
        zh: `没有名为“${String(args['preset']).slice(0, 30)}”的增长预设。可用：dc-share、dc-load、us-demand。`,
      },
      example,
    );
  }
  const assumptions: Assumption[] = [...(preset?.notes ?? [])];
  let start = preset?.start;
  let unit = preset?.startUnit ?? '';
  if (args['start'] !== undefined) {
    const text = String(args['start']).trim();
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
        en: 'Give a start value (start=45GW) and a rate (rate=5) or doubling time (doubling=2-3), or use a preset: dc-share, dc-load, us-demand.',
        zh: '请给出起点（start=45GW）和增速（rate=5）或翻倍时间（doubling=2-3），或使用预设：dc-share、dc-load、us-demand。',
      },
      example,
    );
  }
  let laws = preset?.laws ?? [];
  for (const key of ['rate', 'doubling'] as const) {
    if (args[key] === undefined) continue;
    const range = parseRange(String(args[key]));
    if (!range || range.high > (key === 'rate' ? 1000 : 1000)) {
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
    const label = (x: number) => (key === 'rate' ? say(locale, `${x}%/yr`, `${x}%/年`) : say(locale, `doubling every ${x} yr`, `每 ${x} 年翻倍`));
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
  const span = args['years'] !== undefined ? Number(args['years']) : (preset?.span ?? 10);
  const from = args['from'] !== undefined ? Number(args['from']) : (preset?.from ?? ctx.now().getUTCFullYear());
  if (span < 1 || span > MAX_YEARS)
    return errorReply(locale, 'bad-years', { en: `years must be between 1 and ${MAX_YEARS}.`, zh: `years 必须在 1 到 ${MAX_YEARS} 之间。` }, '/project growth preset=us-demand years=10');

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
  if (preset?.compare) blocks.push({ type: 'text', text: `${preset.compare.text} [${describeOrigin(preset.compare.origin, locale)}]` });
  return {
    kind: 'projection',
    title: say(locale, `Growth to ${last.year}: ${last.values.map((v) => `${fmt(v, locale)}${u}`).join(' / ')}`, `到 ${last.year} 年：${last.values.map((v) => `${fmt(v, locale)}${u}`).join(' / ')}`),
    blocks,
    actions: [],
    footer: episodeFooter(store, locale),
    data: {},
  };
}

// ---------------------------------------------------------------- cluster

interface ClusterPreset {
  gpus: number;
  watts: number;
  days: number;
  daysOrigin: Origin;
  notes: Assumption[];
}

function clusterPreset(name: string, ctx: CommandContext): ClusterPreset | undefined {
  const { store, locale } = ctx;
  const gtc = (factId: string, nth: number) => {
    const gpus = factFigure(store, factId, 'GPU');
    const power = factFigure(store, factId, 'MW', nth);
    const days = factFigure(store, 'blackwell-hopper-15mw', 'day');
    const o = fromFact(store, power, locale);
    return {
      gpus: gpus.value.value,
      watts: (power.value.value * 1e6) / gpus.value.value,
      days: days.value.value,
      daysOrigin: fromFact(store, days, locale),
      notes: [
        {
          text: say(
            locale,
            `${fmt(gpus.value.value, locale, 6)} GPUs drawing ${power.value.value} MW in all, for ${days.value.value} days (Nvidia GTC 2024)`,
            `${fmt(gpus.value.value, locale, 6)} 块 GPU，共 ${power.value.value} 兆瓦，运行 ${days.value.value} 天（英伟达 GTC 2024）`,
          ),
          origin: o,
        },
        {
          text: say(
            locale,
            `So ${fmt((power.value.value * 1e6) / gpus.value.value, locale)} W per GPU, all-in; PUE 1`,
            `即每块 GPU ${fmt((power.value.value * 1e6) / gpus.value.value, locale)} 瓦（含全部开销）；PUE 取 1`,
          ),
          origin: mine(`${power.value.value} MW ÷ ${gpus.value.value}`),
        },
      ],
    };
  };
  if (name === 'h100-100k') {
    const gpus = factFigure(store, 'h100-100k-70mw', 'GPU');
    const h100 = store.equivalences.find((e) => e.id === 'h100');
    if (!h100) return undefined;
    return {
      gpus: gpus.value.value,
      watts: h100.amount,
      days: 365,
      daysOrigin: mine(say(locale, 'default: a year', '默认：一年')),
      notes: [
        { text: say(locale, `${fmt(gpus.value.value, locale, 6)} H100s`, `${fmt(gpus.value.value, locale, 6)} 块 H100`), origin: fromFact(store, gpus, locale) },
        {
          text: say(locale, `${h100.amount} W each (H100 SXM TDP, GPU only)`, `每块 ${h100.amount} 瓦（H100 SXM 额定功耗，仅 GPU）`),
          origin: { kind: 'public', source: h100.source ?? '', year: store.byId.get(h100.fact)?.context?.sources.find((s) => s.name === h100.source)?.year ?? 2024 },
        },
      ],
    };
  }
  if (name === 'hopper-gtc') return gtc('blackwell-hopper-15mw', 0);
  if (name === 'blackwell-gtc') return gtc('blackwell-2000-4mw', 0);
  return undefined;
}

function positive(args: Args, key: string): number | undefined | null {
  if (args[key] === undefined) return undefined;
  const n = Number(args[key]);
  return Number.isFinite(n) && n > 0 ? n : null;
}

function runCluster(args: Args, ctx: CommandContext): Reply {
  const { locale, store } = ctx;
  const example = '/project cluster gpus=100000 watts=700 pue=1.3';
  const preset = args['preset'] !== undefined ? clusterPreset(String(args['preset']), ctx) : undefined;
  if (args['preset'] !== undefined && !preset) {
    return errorReply(
      locale,
      'unknown-preset',
      {
        en: `No cluster preset "${String(args['preset']).slice(0, 30)}". Presets: h100-100k, hopper-gtc, blackwell-gtc.`,
        zh: `没有名为“${String(args['preset']).slice(0, 30)}”的集群预设。可用：h100-100k、hopper-gtc、blackwell-gtc。`,
      },
      '/project cluster preset=h100-100k',
    );
  }
  const opts: Record<string, number | undefined> = {};
  for (const key of ['gpus', 'watts', 'pue', 'days', 'price']) {
    const v = positive(args, key);
    if (v === null) return errorReply(locale, 'bad-option', { en: `${key} must be a positive number.`, zh: `${key} 必须是正数。` }, example);
    opts[key] = v;
  }
  const assumptions: Assumption[] = [...(preset?.notes ?? [])];
  const gpus = opts['gpus'] ?? preset?.gpus;
  if (gpus === undefined)
    return errorReply(
      locale,
      'missing-gpus',
      { en: 'How many GPUs? Give gpus=…, or a preset: h100-100k, hopper-gtc, blackwell-gtc.', zh: '多少块 GPU？请给出 gpus=…，或使用预设：h100-100k、hopper-gtc、blackwell-gtc。' },
      example,
    );
  const h100 = store.equivalences.find((e) => e.id === 'h100');
  const watts = opts['watts'] ?? preset?.watts ?? h100?.amount ?? 700;
  const pue = opts['pue'] ?? 1;
  const days = opts['days'] ?? preset?.days ?? 365;
  if (opts['gpus'] !== undefined) assumptions.push({ text: say(locale, `${fmt(gpus, locale, 9)} GPUs`, `${fmt(gpus, locale, 9)} 块 GPU`), origin: userGiven(locale) });
  if (opts['watts'] !== undefined) assumptions.push({ text: say(locale, `${fmt(watts, locale, 6)} W per GPU`, `每块 ${fmt(watts, locale, 6)} 瓦`), origin: userGiven(locale) });
  else if (!preset)
    assumptions.push({
      text: say(locale, `${watts} W per GPU (an H100's TDP; change with watts=)`, `每块 ${watts} 瓦（H100 额定功耗；可用 watts= 修改）`),
      origin: { kind: 'public', source: h100?.source ?? 'H100 TDP', year: 2024 },
    });
  assumptions.push({
    text: say(
      locale,
      `PUE ${pue}${opts['pue'] === undefined ? ' (GPUs only, as the episode counts; a whole facility is nearer 1.2–2; change with pue=)' : ''}`,
      `PUE ${pue}${opts['pue'] === undefined ? '（只算 GPU，与节目口径一致；整座设施约 1.2–2；可用 pue= 修改）' : ''}`,
    ),
    origin: opts['pue'] === undefined ? mine(say(locale, 'default', '默认值')) : userGiven(locale),
  });
  assumptions.push({
    text: say(locale, `Running flat out for ${fmt(days, locale, 6)} days`, `满负荷运行 ${fmt(days, locale, 6)} 天`),
    origin: opts['days'] !== undefined ? userGiven(locale) : (preset?.daysOrigin ?? mine(say(locale, 'default: a year', '默认：一年'))),
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
  if (opts['price'] !== undefined) prices.push({ label: say(locale, 'your price', '你给的电价'), usd: opts['price'], origin: userGiven(locale), note: '' });
  else {
    for (const [id, label] of [
      ['us-wholesale-3-5c', say(locale, 'US wholesale', '美国批发电价')],
      ['us-residential-10c', say(locale, 'US residential', '美国居民电价')],
    ] as const) {
      const f = factFigure(store, id, 'USD/kWh');
      prices.push({
        label,
        usd: f.value.value,
        ...(f.value.low !== undefined && { low: f.value.low }),
        ...(f.value.high !== undefined && { high: f.value.high }),
        origin: fromFact(store, f, locale),
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
  };
}

// ---------------------------------------------------------------- build-out

function plantKinds(store: FactStore, locale: Locale): { kind: PlantKind; label: string; origin: Origin; note: string }[] {
  const nuclear = factFigure(store, 'cf-nuclear-93', 'percent');
  const wind = factFigure(store, 'cf-wind-40', 'percent');
  const solar = factFigure(store, 'cf-solar-25', 'percent');
  const helion = factFigure(store, 'helion-msft-50mw-2028', 'MW');
  return [
    {
      kind: { id: 'helion', sizeW: helion.value.value * 1e6, capacityFactor: nuclear.value.value / 100 },
      label: say(locale, `Helion plant (${helion.value.value} MW; CF assumed as nuclear's)`, `Helion 电站（${helion.value.value} 兆瓦；容量因子按核电假设）`),
      origin: fromFact(store, helion, locale),
      note: caveat(helion, locale),
    },
    {
      kind: { id: 'nuclear', sizeW: 1e9, capacityFactor: nuclear.value.value / 100 },
      label: say(locale, '1 GW nuclear', '1 GW 核电'),
      origin: fromFact(store, nuclear, locale),
      note: caveat(nuclear, locale),
    },
    { kind: { id: 'wind', sizeW: 1e9, capacityFactor: wind.value.value / 100 }, label: say(locale, '1 GW of wind', '1 GW 风电'), origin: fromFact(store, wind, locale), note: caveat(wind, locale) },
    {
      kind: { id: 'solar', sizeW: 1e9, capacityFactor: solar.value.value / 100 },
      label: say(locale, '1 GW of solar', '1 GW 光伏'),
      origin: fromFact(store, solar, locale),
      note: caveat(solar, locale),
    },
  ];
}

function runBuildout(args: Args, ctx: CommandContext): Reply {
  const { locale, store } = ctx;
  const example = '/project buildout load=45GW';
  let load: Unit;
  const assumptions: Assumption[] = [];
  if (args['load'] === undefined) {
    const bcg = factFigure(store, 'bcg-45gw-2030', 'GW');
    load = math.unit(bcg.value.value, 'GW');
    assumptions.push({
      text: say(locale, `Load: ${bcg.value.value} GW, US data centres by ${bcg.value.year} (change with load=)`, `负荷：${bcg.value.value} GW，${bcg.value.year} 年美国数据中心（可用 load= 修改）`),
      origin: fromFact(store, bcg, locale),
    });
  } else {
    const amount = parseAmount(String(args['load']));
    if (!amount.ok || amount.value.dimension !== 'power' || !(amount.value.value > 0)) {
      return errorReply(
        locale,
        'bad-load',
        { en: 'load must be a positive power or yearly energy, such as 45GW, 70MW or 390TWh/year.', zh: 'load 必须是正的功率或年用电量，例如 45GW、70MW 或 390TWh/year。' },
        example,
      );
    }
    load = math.unit(amount.value.value, amount.value.unit);
    assumptions.push({ text: say(locale, `Load: ${String(args['load'])} (average)`, `负荷：${String(args['load'])}（平均）`), origin: userGiven(locale) });
  }
  let kinds = plantKinds(store, locale);
  if (args['kind'] !== undefined) kinds = kinds.filter((k) => k.kind.id === args['kind']);
  const cf = positive(args, 'cf');
  if (cf === null || (cf !== undefined && cf > 100))
    return errorReply(
      locale,
      'bad-cf',
      { en: 'cf is a capacity factor in percent, between 0 and 100.', zh: 'cf 是容量因子（百分比），介于 0 到 100 之间。' },
      '/project buildout load=45GW kind=wind cf=34',
    );
  if (cf !== undefined) kinds = kinds.map((k) => ({ ...k, kind: { ...k.kind, capacityFactor: cf / 100 }, origin: userGiven(locale), note: '' }));
  for (const k of kinds) assumptions.push({ text: `${k.label}: ${say(locale, 'capacity factor', '容量因子')} ${fmt(k.kind.capacityFactor * 100, locale)}%${k.note}`, origin: k.origin });
  assumptions.push({
    text: say(locale, 'Plants needed = load ÷ capacity factor ÷ plant size (energy over a year, not peak cover or storage)', '所需电站数 = 负荷 ÷ 容量因子 ÷ 单站规模（按全年电量，不含调峰与储能）'),
    origin: mine('load / CF / size'),
  });
  const rows = buildout(
    load.toNumber('W'),
    kinds.map((k) => k.kind),
  );
  const gw = (w: number) => `${fmt(w / 1e9, locale)} GW`;
  return {
    kind: 'projection',
    title: say(locale, `Covering ${fmt(load.toNumber('GW'), locale)} GW of average load`, `覆盖 ${fmt(load.toNumber('GW'), locale)} GW 平均负荷`),
    blocks: [
      assumptionsBlock(assumptions, locale),
      {
        type: 'table',
        columns: [say(locale, 'Plant', '电站'), 'CF', say(locale, 'Nameplate needed', '所需装机'), say(locale, 'Plants', '座数')],
        rows: rows.map((r, i) => [kinds[i]!.label, `${fmt(r.kind.capacityFactor * 100, locale)}%`, gw(r.nameplateW), fmt(r.plants, locale)]),
      },
      {
        type: 'text',
        text: say(
          locale,
          'A lower capacity factor means more nameplate for the same energy: the same load needs 3.7× as much solar (25%) as nuclear (93%).',
          '容量因子越低，同样电量所需装机越多：同样负荷所需光伏（25%）装机是核电（93%）的 3.7 倍。',
        ),
      },
    ],
    actions: [],
    footer: episodeFooter(store, locale),
    data: {},
  };
}

export const project = defineCommand({
  name: 'project',
  description: { en: 'Quick projections from the episode: growth, GPU clusters, power-plant build-outs', zh: '基于节目数据的快速推算：增长、GPU 集群、电站建设' },
  options: [],
  subcommands: [
    {
      name: 'growth',
      description: { en: 'Compound growth by year, from a rate or a doubling time', zh: '按增速或翻倍时间逐年复利推算' },
      options: [
        {
          name: 'preset',
          description: { en: "The episode's cases: dc-share, dc-load, us-demand", zh: '节目中的情形：dc-share、dc-load、us-demand' },
          type: 'string',
          required: false,
          choices: [
            { name: 'US data-centre share, doubling 2–3 yr', value: 'dc-share' },
            { name: 'US data-centre load from 45 GW', value: 'dc-load' },
            { name: 'US demand, 0.5%/yr vs 5%/yr', value: 'us-demand' },
          ],
        },
        { name: 'start', description: { en: 'Start value, e.g. 45GW or 2.5%', zh: '起始值，例如 45GW 或 2.5%' }, type: 'string', required: false, maxLength: 40 },
        { name: 'rate', description: { en: 'Percent a year, or a range like 0.5-5', zh: '每年增速（%），或区间如 0.5-5' }, type: 'string', required: false, maxLength: 20 },
        { name: 'doubling', description: { en: 'Doubling time in years, or a range like 2-3', zh: '翻倍时间（年），或区间如 2-3' }, type: 'string', required: false, maxLength: 20 },
        { name: 'years', description: { en: 'How many years to project (1–50)', zh: '推算年数（1–50）' }, type: 'integer', required: false, minValue: 1, maxValue: MAX_YEARS },
        { name: 'from', description: { en: 'First year of the table', zh: '起始年份' }, type: 'integer', required: false, minValue: 1900, maxValue: 2100 },
      ],
    },
    {
      name: 'cluster',
      description: { en: 'GPUs × watts × PUE → MW, energy, homes and cost', zh: 'GPU 数 × 功耗 × PUE → 功率、电量、家庭数与电费' },
      options: [
        {
          name: 'preset',
          description: { en: 'h100-100k, hopper-gtc or blackwell-gtc', zh: 'h100-100k、hopper-gtc 或 blackwell-gtc' },
          type: 'string',
          required: false,
          choices: [
            { name: '100,000 H100s', value: 'h100-100k' },
            { name: 'GTC: 8,000 Hopper, 15 MW, 90 days', value: 'hopper-gtc' },
            { name: 'GTC: 2,000 Blackwell, 4 MW, 90 days', value: 'blackwell-gtc' },
          ],
        },
        { name: 'gpus', description: { en: 'Number of GPUs', zh: 'GPU 数量' }, type: 'integer', required: false, minValue: 1, maxValue: 100_000_000 },
        { name: 'watts', description: { en: 'Watts per GPU (default 700, an H100)', zh: '每块 GPU 功耗（瓦，默认 700，即 H100）' }, type: 'number', required: false, minValue: 1, maxValue: 100_000 },
        { name: 'pue', description: { en: 'Facility overhead (PUE), default 1 = GPUs only', zh: '机房能效（PUE），默认 1 = 只算 GPU' }, type: 'number', required: false, minValue: 1, maxValue: 5 },
        { name: 'days', description: { en: 'Days running (default 365)', zh: '运行天数（默认 365）' }, type: 'number', required: false, minValue: 0.01, maxValue: 36_500 },
        { name: 'price', description: { en: 'Electricity price in USD per kWh', zh: '电价（美元/千瓦时）' }, type: 'number', required: false, minValue: 0.0001, maxValue: 10 },
      ],
    },
    {
      name: 'buildout',
      description: { en: 'How many plants (Helion, nuclear, wind, solar) cover a load', zh: '需要多少座电站（Helion、核电、风电、光伏）覆盖负荷' },
      options: [
        {
          name: 'load',
          description: { en: 'Average load, e.g. 45GW or 390TWh/year (default: 45 GW)', zh: '平均负荷，例如 45GW 或 390TWh/year（默认 45 GW）' },
          type: 'string',
          required: false,
          maxLength: 40,
        },
        {
          name: 'kind',
          description: { en: 'One kind of plant only', zh: '只看一种电站' },
          type: 'string',
          required: false,
          choices: [
            { name: 'Helion 50 MW', value: 'helion' },
            { name: 'Nuclear 1 GW', value: 'nuclear' },
            { name: 'Wind 1 GW', value: 'wind' },
            { name: 'Solar 1 GW', value: 'solar' },
          ],
        },
        { name: 'cf', description: { en: 'Capacity factor in percent, to override', zh: '容量因子（%），覆盖默认值' }, type: 'number', required: false, minValue: 0.1, maxValue: 100 },
      ],
    },
  ],
  examples: [
    { line: '/project growth preset=dc-share', description: { en: "The episode's 2.5% share doubling every 2–3 years", zh: '节目中 2.5% 占比每 2–3 年翻倍' } },
    { line: '/project growth start=45GW doubling=2-3 years=6', description: { en: 'Your own start and doubling time', zh: '自定起点与翻倍时间' } },
    { line: '/project cluster preset=h100-100k', description: { en: '100,000 H100s: power, energy, homes, cost', zh: '10 万块 H100：功率、电量、家庭数、电费' } },
    { line: '/project cluster gpus=20000 watts=1000 pue=1.3 days=90 price=0.08', description: { en: 'Your own cluster', zh: '自定集群' } },
    { line: '/project buildout load=45GW', description: { en: 'Plants to cover 45 GW', zh: '覆盖 45 GW 需要多少电站' } },
  ],
  run(args, ctx, subcommand) {
    if (subcommand === 'growth') return runGrowth(args, ctx);
    if (subcommand === 'cluster') return runCluster(args, ctx);
    return runBuildout(args, ctx);
  },
});
