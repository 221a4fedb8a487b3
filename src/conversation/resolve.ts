import type { SearchIndex } from '../facts/search.js';
import type { FactStore } from '../facts/store.js';
import { type Locale, say } from '../locale.js';
import { convert } from '../quantities/convert.js';
import { findEquivalence, parseConvert, parseTarget, type Target } from '../quantities/parse.js';
import { quickValue } from '../quantities/quick-value.js';
import { resolveSide, splitSides } from '../quantities/sides.js';
import type { Action, Reply } from '../replies/model.js';
import { afterRefer, type FollowUp, isRefer, readFollowUp } from './followup.js';
import { askedOf, bestTarget, countsYardstick, figureIn, routeNumbers } from './numbers.js';
import { type Compiled, compile, indexOfPhrase, normalize, startsWith, stripEnd, stripStart } from './phrases.js';
import { aboutReply, thatText, whichReply } from './replies.js';
import { type Figure, factFigures, type Pending, type Turn, type Want } from './turn.js';

/**
 * What a message means in its conversation: the same command, a different command line
 * ("and in homes?" is /convert 500000 kWh/day to households), an answer about the last answer,
 * or a question back when "that" has nothing to mean. Pure: the caller runs what comes back.
 */

export type Resolution =
  /**
   * Run this command line instead; `that` is the figure it converts (`per`: taken over one such
   * period, for a rate asked in an energy unit), `touched` the facts a number question touches,
   * `others` the other figures "that" could have meant, offered as buttons.
   */
  | { kind: 'run'; line: string; that?: Figure; over?: string; touched?: string[]; stated?: string[]; others?: Action[] }
  /** `pending`: the conversion asked for, kept until the next message says which figure. */
  | { kind: 'reply'; reply: Reply; pending?: Pending }
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

function nothing(turn: Turn | undefined, locale: Locale, pending?: Pending): Resolution {
  const why = turn?.error ? 'error' : turn && turn.subjects.length > 0 ? 'no-figure' : 'nothing';
  return { kind: 'reply', reply: whichReply(locale, why), ...(pending && { pending }) };
}

const RATE = /\/(day|year|hour)$/;

/**
 * The /convert line for a figure and what was asked of it. A power asked in an energy unit runs
 * for the duration given, or the one its fact states, or (a rate) one of its own period; an
 * energy asked as a power or in homes is spread over the duration given or its own.
 */
function conversion(f: Figure, want: Want, ctx: Context): { line: string; over?: string } {
  const target = want.parsed ?? (want.target ? parsedTarget(want.target, ctx) : undefined);
  // A duration alone ("over a year?", "一年呢") asks what the figure comes to over it.
  const asks: 'energy' | 'power' | 'count' | undefined = target
    ? target.kind === 'equivalence'
      ? 'count'
      : target.dimension === 'energy'
        ? 'energy'
        : 'power'
    : (want.ask ?? (want.duration ? (f.dimension === 'power' ? 'energy' : 'power') : undefined));
  const rate = RATE.exec(f.unit);
  let base = literal(f);
  let over: string | undefined;
  if (f.dimension === 'power' && asks === 'energy') {
    over = want.duration ?? f.over ?? (rate ? `1 ${rate[1]}` : undefined);
    if (over) base += ` for ${over}`;
  } else if (f.dimension === 'energy' && (asks === 'power' || asks === 'count')) {
    over = want.duration ?? f.over;
    if (over) base += ` over ${over}`;
  }
  const unit = want.target ?? (asks === 'energy' || asks === 'power' ? (bestTarget(base, ctx.store, asks) ?? (asks === 'energy' ? 'GWh' : 'MW')) : undefined);
  return { line: unit ? `/convert ${base} to ${unit}` : `/convert ${base}`, ...(over && { over }) };
}

function parsedTarget(target: string, ctx: Context): Target | undefined {
  const t = parseTarget(target, ctx.store.equivalences, true);
  return t.ok ? t.value : undefined;
}

