import escapeStringRegexp from 'escape-string-regexp';
import type { AboutKind, ConversationPhrases } from '../facts/conversation.js';
import { MAGNITUDE } from '../quantities/parse.js';

/**
 * The phrasings of facts/conversation.yaml, compiled once per store into what matching needs:
 * phrase lists longest first (so "who said" is tried before "who"), and the comparison and price
 * templates as regular expressions. English phrases match on word boundaries, Chinese anywhere.
 */

export interface Compiled {
  refer: readonly string[];
  filler: readonly string[];
  /** Openers of a question that leans on the last answer. */
  lean: readonly string[];
  /** Words between "who said" and the figure it names: "the source for that". */
  links: readonly string[];
  about: ReadonlyArray<{ kind: AboutKind; phrases: ReadonlySet<string> }>;
  /** The "who said" and "where from" phrases that may lead a named figure: two words or three characters, longest first. */
  aboutLeads: ReadonlyArray<{ kind: AboutKind; phrases: readonly string[] }>;
  lead: readonly string[];
  trail: readonly string[];
  places: ReadonlySet<string>;
  countLeads: ReadonlySet<string>;
  /** Words that ask for energy or power in a follow-up, longest first. */
  dimensionWords: ReadonlyArray<{ kind: 'energy' | 'power'; phrase: string }>;
  dimensionPhrases: readonly string[];
  /** Comparison templates, each with the words it cannot match without (tested first: a regex per template is slow). */
  compare: ReadonlyArray<{ re: RegExp; needs: readonly string[] }>;
  targetLead: readonly string[];
  asks: ReadonlyArray<{ kind: 'energy' | 'power' | 'cost'; phrase: string }>;
  durationLead: readonly string[];
  /** The words inside a duration that do not change it, as one expression. */
  durationFillerRe: RegExp;
  prices: ReadonlyArray<{ re: RegExp; usdPerKwh: number }>;
  /** Words after a number that offer it to be checked ("…, right?", "…吗"), longest first. */
  checkTags: readonly string[];
}

const both = (p: { en: string[]; zh: string[] }) => [...p.en, ...p.zh];
const longestFirst = (list: string[]) => [...new Set(list)].sort((a, b) => b.length - a.length);

/** "how does {a} compare to {b}" → /^how\s+does\s*(?<a>.+?)\s*compare\s+to\s*(?<b>.+?)$/iu, spaces loose. */
function templateRegex(t: string): RegExp {
  const body = t
    .split(/(\{a\}|\{b\})/)
    .map((part) => (part === '{a}' ? '(?<a>.+?)' : part === '{b}' ? '(?<b>.+?)' : escapeStringRegexp(part.trim()).replace(/\s+/g, '\\s+')))
    .join('\\s*');
  return new RegExp(`^${body}$`, 'iu');
}

/** "{n} cents per kwh" → a regex capturing the number, anywhere in the text. */
const MAGNITUDE_WORDS = Object.keys(MAGNITUDE)
  .sort((a, b) => b.length - a.length)
  .map((w) => escapeStringRegexp(w))
  .join('|');

function priceRegex(p: string): RegExp {
  const [before = '', after = ''] = p.split('{n}');
  const loose = (s: string) => escapeStringRegexp(s.trim()).replace(/\s+/g, '\\s*');
  // "$1M", "$5 billion", "$10亿" are sums of money, not a price per kWh: a bare "${n}" takes no
  // magnitude word (the quantity parser's own) after it.
  const sum = after.trim() ? '' : `(?!\\d|[.,]\\d|\\s*(?:${MAGNITUDE_WORDS})(?![a-z]))`;
  return new RegExp(`${loose(before)}\\s*(\\d+(?:\\.\\d+)?)${sum}\\s*${loose(after)}${/[a-z]$/i.test(after) ? '\\b' : ''}`, 'i');
}

const cache = new WeakMap<ConversationPhrases, Compiled>();

