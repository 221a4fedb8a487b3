import { defineCommand, type CommandContext } from '../src/command.js';
import type { Equivalence } from '../src/facts/schema.js';
import { pick, say, type Locale } from '../src/locale.js';
import { convert, type ConvertFailure, type ResultLine } from '../src/quantities/convert.js';
import { formatNumber, typedSignificantDigits } from '../src/quantities/format.js';
import { parseConvert, type QuantityError } from '../src/quantities/parse.js';
import { equivalenceOrigin } from '../src/quantities/fact-equivalents.js';
import { episodeFooter, errorReply } from '../src/replies/build.js';
import type { Figure, Reply } from '../src/replies/model.js';

const EXAMPLE = '/convert 500000 kWh/day to MW';

function parseError(e: QuantityError, ctx: CommandContext): Reply {
  const l = ctx.locale;
  switch (e.code) {
    case 'empty':
      return errorReply(l, 'empty', { en: 'Give a quantity to convert, with its unit.', zh: '请给出要换算的数量和单位。' }, EXAMPLE);
    case 'too-long':
      return errorReply(l, 'too-long', { en: `That is too long for a quantity: at most ${e.max} characters.`, zh: `数量表达式太长：最多 ${e.max} 个字符。` }, EXAMPLE);
    case 'no-number':
      return errorReply(l, 'no-number', { en: `I need a number first, then a unit; "${e.text.slice(0, 40)}" does not start with one.`, zh: `需要先写数字再写单位；“${e.text.slice(0, 40)}”不是以数字开头。` }, '/convert 290亿千瓦时 to TWh');
    case 'bad-number':
      return errorReply(l, 'bad-number', { en: `"${e.text.slice(0, 40)}" is not a finite number.`, zh: `“${e.text.slice(0, 40)}”不是一个有限的数字。` }, EXAMPLE);
    case 'no-unit':
      return errorReply(l, 'no-unit', { en: 'The number needs a unit, such as kWh, MW or TWh/year.', zh: '数字需要带单位，例如 kWh、MW 或 TWh/year。' }, EXAMPLE);
    case 'case-slip':
      return errorReply(l, 'case-slip', {
        en: `"${e.typed}" is ambiguous: did you mean ${e.meant.join(' or ')}? Unit letters are case-sensitive (M is mega, m is milli).`,
        zh: `“${e.typed}”有歧义：你是指 ${e.meant.join(' 还是 ')}？单位区分大小写（M 是兆，m 是毫）。`,
      }, `/convert 5 ${e.meant[0]}`);
    case 'unknown-unit':
      return errorReply(l, 'unknown-unit', {
        en: `I don't know the unit "${e.typed.slice(0, 40)}".${e.closest.length ? ` Closest: ${e.closest.join(', ')}.` : ''} Or a yardstick: ${ctx.store.equivalences.map((x) => x.aliases[0]).slice(0, 6).join(', ')}…`,
        zh: `不认识单位“${e.typed.slice(0, 40)}”。${e.closest.length ? `最接近的：${e.closest.join('、')}。` : ''}也可以换算成：${ctx.store.equivalences.map((x) => x.aliases[0]).slice(0, 6).join('、')}……`,
      }, EXAMPLE);
    case 'bad-duration':
      return errorReply(l, 'bad-duration', { en: `"${e.text.slice(0, 40)}" is not a duration; use a number and a time unit.`, zh: `“${e.text.slice(0, 40)}”不是时长；请写数字加时间单位。` }, '/convert 70 MW for 90 days to GWh');
    case 'negative-duration':
      return errorReply(l, 'negative-duration', { en: 'A duration must be longer than zero.', zh: '时长必须大于零。' }, '/convert 70 MW for 90 days to GWh');
  }
}

