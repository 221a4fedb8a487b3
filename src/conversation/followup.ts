import type { AboutKind } from '../facts/conversation.js';
import type { Equivalence } from '../facts/schema.js';
import { parseTarget, type Target } from '../quantities/parse.js';
import { type Compiled, normalize, startsWith, stripEnd, stripStart } from './phrases.js';

/**
 * Reading a message as a follow-up to the last answer: a question about it ("who said that?",
 * "出处呢", "more") or a conversion of its figure ("and in homes?", "那换算成度呢"). What counts
 * as a follow-up is facts/conversation.yaml's phrases around a unit or yardstick /convert knows.
 */

export type FollowUp = { kind: 'about'; about: AboutKind } | { kind: 'convert'; target: string; parsed: Target };

/** Follow-ups are short; a long message is a question of its own, and is not searched for one. */
const MAX_FOLLOW_UP = 80;

export function readFollowUp(text: string, c: Compiled, equivalences: readonly Equivalence[]): FollowUp | undefined {
  const s = normalize(text);
  if (!s || s.length > MAX_FOLLOW_UP) return undefined;
  const core = stripEnd(stripStart(s, c.filler).rest, c.filler, c.refer).rest.toLowerCase();
  for (const { kind, phrases } of c.about) if (phrases.has(core) || phrases.has(s.toLowerCase())) return { kind: 'about', about: kind };

  const head = stripStart(s, c.filler, c.refer, c.lead);
  const tail = stripEnd(head.rest, c.trail, c.refer, c.filler);
  const middle = tail.rest;
  if (!middle) return undefined;
  const taken = [...head.taken, ...tail.taken];
  const pointed = taken.some((t) => c.lead.includes(t) || c.refer.includes(t));
  // "what's GWh?" asks about a unit; "GWh?" alone, "that in GWh", "and in homes?" convert the last figure.
  if (taken.length > 0 && !pointed) return undefined;
  const target = parseTarget(middle, equivalences, true);
  if (!target.ok) return undefined;
  if (target.value.kind === 'unit' && target.value.dimension !== 'energy' && target.value.dimension !== 'power') return undefined;
  if (target.value.kind === 'equivalence' && c.places.has(middle.toLowerCase()) && !taken.some((t) => c.countLeads.has(t))) return undefined;
  return { kind: 'convert', target: middle, parsed: target.value };
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
