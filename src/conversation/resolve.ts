import type { SearchIndex } from '../facts/search.js';
import type { FactStore } from '../facts/store.js';
import { type Locale, say } from '../locale.js';
import { resolveSide, splitSides } from '../quantities/sides.js';
import type { Reply } from '../replies/model.js';
import { afterRefer, isRefer, readFollowUp } from './followup.js';
import { routeNumbers } from './numbers.js';
import { type Compiled, compile, normalize, stripEnd, stripStart } from './phrases.js';
import { aboutReply, thatText, whichReply } from './replies.js';
import { type Figure, factFigures, type Turn } from './turn.js';

/**
 * What a message means in its conversation: the same command, a different command line
 * ("and in homes?" is /convert 500000 kWh/day to households), an answer about the last answer,
 * or a question back when "that" has nothing to mean. Pure: the caller runs what comes back.
 */

export type Resolution =
  /**
   * Run this command line instead; `that` is the figure it converts (`per`: taken over one such
   * period, for a rate asked in an energy unit), `touched` the facts a number question touches.
   */
  | { kind: 'run'; line: string; that?: Figure; per?: 'day' | 'year' | 'hour'; touched?: string[] }
  | { kind: 'reply'; reply: Reply }
  /** The same command with these arguments. */
  | { kind: 'args'; args: Record<string, string | number | boolean | undefined> }
  | { kind: 'none' };

export interface Invoked {
  command: string;
  args: Readonly<Record<string, string | number | boolean | undefined>>;
  locale: Locale;
}

export interface Context {
  store: FactStore;
  search: SearchIndex;
}

const NONE: Resolution = { kind: 'none' };

/** A figure as a quantity /convert reads: six significant digits, which a fact's stated figure never exceeds. */
export function literal(f: Figure): string {
  return `${String(Number(f.value.toPrecision(6)))} ${f.unit}`;
}

function usable(turn: Turn | undefined): turn is Turn {
  return turn !== undefined && !turn.error && (turn.figures.length > 0 || turn.subjects.length > 0);
}

function nothing(turn: Turn | undefined, locale: Locale): Resolution {
  const why = turn?.error ? 'error' : turn && turn.subjects.length > 0 ? 'no-figure' : 'nothing';
  return { kind: 'reply', reply: whichReply(locale, why) };
}

const RATE = /\/(day|year|hour)$/;

/** "that in 度" of 500,000 kWh/day is a day's worth: the rate over its own period, not a bare power. */
function convertLine(f: Figure, target: string, targetIsEnergy: boolean): string {
  const rate = RATE.exec(f.unit);
  return rate && targetIsEnergy ? `/convert ${literal(f)} for 1 ${rate[1]} to ${target}` : `/convert ${literal(f)} to ${target}`;
}

function convertRun(f: Figure, target: string, targetIsEnergy: boolean): Resolution {
  const rate = targetIsEnergy ? RATE.exec(f.unit) : null;
  return { kind: 'run', line: convertLine(f, target, targetIsEnergy), that: f, ...(rate && { per: rate[1] as 'day' | 'year' | 'hour' }) };
}

/** A figure in the language of this message: the turn may have been written in the other one. */
function localized(f: Figure, store: FactStore, locale: Locale): Figure {
  if (!f.fact) return f;
  return factFigures(f.fact, store, locale).find((g) => g.unit === f.unit && g.value === f.value) ?? f;
}

function several(turn: Turn, target: string, targetIsEnergy: boolean, locale: Locale): Resolution {
  const choices = turn.figures.map((f) => ({ label: thatText(f, locale), command: convertLine(f, target, targetIsEnergy) }));
  return { kind: 'reply', reply: whichReply(locale, 'several', choices) };
}

/** A comparison side for the last figure: its fact id where the fact's own figure is meant, so the answer keeps the speaker. */
function sideFor(f: Figure, store: FactStore, locale: Locale): string {
  if (f.fact) {
    const first = factFigures(f.fact, store, locale)[0];
    if (first && first.unit === f.unit && first.value === f.value) return f.fact;
  }
  return literal(f);
}

/** The two sides of a free-text comparison; a template without {a} compares the last answer's figure ("that"). */
function readComparison(text: string, c: Compiled): [string, string] | undefined {
  const s = stripEnd(stripStart(normalize(text), c.filler).rest, c.filler).rest;
  for (const re of c.compare) {
    const m = re.exec(s);
    if (!m?.groups) continue;
    const b = m.groups['b']?.trim();
    const a = 'a' in m.groups ? m.groups['a']?.trim() : c.refer[c.refer.length - 1];
    if (a && b) return [a, b];
  }
  return undefined;
}

function compareSides(sides: string[], turn: Turn | undefined, c: Compiled, ctx: Context, locale: Locale): string[] | Resolution {
  if (!sides.some((s) => isRefer(s, c))) return sides;
  if (!usable(turn) || turn.figures.length === 0) return nothing(turn, locale);
  const fill = (f: Figure) => sides.map((s) => (isRefer(s, c) ? sideFor(f, ctx.store, locale) : s));
  if (turn.figures.length > 1) {
    const choices = turn.figures.map((f) => ({ label: thatText(f, locale), command: `/compare ${fill(f).join(' vs ')}` }));
    return { kind: 'reply', reply: whichReply(locale, 'several', choices) };
  }
  return fill(turn.figures[0]!);
}

