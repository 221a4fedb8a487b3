import type { AboutKind } from '../facts/conversation.js';
import type { Equivalence } from '../facts/schema.js';
import { mayStartTarget, parseTarget, type Target } from '../quantities/parse.js';
import { findDuration } from './numbers.js';
import { type Compiled, endsWith, normalize, startsWith, stripEnd, stripStart } from './phrases.js';

/**
 * Reading a message as a follow-up to the last answer: a question about it ("who said that?",
 * "出处呢", "more", "who said the google number?") or a conversion of its figure ("and in
 * homes?", "那换算成度呢", "what's that over a year in GWh", "how much power is that?"). What
 * counts as a follow-up is facts/conversation.yaml's phrases around a unit or yardstick
 * /convert knows, a duration, or a word asking for energy or power.
 */

export type FollowUp =
  /** `subject`: the words that name which of the last answer's figures ("the google number"). */
  | { kind: 'about'; about: AboutKind; subject?: string }
  /** Convert the last figure: to `target`, or to the best unit of `ask`, over `duration` if given. */
  | { kind: 'convert'; target?: string; parsed?: Target; ask?: 'energy' | 'power'; duration?: string };

/** Follow-ups are short; a long message is a question of its own, and is not searched for one. */
const MAX_FOLLOW_UP = 80;
const MAX_WORDS = 10;
const MAX_HAN = 20;
/** A subject named after "who said" is a few words: "the google number", "ChatGPT那个数". */
const MAX_SUBJECT = 24;

function readAbout(s: string, c: Compiled): FollowUp | undefined {
  const lower = s.toLowerCase();
  const core = stripEnd(stripStart(s, c.filler).rest, c.filler, c.refer).rest.toLowerCase();
  for (const { kind, phrases } of c.about) if (phrases.has(core) || phrases.has(lower)) return { kind: 'about', about: kind };
  // "who said the google number?", "ChatGPT那个数谁说的": who said, or where from, one figure, named.
  // Only phrases of two words or three characters lead a subject: "who is the CEO", "Helion的CEO是谁" are no follow-ups.
  // A leading "that" goes with the filler, longest first, so the filler's 那 never takes the
  // start of 那个数字 ("那个数字是谁说的" names no figure but the last one).
  const body = stripStart(s, c.filler, c.refer).rest;
  for (const { kind, phrases: list } of c.aboutLeads) {
    const head = startsWith(body, list);
    const tail = head ? undefined : endsWith(body, list);
    const rest = head ? body.slice(head.length) : tail ? body.slice(0, body.length - tail.length) : undefined;
    // "the source for that" names no figure but the last one.
    const subject = rest === undefined ? undefined : stripEnd(stripStart(rest, c.filler, c.links, c.refer).rest, c.filler, c.links, c.refer).rest;
    if (rest !== undefined && !subject) return { kind: 'about', about: kind };
    if (subject && subject.length <= MAX_SUBJECT) return { kind: 'about', about: kind, subject };
  }
  return undefined;
}

export function readFollowUp(text: string, c: Compiled, equivalences: readonly Equivalence[]): FollowUp | undefined {
  const whole = normalize(text);
  if (!whole || whole.length > MAX_FOLLOW_UP) return undefined;
  if (/\p{Script=Han}/u.test(whole) ? Array.from(whole).length > MAX_HAN : whole.split(' ').length > MAX_WORDS) return undefined;
  const about = readAbout(whole, c);
  if (about) return about;

  const d = findDuration(whole, c);
  const s = d ? `${whole.slice(0, d.start)} ${whole.slice(d.end)}`.replace(/\s+/g, ' ').trim() : whole;
  // Words asking for energy or power are set aside only where no unit is left without them ("in power plants" names one).
  const strip = (extra: readonly string[]) => {
    const head = stripStart(s, c.filler, c.refer, c.lead, extra);
    const tail = stripEnd(head.rest, c.trail, c.refer, c.filler, extra);
    // A lead points only before the unit ("多少度"); after it ("谷歌搜索…耗电多少") it is the question's own "how much".
    const pointed = head.taken.some((t) => c.lead.includes(t) || c.refer.includes(t)) || tail.taken.some((t) => c.refer.includes(t));
    return { middle: tail.rest, taken: [...head.taken, ...tail.taken], pointed };
  };
  let { middle, taken, pointed } = strip([]);
  if (middle && !(mayStartTarget(middle, equivalences) && parseTarget(middle, equivalences, true).ok)) ({ middle, taken, pointed } = strip(c.dimensionPhrases));
  const ask = c.dimensionWords.find((w) => taken.includes(w.phrase))?.kind;
  if (!middle) {
    // "how much power is that?", "over a year?", "一年呢": a kind of quantity or a duration, no unit.
    if (!(ask || d) || !(pointed || d || taken.length === 0)) return undefined;
    return { kind: 'convert', ...(ask && { ask }), ...(d && { duration: d.text }) };
  }
  // "what's GWh?" asks about a unit and "ChatGPT一天耗多少电" about ChatGPT; "GWh?" alone, "that in
  // GWh", "and in homes?" convert the last figure.
  if (taken.length > 0 && !pointed) return undefined;
  const target = mayStartTarget(middle, equivalences) ? parseTarget(middle, equivalences, true) : undefined;
  if (!target?.ok) return undefined;
  if (target.value.kind === 'unit' && target.value.dimension !== 'energy' && target.value.dimension !== 'power') return undefined;
  if (target.value.kind === 'equivalence' && c.places.has(middle.toLowerCase()) && !taken.some((t) => c.countLeads.has(t))) return undefined;
  return { kind: 'convert', target: middle, parsed: target.value, ...(d && { duration: d.text }) };
}

/**
 * "that to households", "it in GWh", "那个 换成 度": a /convert or /compare argument that starts
 * with a word for the last figure. Returns what follows that word.
 */
export function afterRefer(text: string, c: Compiled): string | undefined {
  const hit = startsWith(text.trim(), c.refer);
  return hit === undefined ? undefined : text.trim().slice(hit.length).trim();
}

/** A side of a comparison that is only a word for the last figure ("that", "它"). */
export function isRefer(text: string, c: Compiled): boolean {
  const t = normalize(text);
  return t.length > 0 && stripStart(t, c.refer, c.filler).rest === '' && startsWith(t, c.refer) !== undefined;
}
