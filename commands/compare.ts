import * as z from 'zod';
import { type CommandContext, defineCommand } from '../src/dispatch/command.js';
import { about } from '../src/dispatch/options.js';
import { type Locale, pick, say } from '../src/locale.js';
import { formatFactValue } from '../src/quantities/fact-values.js';
import { formatEn, formatNumber, typedSignificantDigits } from '../src/quantities/format.js';
import { compareSides, resolveSide, type Side, type SideResult, splitSides } from '../src/quantities/sides.js';
import { describeOrigin, episodeFooter, errorReply, factAction, speakerOrigin } from '../src/replies/build.js';
import { compareChart } from '../src/replies/charts/compare.js';
import { chartSource } from '../src/replies/charts/source.js';
import type { Action, CompareSide, Figure, Origin, Reply } from '../src/replies/model.js';
import { equivalenceOrigin } from '../src/replies/yardstick.js';

/**
 * /compare: two facts, yardsticks or quantities side by side, in one unit, with the ratio and
 * where each figure comes from. The reply's data holds what a chart of it needs.
 */

const EXAMPLE = '/compare ITER vs Helion';

function label(side: Side, locale: Locale): string {
  const s = side.source;
  switch (s.kind) {
    case 'fact':
      return pick(locale, s.value.measures).replace(/^./, (c) => c.toUpperCase());
    case 'equivalence':
      return pick(locale, s.equivalence.name);
    case 'quantity':
      return side.typed;
  }
}

function stated(side: Side, locale: Locale): string {
  const s = side.source;
  switch (s.kind) {
    case 'fact':
      return s.counts ? pick(locale, s.counts.counted).replace('{n}', formatNumber(s.value.value, locale, 6)) : formatFactValue(s.value, locale);
    case 'equivalence':
      return `${formatNumber(s.equivalence.amount, locale, 6)} ${s.equivalence.unit}`;
    case 'quantity': {
      const sig = Math.max(3, typedSignificantDigits(s.amount.literal));
      const counted = s.amount.count;
      const amount = counted ? pick(locale, counted.equivalence.counted).replace('{n}', formatNumber(counted.n, locale, sig)) : `${formatNumber(s.amount.value, locale, sig)} ${s.amount.display}`;
      return s.duration ? `${amount} ${say(locale, 'for', '持续')} ${s.duration}` : amount;
    }
  }
}

function originOf(side: Side, ctx: CommandContext): Origin {
  const s = side.source;
  switch (s.kind) {
    case 'fact':
      return speakerOrigin(ctx.store, s.fact, ctx.locale);
    case 'equivalence':
      return equivalenceOrigin(s.equivalence, ctx.store, ctx.locale);
    case 'quantity':
      return s.amount.count ? equivalenceOrigin(s.amount.count.equivalence, ctx.store, ctx.locale) : { kind: 'arithmetic', working: say(ctx.locale, 'your figure', '你给的数字') };
  }
}

function factOf(side: Side): string | undefined {
  const s = side.source;
  if (s.kind === 'fact') return s.fact.id;
  if (s.kind === 'equivalence') return s.equivalence.fact;
  return s.amount.count?.equivalence.fact;
}

function sideError(r: Exclude<SideResult, { ok: true }>, ctx: CommandContext): Reply {
  const l = ctx.locale;
  const shown = r.typed.slice(0, 60);
  const yardsticks = ctx.store.equivalences.map((e) => e.aliases[0]).join(', ');
  switch (r.code) {
    case 'unknown-side':
      return errorReply(
        l,
        'unknown-side',
        {
          en: `I can't tell what "${shown}" is. A side can be a fact id (chatgpt-daily-energy), a yardstick (${yardsticks}) or a quantity (45 GW, 2 nuclear plants).`,
          zh: `看不出“${shown}”指什么。每一边可以是事实 id（chatgpt-daily-energy）、参照物（${yardsticks}）或数量（45 GW、2座核电站）。`,
        },
        EXAMPLE,
      );
    case 'no-figure':
      return errorReply(
        l,
        'no-figure',
        {
          en: `"${shown}" is the fact ${r.fact.id}, which states no energy or power figure to compare.`,
          zh: `“${shown}”是事实 ${r.fact.id}，它没有可比较的能量或功率数字。`,
        },
        EXAMPLE,
      );
    case 'not-energy':
      return errorReply(l, 'not-energy', { en: `"${shown}" is not an energy or a power, so it cannot be compared here.`, zh: `“${shown}”不是能量或功率，无法在这里比较。` }, EXAMPLE);
  }
}