function convertError(e: ConvertFailure, ctx: CommandContext): Reply {
  const l = ctx.locale;
  switch (e.code) {
    case 'negative':
      return errorReply(l, 'negative', { en: 'Amounts of energy and power to convert must be zero or more.', zh: '要换算的能量或功率不能为负数。' }, EXAMPLE);
    case 'out-of-range':
      return errorReply(l, 'out-of-range', { en: 'That number is beyond any energy quantity Wattson can state sensibly.', zh: '这个数字超出了 Wattson 能合理表述的范围。' }, EXAMPLE);
    case 'not-energy':
      return errorReply(l, 'not-energy', { en: `Wattson converts energy and power (kWh, MW, TWh/year…), not ${e.dimension === 'time' ? 'durations on their own' : 'that kind of quantity'}.`, zh: 'Wattson 只换算能量和功率（kWh、MW、TWh/year 等）。' }, EXAMPLE);
    case 'needs-duration':
      return e.from === 'power'
        ? errorReply(l, 'needs-duration', { en: 'Power becomes energy only over a time: say how long, e.g. "for 1 year".', zh: '功率要乘以时间才是能量：请说明时长，例如“for 1 year”。' }, '/convert 70 MW for 1 year to GWh')
        : errorReply(l, 'needs-duration', { en: 'Energy becomes average power only over a time: say over how long, e.g. "per year" or "over 90 days".', zh: '能量要除以时间才是平均功率：请说明时长，例如“per year”或“over 90 days”。' }, '/convert 29 billion kWh per year to GW');
    case 'duration-mismatch':
    case 'incompatible':
      return errorReply(l, 'incompatible', {
        en: `These can't be converted into each other: ${'to' in e ? `${e.from} is not the same kind of quantity as ${e.to}` : 'a duration only applies to energy or power'}.`,
        zh: `这两者无法互相换算：${'to' in e ? `${e.from} 与 ${e.to} 不是同一种量` : '时长只能用于能量或功率'}。`,
      }, EXAMPLE);
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
  return `${formatNumber(line.value, locale, sig)}${line.unit.startsWith('度') ? '' : ' '}${line.unit}`;
}

export const convertCommand = defineCommand({
  name: 'convert',
  description: { en: 'Convert energy and power exactly: kWh, MW, TWh/year, 度, 万/亿, homes, H100s…', zh: '精确换算能量与功率：kWh、MW、TWh/年、度、万/亿、家庭、H100……' },
  options: [
    {
      name: 'quantity',
      description: { en: 'What to convert, e.g. "500000 kWh/day to MW" or "70 MW for 90 days to GWh"', zh: '要换算的量，例如“50万度 换成 MWh”' },
      type: 'string',
      required: true,
      rest: true,
      maxLength: 200,
      autocomplete: 'unit',
    },
  ],
  examples: [
    { line: '/convert 500000 kWh/day to MW', description: { en: "ChatGPT's daily energy as average power", zh: 'ChatGPT 日耗电折合平均功率' } },
    { line: '/convert 290亿千瓦时 to TWh', description: { en: 'Chinese magnitudes', zh: '中文数量级' } },
    { line: '/convert 70 MW for 90 days to GWh', description: { en: 'Power over a duration gives energy', zh: '功率乘以时长得到能量' } },
    { line: '/convert 29 billion kWh/year to GW', description: { en: 'An annual rate as average power', zh: '年用电量折合平均功率' } },
    { line: '/convert 1.2 GW to households', description: { en: 'How many US homes', zh: '相当于多少美国家庭' } },
  ],
  run(args, ctx) {
    const { locale, store } = ctx;
    const parsed = parseConvert(String(args['quantity']), store.equivalences);
    if (!parsed.ok) return parseError(parsed.error, ctx);
    const req = parsed.value;
    const result = convert(req, store.equivalences, { du: locale === 'zh' });
    if (!result.ok) return convertError(result.error, ctx);
    const sig = Math.max(3, typedSignificantDigits(req.amount.literal));
    const conv = result.value;
    const input = `${formatNumber(req.amount.value, locale, sig)} ${req.amount.display}${req.duration ? say(locale, ` for ${req.duration.text}`, `，持续 ${req.duration.text}`) : ''}`;
    const figures: Figure[] = conv.lines.map((line) => ({
      label: line.equivalence ? pick(locale, line.equivalence.name) : line.unit,
      value: lineText(line, locale, sig),
      origin: line.equivalence ? equivalenceOrigin(line.equivalence, store, locale) : { kind: 'arithmetic', working: line.working },
    }));
    const notes: string[] = [];
    if (conv.lines.some((l) => l.usedYear)) notes.push(say(locale, 'A year is taken as 8,760 hours (365 days).', '一年按 8,760 小时（365 天）计算。'));
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
      data: conv.asked ? { quantity: { value: conv.asked.value, unit: req.target?.kind === 'equivalence' ? req.target.typed : conv.asked.unit } } : {},
    };
  },
});