function question(q: string, turn: Turn | undefined, c: Compiled, ctx: Context, locale: Locale): Resolution {
  const fu = readFollowUp(q, c, ctx.store.equivalences);
  if (fu?.kind === 'about') {
    if (!usable(turn)) return nothing(turn, locale);
    const reply = aboutReply(fu.about, turn, ctx.store, locale);
    if (reply) return { kind: 'reply', reply };
    // "more" on a conversion: every unit of that quantity.
    const f = turn.figures[0];
    return f ? { kind: 'run', line: `/convert ${literal(f)}`, that: f } : nothing(turn, locale);
  }
  if (fu?.kind === 'convert') {
    if (!usable(turn) || turn.figures.length === 0) return nothing(turn, locale);
    const energy = fu.parsed.kind === 'unit' && fu.parsed.dimension === 'energy';
    if (turn.figures.length > 1) return several(turn, fu.target, energy, locale);
    return convertRun(turn.figures[0]!, fu.target, energy);
  }
  const pair = readComparison(q, c);
  if (pair) {
    const sides = compareSides(pair, turn, c, ctx, locale);
    if (!Array.isArray(sides)) return sides;
    if (sides.every((s) => resolveSide(s, ctx.store, ctx.search).ok)) return { kind: 'run', line: `/compare ${sides[0]} vs ${sides[1]}` };
  }
  const numbers = routeNumbers(q, c, ctx.store, ctx.search);
  if (numbers) return { kind: 'run', line: numbers.line, touched: numbers.touched };
  return NONE;
}

const SEPARATOR = /^(?:to|in|into|as|->|→|换成|换算成|转换成|转成|折合)\s*/i;

function convertArg(quantity: string, turn: Turn | undefined, c: Compiled, ctx: Context, locale: Locale): Resolution {
  const rest = afterRefer(quantity, c);
  if (rest === undefined) return NONE;
  // "that" alone, or "that to households": anything else after it ("that was 5 MW") is not a reference.
  if (rest && !SEPARATOR.test(rest)) return NONE;
  if (!usable(turn) || turn.figures.length === 0) return nothing(turn, locale);
  const target = rest.replace(SEPARATOR, '').trim();
  if (!target) return turn.figures.length > 1 ? several(turn, '', false, locale) : { kind: 'run', line: `/convert ${literal(turn.figures[0]!)}`, that: turn.figures[0]! };
  const f = fuOrParse(target, c, ctx);
  if (turn.figures.length > 1) return several(turn, target, f, locale);
  return convertRun(turn.figures[0]!, target, f);
}

/** Whether a target names an energy unit (so a rate is taken over its own period). */
function fuOrParse(target: string, c: Compiled, ctx: Context): boolean {
  const fu = readFollowUp(target, c, ctx.store.equivalences);
  return fu?.kind === 'convert' && fu.parsed.kind === 'unit' && fu.parsed.dimension === 'energy';
}

export function resolve(inv: Invoked, last: Turn | undefined, ctx: Context): Resolution {
  const phrases = ctx.store.conversation;
  if (!phrases) return NONE;
  const c = compile(phrases);
  const { locale } = inv;
  const turn = last && last.locale !== locale ? { ...last, figures: last.figures.map((f) => localized(f, ctx.store, locale)) } : last;
  switch (inv.command) {
    case 'ask': {
      const q = inv.args['question'];
      return typeof q === 'string' ? question(q, turn, c, ctx, locale) : NONE;
    }
    case 'convert': {
      const q = inv.args['quantity'];
      return typeof q === 'string' ? convertArg(q, turn, c, ctx, locale) : NONE;
    }
    case 'compare': {
      const q = inv.args['sides'];
      if (typeof q !== 'string') return NONE;
      const parts = splitSides(q);
      const sides = compareSides(parts, turn, c, ctx, locale);
      if (!Array.isArray(sides)) return sides;
      return sides === parts ? NONE : { kind: 'args', args: { ...inv.args, sides: sides.join(' vs ') } };
    }
    case 'feedback':
      // "/feedback bad" rates the last answer in this conversation; buttons name theirs.
      return inv.args['answer'] === undefined && turn?.answer ? { kind: 'args', args: { ...inv.args, answer: turn.answer } } : NONE;
    default:
      return NONE;
  }
}

/** The line that says what "that" was, above a follow-up's answer. */
export function thatLine(f: Figure, locale: Locale, per?: 'day' | 'year' | 'hour'): string {
  const over = per ? say(locale, `, taken over one ${per}`, `，按一${{ day: '天', year: '年', hour: '小时' }[per]}计`) : '';
  return say(locale, `“That” is ${thatText(f, locale)}${over}.`, `“那个”指的是${thatText(f, locale)}${over}。`);
}

/** The figure's name in a title: "ChatGPT's electricity use per day (500,000 kWh/day), for a day". */
export function thatTitle(f: Figure, locale: Locale, per?: 'day' | 'year' | 'hour'): string {
  const over = per ? say(locale, `, for a ${per}`, `，一${{ day: '天', year: '年', hour: '小时' }[per]}`) : '';
  return `${thatText(f, locale)}${over}`;
}
