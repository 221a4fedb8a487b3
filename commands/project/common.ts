import type { CommandContext } from '../../src/dispatch/command.js';
import type { FactFigure, Figures } from '../../src/facts/presets.js';
import { type Locale, pick, say } from '../../src/locale.js';
import { formatNumber } from '../../src/quantities/format.js';
import { describeOrigin, errorReply, speakerOrigin } from '../../src/replies/build.js';
import type { Block, Origin, Reply } from '../../src/replies/model.js';

/**
 * What the three /project subcommands share: assumptions that name their origin, the public
 * figure beside a disputed one, and the templates presets.yaml writes its notes in.
 */

export interface Assumption {
  text: string;
  origin: Origin;
}

export function fromFact(ctx: CommandContext, f: FactFigure): Origin {
  return speakerOrigin(ctx.store, f.fact, ctx.locale);
}

/** A figure the fact check disputes never appears without the public figure beside it. */
export function caveat(f: FactFigure, locale: Locale): string {
  const source = f.fact.verdict === 'consistent' ? undefined : f.fact.context?.sources[0];
  return source ? say(locale, ` (public figure: ${source.figure}; ${source.name}, ${source.year})`, `（公开数据：${source.figure}；${source.name}，${source.year}）`) : '';
}

export const mine = (working: string): Origin => ({ kind: 'arithmetic', working });
export const userGiven = (locale: Locale): Origin => ({ kind: 'arithmetic', working: say(locale, 'your option', '你给的选项') });

export function assumptionsBlock(items: Assumption[], locale: Locale): Block {
  return { type: 'list', title: say(locale, 'Assumptions', '假设'), items: items.map((a) => `${a.text} [${describeOrigin(a.origin, locale)}]`) };
}

export function fmt(n: number, locale: Locale, sig = 3): string {
  return formatNumber(n, locale, sig);
}

/** "2-3", "2–3", "2到3", "0.5~5", "5%" → low/high; a single number gives low = high. */
export function parseRange(text: string): { low: number; high: number } | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*%?\s*(?:(?:-|–|~|to|到|至)\s*(\d+(?:\.\d+)?)\s*%?)?\s*$/i.exec(text);
  if (!m) return undefined;
  const low = Number(m[1]);
  const high = m[2] === undefined ? low : Number(m[2]);
  return Number.isFinite(low) && Number.isFinite(high) && low > 0 && high >= low ? { low, high } : undefined;
}

/** The template variables of a preset's figures: {name}, {name.year}, {name.low}, {name.high}, {name.raw}. */
export function figureVars(figures: Figures, locale: Locale): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const [name, f] of Object.entries(figures)) {
    const v = f.value;
    vars[name] = fmt(v.value, locale, 6);
    vars[`${name}.raw`] = String(v.value);
    vars[`${name}.year`] = String(v.year);
    vars[`${name}.low`] = fmt(v.low ?? v.value, locale, 6);
    vars[`${name}.high`] = fmt(v.high ?? v.value, locale, 6);
  }
  return vars;
}

/** Fills a presets.yaml template; a name the template uses but nobody supplied stays visible rather than vanishing. */
export function fill(template: { en: string; zh: string }, locale: Locale, vars: Record<string, string>): string {
  return pick(locale, template).replace(/\{([a-z][a-z0-9]*(?:\.[a-z]+)?)\}/g, (whole, key: string) => vars[key] ?? whole);
}

export function presetsMissing(ctx: CommandContext, example: string): Reply {
  return errorReply(ctx.locale, 'no-presets', { en: 'This fact store has no /project presets (facts/presets.yaml).', zh: '此事实库没有 /project 预设（facts/presets.yaml）。' }, example);
}

export function unknownPreset(ctx: CommandContext, kind: string, typed: string, ids: readonly string[], example: string): Reply {
  const shown = typed.slice(0, 30);
  return errorReply(
    ctx.locale,
    'unknown-preset',
    { en: `No ${kind} preset "${shown}". Presets: ${ids.join(', ')}.`, zh: `没有名为“${shown}”的${kind === 'growth' ? '增长' : '集群'}预设。可用：${ids.join('、')}。` },
    example,
  );
}