export function compile(p: ConversationPhrases): Compiled {
  let c = cache.get(p);
  if (c) return c;
  c = {
    refer: longestFirst(both(p.refer)),
    filler: longestFirst(both(p.filler)),
    about: (['speaker', 'source', 'more', 'why'] as const satisfies readonly AboutKind[]).map((kind) => ({ kind, phrases: new Set(both(p.about[kind])) })),
    aboutLeads: (['speaker', 'source'] as const).map((kind) => ({ kind, phrases: longestFirst(both(p.about[kind]).filter((x) => x.includes(' ') || /\p{Script=Han}{3}/u.test(x))) })),
    links: longestFirst(both(p.about.links)),
    lean: longestFirst(both(p.lean)),
    lead: longestFirst(both(p.convert.lead)),
    trail: longestFirst(both(p.convert.trail)),
    places: new Set(both(p.convert.places)),
    countLeads: new Set(both(p.convert.count_leads)),
    dimensionWords: (['energy', 'power'] as const).flatMap((kind) => both(p.convert.asks[kind]).map((phrase) => ({ kind, phrase }))).sort((a, b) => b.phrase.length - a.phrase.length),
    dimensionPhrases: longestFirst((['energy', 'power'] as const).flatMap((kind) => both(p.convert.asks[kind]))),
    compare: [...p.compare.en, ...p.compare.zh].map((t) => ({
      re: templateRegex(t),
      needs: t
        .split(/\{[ab]\}/)
        .map((x) => x.trim().toLowerCase())
        .filter(Boolean),
    })),
    targetLead: longestFirst(both(p.numbers.target_lead)),
    asks: (['energy', 'power', 'cost'] as const).flatMap((kind) => both(p.numbers.asks[kind]).map((phrase) => ({ kind, phrase }))).sort((a, b) => b.phrase.length - a.phrase.length),
    durationLead: longestFirst(both(p.numbers.duration_lead)),
    durationFillerRe: new RegExp(
      longestFirst(both(p.numbers.duration_filler))
        .map((f) => (/\p{Script=Han}/u.test(f) ? escapeStringRegexp(f) : `\\b${escapeStringRegexp(f)}\\b`))
        .join('|') || '(?!)',
      'giu',
    ),
    prices: p.numbers.prices.map((x) => ({ re: priceRegex(x.pattern), usdPerKwh: x.usd_per_kwh })),
    checkTags: longestFirst(both(p.numbers.check_tags)),
  };
  cache.set(p, c);
  return c;
}

/**
 * A message as matching sees it: curly quotes straightened, punctuation that carries no
 * meaning dropped, spaces collapsed. Case is kept (MW is not mW); phrases compare lower-cased.
 */
let lastIn: string | undefined;
let lastOut = '';

export function normalize(text: string): string {
  // One message is normalised by several readers in turn; the last result is kept.
  if (text === lastIn) return lastOut;
  lastIn = text;
  lastOut = normalizeText(text);
  return lastOut;
}

function normalizeText(text: string): string {
  return text
    .replace(/[’‘]/g, "'")
    .replace(/[?？!！。，,;；:：“”"…()（）[\]【】<>《》~～]+/g, ' ')
    .replace(/(?<!\d)\.(?!\d)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const WORD = /[\p{L}\p{N}']/u;
const HAN = /\p{Script=Han}/u;

/** True where a phrase may end or begin: not inside a word (Chinese characters need no spaces). */
function boundary(before: string | undefined, after: string | undefined): boolean {
  if (before === undefined || after === undefined) return true;
  if (HAN.test(before) || HAN.test(after)) return true;
  return !(WORD.test(before) && WORD.test(after));
}

/** The phrase the text starts with, longest first, if any. `lower` is the text lower-cased, when the caller has it. */
export function startsWith(text: string, list: readonly string[], lower = text.toLowerCase()): string | undefined {
  return list.find((p) => lower.startsWith(p) && boundary(p.at(-1), text[p.length]));
}

export function endsWith(text: string, list: readonly string[], lower = text.toLowerCase()): string | undefined {
  return list.find((p) => lower.endsWith(p) && boundary(text[text.length - p.length - 1], p[0]));
}

/** Where a phrase occurs as whole words (anywhere, for Chinese), or -1. */
export function indexOfPhrase(text: string, phrase: string, from = 0): number {
  const lower = text.toLowerCase();
  for (let i = lower.indexOf(phrase, from); i >= 0; i = lower.indexOf(phrase, i + 1)) {
    if (boundary(text[i - 1], phrase[0]) && boundary(phrase.at(-1), text[i + phrase.length])) return i;
  }
  return -1;
}

export interface Stripped {
  rest: string;
  /** The phrases taken off, in order. */
  taken: string[];
}

/** Takes phrases from the lists off one end of the text, as many as there are, longest first. */
function strip(text: string, side: 'start' | 'end', lists: ReadonlyArray<readonly string[]>): Stripped {
  let rest = text.trim();
  const taken: string[] = [];
  for (;;) {
    const lower = rest.toLowerCase();
    let hit: string | undefined;
    for (const l of lists) {
      const p = side === 'start' ? startsWith(rest, l, lower) : endsWith(rest, l, lower);
      if (p && p.length > (hit?.length ?? 0)) hit = p;
    }
    if (!hit) return { rest, taken };
    if (side === 'start') {
      taken.push(hit);
      rest = rest.slice(hit.length).trim();
    } else {
      taken.unshift(hit);
      rest = rest.slice(0, rest.length - hit.length).trim();
    }
  }
}

export function stripStart(text: string, ...lists: ReadonlyArray<readonly string[]>): Stripped {
  return strip(text, 'start', lists);
}

export function stripEnd(text: string, ...lists: ReadonlyArray<readonly string[]>): Stripped {
  return strip(text, 'end', lists);
}
