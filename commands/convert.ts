import * as z from 'zod';
import { type CommandContext, defineCommand } from '../src/dispatch/command.js';
import { about } from '../src/dispatch/options.js';
import type { Equivalence } from '../src/facts/schema.js';
import { type Locale, pick, say } from '../src/locale.js';
import { type ConvertFailure, convert, type ResultLine } from '../src/quantities/convert.js';
import { formatNumber, typedSignificantDigits } from '../src/quantities/format.js';
import { type ConvertRequest, parseConvert, type QuantityError } from '../src/quantities/parse.js';
import { episodeFooter, errorReply } from '../src/replies/build.js';
import type { Figure, Reply } from '../src/replies/model.js';
import { equivalenceOrigin } from '../src/replies/yardstick.js';

const EXAMPLE = '/convert 500000 kWh/day to MW';

/**
 * The user's own line with one unit word put right ("70 mw for 90 days" → "/convert 70 MW for 90
 * days"), offered only if it then converts cleanly.
 */
function corrected(raw: string, typed: string, meant: string | undefined, equivalences: readonly Equivalence[]): string | undefined {
  if (!meant || !typed) return undefined;
  const fixed = raw.replace(new RegExp(`(?<![A-Za-z])${typed.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z])`), meant);
  if (fixed === raw || fixed.length > 120) return undefined;
  const parsed = parseConvert(fixed, equivalences);
  return parsed.ok && convert(parsed.value, equivalences).ok ? `/convert ${fixed}` : undefined;
}

/** Offered when nothing typed resembles a unit (Chinese garbage, emoji). */
const COMMON_UNITS: Record<Locale, string[]> = { en: ['kWh', 'MWh', 'TWh', 'MW', 'GW', 'kWh/day', 'TWh/year'], zh: ['度', '千瓦时', '兆瓦时', '兆瓦', '吉瓦', '度/天', '千瓦时/年'] };

function parseError(e: QuantityError, ctx: CommandContext, raw: string): Reply {
  const l = ctx.locale;
  switch (e.code) {
    case 'empty':
      return errorReply(l, 'empty', { en: 'Give a quantity to convert, with its unit.', zh: '请给出要换算的数量和单位。' }, EXAMPLE);
    case 'too-long':
      return errorReply(l, 'too-long', { en: `That is too long for a quantity: at most ${e.max} characters.`, zh: `数量表达式太长：最多 ${e.max} 个字符。` }, EXAMPLE);
    case 'no-number':
      return errorReply(
        l,
        'no-number',
        { en: `I need a number first, then a unit; "${e.text.slice(0, 40)}" does not start with one.`, zh: `需要先写数字再写单位；“${e.text.slice(0, 40)}”不是以数字开头。` },
        '/convert 290亿千瓦时 to TWh',
      );
    case 'bad-number':
      return errorReply(
        l,
        'bad-number',
        {
          en: `"${e.text.slice(0, 40)}" is not a finite number I can read. Write digits, with separators every three digits (1,234,567.5), a magnitude (29 billion, 290亿) or scientific notation (1.2e9).`,
          zh: `“${e.text.slice(0, 40)}”不是可读的有限数字。请写阿拉伯数字，可加千位分隔符（1,234,567.5）、数量级（290亿、29 billion）或科学计数法（1.2e9）。`,
        },
        EXAMPLE,
      );
    case 'no-unit':
      return errorReply(l, 'no-unit', { en: 'The number needs a unit, such as kWh, MW or TWh/year.', zh: '数字需要带单位，例如 kWh、MW 或 TWh/year。' }, EXAMPLE);
    case 'case-slip': {
      const pico = /^p/i.test(e.typed);
      return errorReply(
        l,
        'case-slip',
        {
          en: `"${e.typed}" is ambiguous: did you mean ${e.meant.join(' or ')}? Unit letters are case-sensitive (${pico ? 'P is peta, p is pico' : 'M is mega, m is milli'}).`,
          zh: `“${e.typed}”有歧义：你是指 ${e.meant.join(' 还是 ')}？单位区分大小写（${pico ? 'P 是拍，p 是皮' : 'M 是兆，m 是毫'}）。`,
        },
        corrected(raw, e.typed, e.meant[0], ctx.store.equivalences) ?? `/convert 5 ${e.meant[0] ?? 'MWh'}`,
      );
    }
    case 'unknown-unit': {
      const closest = e.closest;
      const common = COMMON_UNITS[l];
      const yardsticks = ctx.store.equivalences.map((x) => (l === 'zh' ? x.aliases.find((a) => /\p{Script=Han}/u.test(a)) : undefined) ?? x.aliases[0]).slice(0, 6);
      return errorReply(
        l,
        'unknown-unit',
        {
          en: `I don't know the unit "${e.typed.slice(0, 40)}". ${closest.length ? `Closest: ${closest.join(', ')}.` : `Units I know include ${common.join(', ')}.`} Or a yardstick: ${yardsticks.join(', ')}…`,
          zh: `不认识单位“${e.typed.slice(0, 40)}”。${closest.length ? `最接近的：${closest.join('、')}。` : `可用的单位有：${common.join('、')}。`}也可以换算成：${yardsticks.join('、')}……`,
        },
        corrected(raw, e.typed, closest[0], ctx.store.equivalences) ?? EXAMPLE,
      );
    }
    case 'bad-duration':
      return errorReply(
        l,
        'bad-duration',
        { en: `"${e.text.slice(0, 40)}" is not a duration; use a number and a time unit.`, zh: `“${e.text.slice(0, 40)}”不是时长；请写数字加时间单位。` },
        '/convert 70 MW for 90 days to GWh',
      );
    case 'negative-duration':
      return errorReply(l, 'negative-duration', { en: 'A duration must be longer than zero, e.g. "for 90 days".', zh: '时长必须大于零，例如“持续90天”。' }, '/convert 70 MW for 90 days to GWh');
  }
}