/**
 * Facts that may state what a conversion of a figure comes to: the ones its fact links to. Not
 * its own fact, which "states" its own figure over any time trivially.
 */
function statable(f: Figure, ctx: Context): string[] {
  const fact = f.fact ? ctx.store.byId.get(f.fact) : undefined;
  return fact ? [...fact.related] : [];
}

function wantOf(fu: Extract<FollowUp, { kind: 'convert' }>): Want {
  return { ...(fu.target && { target: fu.target }), ...(fu.parsed && { parsed: fu.parsed }), ...(fu.ask && { ask: fu.ask }), ...(fu.duration && { duration: fu.duration }) };
}

/** The conversion of the last answer's figure: its main one, with the others as buttons (a comparison's two sides are asked about). */
function convertLast(turn: Turn, want: Want, ctx: Context, locale: Locale): Resolution {
  // The main figure (a comparison's first side), the others one button away.
  const [first, ...rest] = turn.figures;
  if (!first) return nothing(turn, locale, { want });
  const c = conversion(first, want, ctx);
  const others = rest.map((f) => ({ label: say(locale, `Or: ${thatText(f, locale)}`, `或者：${thatText(f, locale)}`), command: conversion(f, want, ctx).line }));
  return { kind: 'run', line: c.line, that: first, ...(c.over && { over: c.over }), stated: statable(first, ctx), ...(others.length && { others }) };
}

/** A comparison side for the last figure: its fact id where the fact's own figure is meant, so the answer keeps the speaker. */
function sideFor(f: Figure, store: FactStore, locale: Locale): string {
  if (f.fact) {
    const first = factFigures(f.fact, store, locale)[0];
    if (first && first.unit === f.unit && first.value === f.value) return f.fact;
  }
  return literal(f);
}

const HAS_NUMBER = /(?<![A-Za-z0-9.,])\d/;

/**
 * A side /compare reads as meant: anything it resolves, except words with a number in them that
 * only the search made sense of ("一座2000兆瓦电厂一天的发电量"), which the number route reads better.
 */
function clean(side: string, ctx: Context): boolean {
  if (ctx.store.byId.has(side)) return true;
  const r = resolveSide(side, ctx.store, ctx.search);
  return r.ok && (!HAS_NUMBER.test(side) || r.side.source.kind !== 'fact');
}

/**
 * A comparison the episode itself makes is that fact's answer ("how much more energy does an AI
 * query use compared to a Google search?": the fact that puts one at 10–100 times the other),
 * not Wattson's arithmetic on some other fact (ChatGPT's daily use) and a yardstick: the whole
 * question finds one fact confidently, and no side that is a fact's figure is among the facts
 * the whole question finds first. "How does ChatGPT's daily use compare to a big power plant?"
 * finds ChatGPT's facts, so it is compared.
 */
function oneFactAnswers(q: string, sides: readonly string[], ctx: Context): boolean {
  const whole = ctx.search.search(q, SAME_SUBJECT);
  if (!whole.confident) return false;
  const found = new Set(whole.hits.map((h) => h.fact.id));
  const facts = sides.flatMap((side) => {
    const r = resolveSide(side, ctx.store, ctx.search);
    return r.ok && r.side.source.kind === 'fact' ? [r.side.source.fact.id] : [];
  });
  return facts.length > 0 && facts.every((f) => !found.has(f));
}

/** How many of the whole question's facts count as its subject. */
const SAME_SUBJECT = 3;