function ratioText(aLabel: string, bLabel: string, ratio: number, locale: Locale): string {
  if (ratio === 1) return say(locale, `${aLabel} and ${bLabel} are the same size.`, `${aLabel}与${bLabel}一样大。`);
  const [big, small, times] = ratio > 1 ? [aLabel, bLabel, ratio] : [bLabel, aLabel, 1 / ratio];
  const share = formatEn((1 / times) * 100, 3);
  return say(locale, `${big} is ${formatEn(times, 3)} times ${small} (${small} is ${share}% of it).`, `${big}是${small}的 ${formatNumber(times, 'zh', 3)} 倍（${small}相当于它的 ${share}%）。`);
}

export const compare = defineCommand({
  name: 'compare',
  description: { en: 'Two facts, yardsticks or quantities side by side, with the ratio and their sources', zh: '并排比较两个事实、参照物或数量，给出倍数与来源' },
  options: z.object({
    sides: z
      .string()
      .max(200)
      .meta(
        about('Two things, "A vs B": fact ids, yardsticks (NYC, nuclear plant, H100) or quantities (45 GW)', '两项，“A vs B”：事实 id、参照物（纽约、核电站、H100）或数量（45 GW）', {
          rest: true,
          autocomplete: 'compare',
        }),
      ),
  }),
  examples: [
    { line: '/compare chatgpt-daily-energy vs nuclear plant', description: { en: "ChatGPT's daily use beside a nuclear plant", zh: 'ChatGPT 日耗电与一座核电站' } },
    { line: '/compare 45 GW vs NYC', description: { en: "2030's data-centre load in New York Cities", zh: '2030 年数据中心负荷相当于几个纽约' } },
    { line: '/compare ITER vs Helion', description: { en: 'Two fusion machines', zh: '两台聚变装置' } },
  ],
  run({ sides }, ctx) {
    const { locale, store } = ctx;
    const parts = splitSides(sides);
    const filled = parts.filter(Boolean);
    if (filled.length < 2) {
      return errorReply(
        locale,
        'one-side',
        {
          en: `Compare what with what? Give two sides separated by "vs", e.g. "${filled[0]?.slice(0, 40) ?? 'ITER'} vs Helion".`,
          zh: `要和什么比？请用“vs”隔开两边，例如“${filled[0]?.slice(0, 40) ?? 'ITER'} vs Helion”。`,
        },
        EXAMPLE,
      );
    }
    if (parts.length > 2) {
      return errorReply(
        locale,
        'too-many-sides',
        { en: `I compare two things at a time; you gave ${parts.length}. Try the first two, then another pair.`, zh: `一次只能比较两项；你给了 ${parts.length} 项。请先比较前两项，再比较另一组。` },
        `/compare ${parts[0]!.slice(0, 40)} vs ${parts[1]!.slice(0, 40)}`,
      );
    }
    const ra = resolveSide(parts[0]!, store, ctx.search);
    if (!ra.ok) return sideError(ra, ctx);
    const rb = resolveSide(parts[1]!, store, ctx.search);
    if (!rb.ok) return sideError(rb, ctx);
    const a = ra.side;
    const b = rb.side;
    if (a.dimension !== b.dimension) {
      const [power, energy] = a.dimension === 'power' ? [a, b] : [b, a];
      return errorReply(
        locale,
        'different-dimensions',
        {
          en: `${power.typed} is a power and ${energy.typed} is an energy, which cannot be compared directly. Give the power a duration ("${power.typed} for 1 year") or the energy a period ("per year").`,
          zh: `${power.typed} 是功率，${energy.typed} 是能量，不能直接比较。请给功率加上时长（“${power.typed} 持续1年”）或给能量加上周期（“每年”）。`,
        },
        power.source.kind === 'quantity' ? `/compare ${power.typed} for 1 year vs ${energy.typed}` : EXAMPLE,
      );
    }
    const c = compareSides(a, b);
    const side = (s: Side, value: number): CompareSide => {
      const fact = factOf(s);
      const yardstick = s.source.kind === 'equivalence' ? s.source.equivalence.id : undefined;
      return { label: label(s, locale), value, stated: stated(s, locale), origin: originOf(s, ctx), ...(fact && { fact }), ...(yardstick && { yardstick }) };
    };
    const sa = side(a, c.a);
    const sb = side(b, c.b);
    const inUnit = (v: number) => `${formatNumber(v, locale, 3)} ${c.unit}`;
    const figure = (s: CompareSide): Figure => ({ label: s.label, value: s.stated === inUnit(s.value) ? s.stated : `${s.stated} (${inUnit(s.value)})`, origin: s.origin });
    const notes: string[] = [];
    for (const s of [a, b]) {
      const e = s.source.kind === 'equivalence' ? s.source.equivalence : s.source.kind === 'quantity' ? s.source.amount.count?.equivalence : undefined;
      if (e) notes.push(`${pick(locale, e.name)}: ${pick(locale, e.why)}`);
    }
    if (a.dimension === 'power' && [sa, sb].some((s) => /\/(day|year)/.test(s.stated))) {
      notes.push(say(locale, 'A daily or yearly amount is compared as its average power (the amount ÷ 24 hours or ÷ 8,760 hours).', '每天或每年的量按平均功率比较（除以 24 小时或 8,760 小时）。'));
    }
    const facts = [...new Set([sa.fact, sb.fact].filter((f): f is string => f !== undefined))];
    const actions: Action[] = facts.flatMap((id) => {
      const f = store.byId.get(id);
      return f ? [factAction(f, locale)] : [];
    });
    const times = c.ratio >= 1 ? c.ratio : 1 / c.ratio;
    // Two positive values make a chart; a zero or negative side is answered in text alone.
    const chart =
      sa.value > 0 && sb.value > 0
        ? compareChart({
            locale,
            title: `${sa.label} vs ${sb.label}`,
            source: chartSource(store, locale),
            measure: a.dimension === 'power' ? say(locale, 'Power', '功率') : say(locale, 'Energy', '能量'),
            unit: c.unit,
            a: { label: sa.label, value: sa.value, provenance: describeOrigin(sa.origin, locale) },
            b: { label: sb.label, value: sb.value, provenance: describeOrigin(sb.origin, locale) },
          })
        : undefined;
    return {
      kind: 'comparison',
      title: `${sa.label} vs ${sb.label}: ${formatNumber(times, locale, 3)}×`,
      blocks: [
        { type: 'text', text: ratioText(sa.label, sb.label, c.ratio, locale) },
        {
          type: 'figures',
          figures: [
            figure(sa),
            figure(sb),
            {
              label: say(locale, 'Ratio', '倍数'),
              value: `${formatNumber(c.ratio, locale, 3)}×`,
              origin: { kind: 'arithmetic', working: `${formatEn(c.a, 6)} ${c.unit} ÷ ${formatEn(c.b, 6)} ${c.unit}` },
            },
          ],
        },
        ...(notes.length ? [{ type: 'list' as const, title: say(locale, 'Assumptions', '假设'), items: notes }] : []),
      ],
      actions,
      footer: episodeFooter(store, locale),
      data: { facts, quantity: { value: c.ratio, unit: '×' }, compare: { dimension: a.dimension, unit: c.unit, a: sa, b: sb, ratio: c.ratio } },
      ...(chart && { chart }),
    };
  },
});