/** The user's quantity, as a line they can run again: "70 MW", "290亿 kWh", "5 GWh over 10 days". */
function again(req: ConvertRequest, locale: Locale): string {
  return `${formatNumber(req.amount.value, locale, Math.max(3, typedSignificantDigits(req.amount.literal)))} ${req.amount.display}`;
}

function convertError(e: ConvertFailure, ctx: CommandContext, req: ConvertRequest): Reply {
  const l = ctx.locale;
  const target = req.target?.kind === 'unit' ? req.target.display : req.target?.typed;
  switch (e.code) {
    case 'negative':
      return errorReply(l, 'negative', { en: 'Amounts of energy and power to convert must be zero or more.', zh: '要换算的能量或功率不能为负数。' }, EXAMPLE);
    case 'out-of-range':
      return errorReply(l, 'out-of-range', { en: 'That number is too large or too small for Wattson to state sensibly.', zh: '这个数字太大或太小，超出了 Wattson 能合理表述的范围。' }, EXAMPLE);
    case 'not-energy':
      return errorReply(
        l,
        'not-energy',
        {
          en: `Wattson converts energy and power (kWh, MW, TWh/year…), not ${e.dimension === 'time' ? 'durations on their own' : 'that kind of quantity'}.`,
          zh: 'Wattson 只换算能量和功率（kWh、MW、TWh/year 等）。',
        },
        EXAMPLE,
      );
    case 'needs-duration':
      return e.from === 'power'
        ? errorReply(
            l,
            'needs-duration',
            { en: 'Power becomes energy only over a time: say how long, e.g. "for 1 year".', zh: '功率要乘以时间才是能量：请说明时长，例如“for 1 year”或“持续1年”。' },
            `/convert ${again(req, l)} for 1 year to ${target ?? 'GWh'}`,
          )
        : errorReply(
            l,
            'needs-duration',
            {
              en: 'Energy becomes average power only over a time: say over how long, e.g. "per year" or "over 90 days".',
              zh: '能量要除以时间才是平均功率：请说明时长，例如“per year”“/年”或“over 90 days”。',
            },
            `/convert ${again(req, l)} over 1 year to ${target ?? 'MW'}`,
          );
    case 'duration-mismatch':
      // Energy over a duration is a power, power for a duration an energy: the target was the other kind.
      return e.from === 'energy'
        ? errorReply(
            l,
            'duration-mismatch',
            {
              en: `${again(req, 'en')} over ${req.duration?.text ?? 'a time'} is an average power: ask for W, MW or GW, or leave out the duration to convert the energy itself.`,
              zh: `${again(req, 'zh')} 在 ${req.duration?.text ?? '一段时间'} 内是平均功率：请换算成 W、MW 或 GW，或去掉时长直接换算能量。`,
            },
            `/convert ${again(req, l)} over ${req.duration?.text ?? '1 year'} to MW`,
          )
        : errorReply(
            l,
            'duration-mismatch',
            {
              en: `${again(req, 'en')} for ${req.duration?.text ?? 'a time'} is an energy: ask for kWh, MWh or GWh, or leave out the duration to convert the power itself.`,
              zh: `${again(req, 'zh')} 持续 ${req.duration?.text ?? '一段时间'} 是能量：请换算成 kWh、MWh 或 GWh，或去掉时长直接换算功率。`,
            },
            `/convert ${again(req, l)} for ${req.duration?.text ?? '1 year'} to GWh`,
          );
    case 'incompatible':
      return errorReply(
        l,
        'incompatible',
        {
          en: `These can't be converted into each other: ${e.from} is not the same kind of quantity as ${e.to}. Wattson converts energy (kWh, GWh, PJ…) and power (MW, GW, TWh/year…).`,
          zh: `这两者无法互相换算：${e.from} 与 ${e.to} 不是同一种量。Wattson 换算能量（kWh、GWh、PJ 等）和功率（MW、GW、TWh/年 等）。`,
        },
        EXAMPLE,
      );
  }
}