/** The two sides of a free-text comparison; a template without {a} compares the last answer's figure ("that"). */
function readComparison(text: string, c: Compiled): [string, string] | undefined {
  const s = stripEnd(stripStart(normalize(text), c.filler).rest, c.filler).rest;
  const lower = s.toLowerCase();
  for (const { re, needs } of c.compare) {
    if (!needs.every((w) => lower.includes(w))) continue;
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
  return fill(turn.figures[0]!);
}

/** The fact the words name ("the google number"): one of the last answer's if they name one, else the one the search is sure of. */
function namedSubject(words: string, turn: Turn | undefined, ctx: Context): string | undefined {
  const candidates = new Set([...(turn?.subjects ?? []), ...(turn?.shown ?? [])]);
  const r = ctx.search.search(words, 10);
  return r.hits.find((h) => candidates.has(h.fact.id))?.fact.id ?? (r.confident ? r.hits[0]?.fact.id : undefined);
}

/** Very short, or opening with "and …" / "那…": a question that leans on the one before it ("by 2030?", "那一天呢"). */
function elliptical(q: string, c: Compiled): boolean {
  const s = normalize(q);
  const han = /\p{Script=Han}/u.test(s);
  if (han ? Array.from(s).length <= 6 : s.split(' ').length <= 3) return true;
  // A short question that points back ("when will it ease?", "那它呢") leans on the last answer too.
  const short = han ? Array.from(s).length <= 10 : s.split(' ').length <= 6;
  if (short && c.refer.some((w) => indexOfPhrase(s, w) >= 0)) return true;
  return startsWith(s, c.lean) !== undefined;
}

/**
 * A question that leans on the last answer ("by 2030?", "and a power plant?" after data-centre
 * build times, "那一天呢" after Google's yearly figure) stays with that answer or moves to one of
 * its related facts (the store's own links). Among those, the one the new words match best wins;
 * if the new words match none of them, the best related fact for both questions together. A
 * question that plainly names something else ("what is ITER?") is asked as it came.
 */
function lean(q: string, turn: Turn | undefined, c: Compiled, ctx: Context): Resolution {
  const last = turn?.subjects[0];
  if (!turn || turn.error || !last || !turn.question || !elliptical(q, c)) return NONE;
  const fact = ctx.store.byId.get(last);
  if (!fact) return NONE;
  const related = new Set(fact.related);
  for (const other of ctx.store.facts) if (other.related.includes(last)) related.add(other.id);
  const alone = ctx.search.search(q, 5);
  if (!alone.substantive) return NONE;
  // The new words alone must be sure of something ("how tall is the Eiffel tower?" is not); thin words ("那一天呢") borrow the last question's.
  const near = alone.confident ? alone.hits.slice(0, 5).find((h) => h.fact.id === last || related.has(h.fact.id)) : undefined;
  const hit = near ?? ctx.search.search(`${turn.question} ${q}`, 5).hits.find((h) => related.has(h.fact.id));
  if (!hit) return NONE;
  const top = alone.confident ? alone.hits[0] : undefined;
  // Where /ask would find the same fact on its own words, it answers as usual.
  if (top && top.fact.id === hit.fact.id) return NONE;
  const movedOn = top !== undefined && top.fact.id !== hit.fact.id && top.fact.id !== last && !related.has(top.fact.id) && top.score > 2 * (near?.score ?? 0);
  return movedOn ? NONE : { kind: 'run', line: `/fact ${hit.fact.id}` };
}

/** After "which figure?", a message that names one completes the conversion that was asked for. */
function complete(q: string, pending: Pending, c: Compiled, ctx: Context, locale: Locale): Resolution {
  const f = figureIn(q, c, ctx.store, ctx.search, locale);
  if (!f) return NONE;
  const line = conversion(f, pending.want, ctx);
  return { kind: 'run', line: line.line, that: f, ...(line.over && { over: line.over }) };
}

function question(q: string, turn: Turn | undefined, c: Compiled, ctx: Context, locale: Locale): Resolution {
  // The answer to "which figure?": "the chatgpt daily figure", "ChatGPT一天那个".
  if (turn?.pending && turn.figures.length === 0) {
    const done = complete(q, turn.pending, c, ctx, locale);
    if (done.kind !== 'none') return done;
  }
  const fu = readFollowUp(q, c, ctx.store.equivalences);
  if (fu?.kind === 'about') {
    let subject: Turn;
    if (fu.subject) {
      // "who said fusion is near?": whichever fact the words name, in the last answer or not.
      const named = namedSubject(fu.subject, turn, ctx);
      if (!named) return NONE;
      const base: Turn = turn && !turn.error ? turn : { at: 0, locale, command: 'ask', subjects: [], shown: [], figures: [], notes: [] };
      subject = { ...base, subjects: [named], figures: factFigures(named, ctx.store, locale) };
    } else if (!usable(turn)) return nothing(turn, locale);
    else subject = turn;
    const reply = aboutReply(fu.about, subject, ctx.store, locale);
    if (reply) return { kind: 'reply', reply };
    // "more" on a conversion: every unit of that quantity.
    const f = subject.figures[0];
    return f ? { kind: 'run', line: `/convert ${literal(f)}`, that: f } : nothing(turn, locale);
  }
  if (fu?.kind === 'convert') {
    const want = wantOf(fu);
    if (!usable(turn) || turn.figures.length === 0) return nothing(turn, locale, { want });
    return convertLast(turn, want, ctx, locale);
  }
  const pair = readComparison(q, c);
  if (pair) {
    const sides = compareSides(pair, turn, c, ctx, locale);
    if (!Array.isArray(sides)) return sides;
    if (sides.some((side) => countedByFact(q, side, ctx))) return NONE;
    if (sides.every((s) => clean(s, ctx)) && !oneFactAnswers(q, sides, ctx)) return { kind: 'run', line: `/compare ${sides[0]} vs ${sides[1]}` };
  }
  const numbers = routeNumbers(q, c, ctx.store, ctx.search);
  if (numbers) return { kind: 'run', line: numbers.line, touched: numbers.touched };
  const fromFact = figureQuestion(q, c, ctx, locale);
  if (fromFact) return fromFact;
  return lean(q, turn, c, ctx);
}

/**
 * A question about a figure the episode states, asked in a unit of its own ("chatgpt's
 * electricity over 30 days in GWh?", "chatgpt每天用电多少度？"): the fact's figure converted, the
 * fact linked, or the fact itself where it states the answer.
 */
function figureQuestion(q: string, c: Compiled, ctx: Context, locale: Locale): Resolution | undefined {
  const asked = askedOf(q, c, ctx.store);
  if (!asked.target) return undefined;
  const r = ctx.search.search(q, 3);
  const best = r.confident ? r.hits[0] : undefined;
  const f = best ? factFigures(best.fact.id, ctx.store, locale)[0] : undefined;
  if (!f || !best) return undefined;
  const line = conversion(f, { target: asked.target, ...(asked.duration && { duration: asked.duration }) }, ctx);
  // "ChatGPT一天用多少度电": the fact already states the answer (500,000 kWh a day is 500,000 度
  // in one day), so /ask answers with the fact itself, quote and context included.
  if (statesAnswer(line.line, f, ctx)) return undefined;
  return { kind: 'run', line: line.line, that: f, ...(line.over && { over: line.over }), touched: [best.fact.id] };
}

/**
 * "How many US homes is ChatGPT's electricity equal to?": the fact the question is about
 * already counts that yardstick (20,000 US households), so the answer is the episode's figure
 * with its quote, not the ratio worked out again.
 */
function countedByFact(q: string, side: string, ctx: Context): boolean {
  const yardstick = findEquivalence(side, ctx.store.equivalences);
  if (!yardstick) return false;
  const r = ctx.search.search(q, 3);
  const best = r.confident ? r.hits[0] : undefined;
  if (!best) return false;
  return countsYardstick(best.fact, yardstick);
}

/** True when converting the figure gives back its own number ("how many H100s does Meta have?" in H100s): the question asks for the figure as stated. */
function statesAnswer(line: string, f: Figure, ctx: Context): boolean {
  const parsed = parseConvert(line.replace(/^\/convert\s+/, ''), ctx.store.equivalences);
  if (!parsed.ok || !parsed.value.target) return false;
  const { target, duration } = parsed.value;
  // Asked in the figure's own unit or yardstick, with no time to apply: nothing to work out.
  if (!duration && (target.kind === 'equivalence' ? target.equivalence.id === f.unit : target.unit === f.unit && target.scale === undefined)) return true;
  const same = (value: number | undefined) => value !== undefined && f.value !== 0 && Math.abs(value - f.value) <= 1e-9 * Math.abs(f.value);
  // Worked out from the unit tables first: when it is the figure, the answer is the fact and the
  // units library is never loaded. Otherwise the answer is a conversion, which needs it anyway.
  if (same(quickValue(parsed.value))) return true;
  const done = convert(parsed.value, ctx.store.equivalences);
  return same(done.ok ? done.value.asked?.value : undefined);
}

const SEPARATOR = /^(?:to|in|into|as|->|→|换成|换算成|转换成|转成|折合)\s*/i;

function convertArg(quantity: string, turn: Turn | undefined, c: Compiled, ctx: Context, locale: Locale): Resolution {
  const rest = afterRefer(quantity, c);
  if (rest === undefined) return NONE;
  // "that" alone, or "that to households": anything else after it ("that was 5 MW") is not a reference.
  if (rest && !SEPARATOR.test(rest)) return NONE;
  const target = rest.replace(SEPARATOR, '').trim();
  const fu = target ? readFollowUp(target, c, ctx.store.equivalences) : undefined;
  const want: Want = fu?.kind === 'convert' ? wantOf(fu) : target ? { target } : {};
  if (!usable(turn) || turn.figures.length === 0) return nothing(turn, locale, { want });
  return convertLast(turn, want, ctx, locale);
}

export function resolve(inv: Invoked, last: Turn | undefined, ctx: Context): Resolution {
  const phrases = ctx.store.conversation;
  if (!phrases) return NONE;
  const c = compile(phrases);
  const { locale } = inv;
  // The turn may have been written in the other language: its figures are read in this one.
  const turn = last && last.locale !== locale ? { ...last, figures: last.figures.map((f) => localized(f, ctx.store, locale)) } : last;
  switch (inv.command) {
    case 'ask': {
      const q = inv.args['question'];
      return typeof q === 'string' ? question(ctx.search.simplified(q), turn, c, ctx, locale) : NONE;
    }
    case 'convert': {
      const q = inv.args['quantity'];
      return typeof q === 'string' ? convertArg(ctx.search.simplified(q), turn, c, ctx, locale) : NONE;
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

function localized(f: Figure, store: FactStore, locale: Locale): Figure {
  if (!f.fact) return f;
  return factFigures(f.fact, store, locale).find((g) => g.unit === f.unit && g.value === f.value) ?? f;
}

/** A duration Wattson chose (a rate's own period) read in the answer's language: "1 day", "一天". */
function shownOver(over: string, locale: Locale): string {
  const own = /^1 (day|year|hour)$/.exec(over);
  return own && locale === 'zh' ? { day: '一天', year: '一年', hour: '一小时' }[own[1] as 'day' | 'year' | 'hour'] : over;
}

/** The line that says what "that" was, above a follow-up's answer. */
export function thatLine(f: Figure, locale: Locale, over?: string): string {
  const time = over ? say(locale, `, over ${over}`, `，按${shownOver(over, locale)}计`) : '';
  return say(locale, `“That” is ${thatText(f, locale)}${time}.`, `“那个”指的是${thatText(f, locale)}${time}。`);
}

/** The figure's name in a title: "ChatGPT's electricity use per day (500,000 kWh/day), over 1 day". */
export function thatTitle(f: Figure, locale: Locale, over?: string): string {
  return `${thatText(f, locale)}${over ? say(locale, `, over ${over}`, `，${shownOver(over, locale)}`) : ''}`;
}