function countText(line: ResultLine, e: Equivalence, locale: Locale, sig: number): string {
  const n = formatNumber(line.value, locale, sig);
  const counted = pick(locale, e.counted).replace('{n}', n);
  if (!line.period) return counted;
  const period = { hour: say(locale, 'for an hour', '运行一小时'), day: say(locale, 'for a day', '一天'), year: say(locale, 'for a year', '一年') }[line.period];
  return locale === 'zh' ? `${counted}${period}` : `${counted} ${period}`;
}

export function lineText(line: ResultLine, locale: Locale, sig: number): string {
  if (line.equivalence) return countText(line, line.equivalence, locale, sig);
  const unit = line.label ?? line.unit;
  // Chinese units follow the number directly: 50万度, 3.07亿度, 450万千瓦.
  return `${formatNumber(line.value, locale, sig)}${/^\p{Script=Han}/u.test(unit) ? '' : ' '}${unit}`;
}

/** The amount as typed, read back: "70 MW", "20,000 H100 GPUs", "3 × ChatGPT's daily use for a day". */
export function amountText(req: ConvertRequest, locale: Locale, sig: number): string {
  const count = req.amount.count;
  if (!count) return `${formatNumber(req.amount.value, locale, sig)} ${req.amount.display}`;
  const counted = pick(locale, count.equivalence.counted).replace('{n}', formatNumber(count.n, locale, sig));
  if (!count.period) return counted;
  const period = { hour: say(locale, 'for an hour', '运行一小时'), day: say(locale, 'for a day', '一天'), year: say(locale, 'for a year', '一年') }[count.period];
  return locale === 'zh' ? `${counted}${period}` : `${counted} ${period}`;
}

export const convertCommand = defineCommand({
  name: 'convert',
  description: { en: 'Convert energy and power exactly: kWh, MW, TWh/year, 度, 万/亿, homes, H100s…', zh: '精确换算能量与功率：kWh、MW、TWh/年、度、万/亿、家庭、H100……' },
  options: z.object({
    quantity: z
      .string()
      .max(200)
      .meta(about('What to convert, e.g. "500000 kWh/day to MW" or "70 MW for 90 days to GWh"', '要换算的量，例如“50万度 换成 MWh”', { rest: true, autocomplete: 'unit' })),
  }),
  examples: [
    { line: '/convert 500000 kWh/day to MW', description: { en: "ChatGPT's daily energy as average power", zh: 'ChatGPT 日耗电折合平均功率' } },
    { line: '/convert 290亿千瓦时 to TWh', description: { en: 'Chinese magnitudes', zh: '中文数量级' } },
    { line: '/convert 70 MW for 90 days to GWh', description: { en: 'Power over a duration gives energy', zh: '功率乘以时长得到能量' } },
    { line: '/convert 29 billion kWh/year to GW', description: { en: 'An annual rate as average power', zh: '年用电量折合平均功率' } },
    { line: '/convert 1.2 GW to households', description: { en: 'How many US homes', zh: '相当于多少美国家庭' } },
  ],
  run({ quantity }, ctx) {
    const { locale, store } = ctx;
    const parsed = parseConvert(ctx.search.simplified(quantity), store.equivalences);
    if (!parsed.ok) return parseError(parsed.error, ctx, quantity.trim());
    const req = parsed.value;
    const result = convert(req, store.equivalences, { du: locale === 'zh' });
    if (!result.ok) return convertError(result.error, ctx, req);
    const sig = Math.max(3, typedSignificantDigits(req.amount.literal));
    const conv = result.value;
    const input = `${amountText(req, locale, sig)}${req.duration ? say(locale, ` for ${req.duration.text}`, `，持续 ${req.duration.text}`) : ''}`;
    const figures: Figure[] = conv.lines.map((line) => ({
      label: line.equivalence ? pick(locale, line.equivalence.name) : (line.label ?? line.unit),
      value: lineText(line, locale, sig),
      origin: line.equivalence ? equivalenceOrigin(line.equivalence, store, locale) : { kind: 'arithmetic', working: line.working },
    }));
    const notes: string[] = [];
    if (conv.lines.some((l) => l.usedYear)) {
      const month = [req.amount.unit, req.duration?.unit ?? '', req.target?.kind === 'unit' ? req.target.unit : ''].some((u) => /month/.test(u));
      notes.push(
        month
          ? say(locale, 'A year is taken as 8,760 hours (365 days), a month as a twelfth of it (730 hours).', '一年按 8,760 小时（365 天）计算，一个月按其十二分之一（730 小时）计算。')
          : say(locale, 'A year is taken as 8,760 hours (365 days).', '一年按 8,760 小时（365 天）计算。'),
      );
    }
    const counted = req.amount.count?.equivalence;
    if (counted) notes.push(`${pick(locale, counted.name)}: ${pick(locale, counted.why)}`);
    for (const l of conv.lines) {
      if (l.equivalence) notes.push(`${pick(locale, l.equivalence.name)}: ${pick(locale, l.equivalence.why)} ${say(locale, 'Working', '算式')}: ${l.working}`);
    }
    const headline = conv.asked ? `${input} = ${lineText(conv.asked, locale, sig)}` : input;
    return {
      kind: 'conversion',
      title: headline,
      blocks: [{ type: 'figures', figures }, ...(notes.length ? [{ type: 'list' as const, title: say(locale, 'Assumptions', '假设'), items: notes }] : [])],
      actions: [],
      footer: episodeFooter(store, locale),
      data: {
        ...(conv.asked && { quantity: { value: conv.asked.value, unit: req.target?.kind === 'equivalence' ? req.target.typed : conv.asked.unit } }),
        // What "that" means next: the amount as typed where it is one ("500,000 kWh/day" keeps its day), else the result in kWh or W.
        converted: {
          ...(req.duration || req.amount.count?.period
            ? conv.converted
            : req.amount.count
              ? { value: req.amount.count.n, unit: req.amount.count.equivalence.id }
              : { value: req.amount.value, unit: req.amount.display }),
          dimension: conv.dimension,
          label: input,
          ...(counted && { fact: counted.fact }),
          // An energy that came from a power run for a time keeps the time: "that in homes" is then its average power.
          ...(req.duration && conv.dimension === 'energy' && { over: req.duration.text }),
        },
      },
    };
  },
});
