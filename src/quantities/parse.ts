import Fuse from 'fuse.js';
import type { Equivalence } from '../facts/schema.js';
import { cleanInput } from '../text/clean.js';
import { type Dimension, dimensionOf, math, type Unit } from './math.js';

/**
 * Reads what people type for a quantity: "500000 kWh/day", "290亿千瓦时", "29 billion kWh per
 * year", "70 MW for 90 days", "1.2 GW to households". Only the lexicon lives here (words to
 * unit symbols); every factor comes from the units library.
 */

export type QuantityError =
  | { code: 'empty' }
  | { code: 'too-long'; max: number }
  | { code: 'no-number'; text: string }
  | { code: 'bad-number'; text: string }
  | { code: 'no-unit'; text: string }
  | { code: 'case-slip'; typed: string; meant: string[] }
  | { code: 'unknown-unit'; typed: string; closest: string[] }
  | { code: 'bad-duration'; text: string }
  | { code: 'negative-duration'; text: string };

export interface ParsedAmount {
  value: number;
  /** The number as typed, for keeping the user's significant digits. */
  literal: string;
  /** A mathjs unit expression, e.g. "kWh / day". */
  unit: string;
  /** The unit as the user should see it back, e.g. "kWh/day". */
  display: string;
  dimension: Dimension;
  /**
   * Set when the amount counts a yardstick ("20000 H100", "2 nuclear plants", "3 ChatGPT-days"):
   * `value` and `unit` are then the physical quantity (count × the yardstick's amount, times the
   * period for a "-day" count), and `n` the count as typed.
   */
  count?: { n: number; equivalence: Equivalence; period?: 'hour' | 'day' | 'year' };
}

/**
 * `scale` is a magnitude typed before the unit ("to 亿度", "万千瓦", "to billion kWh"): the
 * answer is given in that many units. `label` is the unit as a Chinese reader typed it (度),
 * for the text; `display` stays the symbol, which the JSON reports.
 */
export type Target = { kind: 'unit'; unit: string; display: string; dimension: Dimension; scale?: number; label?: string } | { kind: 'equivalence'; equivalence: Equivalence; typed: string };

export interface ConvertRequest {
  amount: ParsedAmount;
  /** `unit` is the duration's unit as the units library reads it ("year" for "1 yr", "1年"). */
  duration?: { hours: number; text: string; unit?: string };
  target?: Target;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: QuantityError };

const MAX_LENGTH = 200;

/** Energy and power symbols users may type, with SI prefixes, exactly as written (case matters). */
const ENERGY_POWER = [
  'W',
  'kW',
  'MW',
  'GW',
  'TW',
  'Wh',
  'kWh',
  'MWh',
  'GWh',
  'TWh',
  'PWh',
  'J',
  'kJ',
  'MJ',
  'GJ',
  'TJ',
  'PJ',
  'EJ',
  'BTU',
  'quad',
  'toe',
  'ktoe',
  'Mtoe',
  'cal',
  'kcal',
  'therm',
  'mW',
  'mWh',
  'eV',
  'keV',
  'MeV',
  'GeV',
];
const TIME = ['s', 'minute', 'hour', 'day', 'week', 'month', 'year'];

/** Words that name the same unit. Left: what people type (lower-cased); right: a symbol above. */
const ALIASES: Record<string, string> = {
  watt: 'W',
  watts: 'W',
  kilowatt: 'kW',
  kilowatts: 'kW',
  megawatt: 'MW',
  megawatts: 'MW',
  gigawatt: 'GW',
  gigawatts: 'GW',
  terawatt: 'TW',
  terawatts: 'TW',
  'watt-hour': 'Wh',
  'watt-hours': 'Wh',
  'kilowatt-hour': 'kWh',
  'kilowatt-hours': 'kWh',
  'megawatt-hour': 'MWh',
  'megawatt-hours': 'MWh',
  'gigawatt-hour': 'GWh',
  'gigawatt-hours': 'GWh',
  'terawatt-hour': 'TWh',
  'terawatt-hours': 'TWh',
  joule: 'J',
  joules: 'J',
  btu: 'BTU',
  btus: 'BTU',
  quads: 'quad',
  therms: 'therm',
  calorie: 'cal',
  calories: 'cal',
  kilocalorie: 'kcal',
  kilocalories: 'kcal',
  sec: 's',
  secs: 's',
  second: 's',
  seconds: 's',
  min: 'minute',
  mins: 'minute',
  minutes: 'minute',
  h: 'hour',
  hr: 'hour',
  hrs: 'hour',
  hours: 'hour',
  d: 'day',
  days: 'day',
  wk: 'week',
  weeks: 'week',
  months: 'month',
  mo: 'month',
  yr: 'year',
  yrs: 'year',
  years: 'year',
  y: 'year',
  a: 'year',
  annum: 'year',
  度: 'kWh',
  千瓦时: 'kWh',
  千瓦小时: 'kWh',
  兆瓦时: 'MWh',
  吉瓦时: 'GWh',
  太瓦时: 'TWh',
  瓦时: 'Wh',
  千瓦: 'kW',
  兆瓦: 'MW',
  吉瓦: 'GW',
  太瓦: 'TW',
  瓦: 'W',
  焦耳: 'J',
  焦: 'J',
  英热单位: 'BTU',
  吨油当量: 'toe',
  秒: 's',
  分钟: 'minute',
  小时: 'hour',
  天: 'day',
  日: 'day',
  周: 'week',
  星期: 'week',
  月: 'month',
  个月: 'month',
  年: 'year',
};

/**
 * Long names of the SI-prefixed units, generated rather than listed: "exajoules",
 * "terawatt-hours", "terawatt hours" (spaces are dropped before lookup), "kilowatthour". Only
 * combinations with a symbol above are kept (there is no petawatt here).
 */
const PREFIXES: ReadonlyArray<[string, string]> = [
  ['', ''],
  ['kilo', 'k'],
  ['mega', 'M'],
  ['giga', 'G'],
  ['tera', 'T'],
  ['peta', 'P'],
  ['exa', 'E'],
];
const BASES: ReadonlyArray<[string, string]> = [
  ['watt', 'W'],
  ['joule', 'J'],
  ['watt-hour', 'Wh'],
  ['watthour', 'Wh'],
];
for (const [long, short] of PREFIXES) {
  for (const [name, symbol] of BASES) {
    if (!ENERGY_POWER.includes(`${short}${symbol}`)) continue;
    for (const plural of ['', 's']) ALIASES[`${long}${name}${plural}`] ??= `${short}${symbol}`;
  }
}
Object.assign(ALIASES, {
  britishthermalunit: 'BTU',
  britishthermalunits: 'BTU',
  tonneofoilequivalent: 'toe',
  tonnesofoilequivalent: 'toe',
  tonofoilequivalent: 'toe',
  tonsofoilequivalent: 'toe',
  milliontonnesofoilequivalent: 'Mtoe',
});

/** Magnitude words typed after a number: "29 billion", "290亿", "$1M". */
export const MAGNITUDE: Readonly<Record<string, number>> = {
  thousand: 1e3,
  k: 1e3,
  million: 1e6,
  mn: 1e6,
  m: 1e6,
  billion: 1e9,
  bn: 1e9,
  trillion: 1e12,
  千: 1e3,
  万: 1e4,
  百万: 1e6,
  亿: 1e8,
  万亿: 1e12,
};

/** Scientific notation as typed ("1.2e9") or as Wattson prints it ("1.6×10^-19", "3 x 10^21"). */
const EXPONENT = String.raw`(?:e[-+]?\d+|\s*[×x*]\s*10\s*\^\s*[-+]?\d+)`;
const NUMBER = new RegExp(
  String.raw`^([-+]?(?:\d{1,3}(?:[,_ ]\d{3})+|\d+)(?:\.\d+)?${EXPONENT}?|[-+]?\.\d+${EXPONENT}?)\s*` +
    String.raw`(thousand|million|billion|trillion|mn|bn|k(?![a-z])|m(?![a-z\d])|万亿|百万|千(?![瓦焦])|万|亿)?\s*(.*)$`,
  'i',
);

const KNOWN = [...ENERGY_POWER, ...TIME];

/** Units offered by autocomplete, most used first. */
export const UNIT_SUGGESTIONS: readonly string[] = [
  'kWh',
  'MWh',
  'GWh',
  'TWh',
  'W',
  'kW',
  'MW',
  'GW',
  'TW',
  'kWh/day',
  'TWh/year',
  'J',
  'GJ',
  'PJ',
  'EJ',
  'BTU',
  'quad',
  'toe',
  'Mtoe',
  'therm',
  'kcal',
  '度',
  'day',
  'year',
];
let unitFuse: Fuse<string> | undefined;

function closestUnits(typed: string): string[] {
  // Long run-together names (tonnesofoilequivalent) are for reading exact input; as suggestions they match anything.
  unitFuse ??= new Fuse([...KNOWN, ...Object.keys(ALIASES).filter((a) => (/^[a-z-]+$/.test(a) && a.length > 2 && a.length <= 16) || (/\p{Script=Han}/u.test(a) && a.length > 1))], { threshold: 0.5 });
  return [...new Set(unitFuse.search(typed, { limit: 6 }).map((r) => ALIASES[r.item] ?? r.item))].slice(0, 4);
}

/** One unit word to its symbol: exact symbols first, then aliases; a case slip is reported, not guessed. */
/** The known symbols by their lower-case spelling: "mw" → MW and mW. */
const BY_LOWER = new Map<string, string[]>();
for (const k of KNOWN) BY_LOWER.set(k.toLowerCase(), [...(BY_LOWER.get(k.toLowerCase()) ?? []), k]);
const KNOWN_SET = new Set(KNOWN);

function unitWord(word: string, quick = false): Parsed<string> {
  if (KNOWN_SET.has(word)) return { ok: true, value: word };
  const lower = word.toLowerCase();
  const alias = ALIASES[lower] ?? ALIASES[word];
  if (alias) return { ok: true, value: alias };
  const sameLetters = BY_LOWER.get(lower) ?? [];
  if (sameLetters.length > 0) {
    // "kwh", "gw", "twh" can only mean one thing; "mw", "mwh", "pj" could be milli/mega, pico/peta.
    const ambiguous = /^[mp]/i.test(word);
    if (!ambiguous && sameLetters.length === 1) return { ok: true, value: sameLetters[0]! };
    // A capital M or P is mega or peta whatever the case of the rest ("MWH", "Mw", "Pj"); only a
    // lower-case m or p leaves milli/pico open.
    const sameFirst = /^[MP]/.test(word) ? sameLetters.filter((k) => k[0] === word[0]) : [];
    if (sameFirst.length === 1) return { ok: true, value: sameFirst[0]! };
    return { ok: false, error: { code: 'case-slip', typed: word, meant: sameLetters.filter((k) => k !== 'mW' && k !== 'mWh').concat(sameLetters.filter((k) => k === 'mW' || k === 'mWh')) } };
  }
  return { ok: false, error: { code: 'unknown-unit', typed: word, closest: quick ? [] : closestUnits(word) } };
}

/**
 * The dimension of a unit expression built from the symbols above. There are few such
 * expressions and mathjs parses each slowly, so each is worked out once (follow-ups and number
 * questions try many candidate words per message).
 */
const dimensions = new Map<string, Dimension | null>();

/** Every expression the parser builds from its own symbols: one symbol, or one over another. */
export function unitExpressions(): string[] {
  return [...KNOWN, ...KNOWN.flatMap((a) => KNOWN.map((b) => `${a} / ${b}`))];
}

/** Each expression's dimension, as mathjs reads it: worked out at build time (see facts/snapshot.ts). */
export function dimensionTable(expressions: readonly string[]): Map<string, Dimension | null> {
  return new Map(expressions.map((e) => [e, dimensionOfExpr(e) ?? null]));
}

/** Seconds in one of each time unit the parser knows, as mathjs counts them (a year is 365.25 days). */
const secondsPer = new Map<string, number>();

export function secondsTable(): Map<string, number> {
  return new Map(TIME.map((u) => [u, math.unit(1, u).toNumber('s')]));
}

/** Watts (or joules) in one of each energy or power unit the facts use, for comparing figures by size. */
const siPer = new Map<string, number>();

export function siTable(units: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const u of units) {
    const d = dimensionOfExpr(u);
    if (d === 'energy' || d === 'power') out.set(u, math.unit(1, u).toNumber(d === 'power' ? 'W' : 'J'));
  }
  return out;
}

/** Watts (or joules) in one of `unit`, if the build-time table has it: never loads mathjs. */
export function tabledBaseFactor(unit: string): number | undefined {
  return siPer.get(unit);
}

/** `value unit` in watts or joules; from the build-time table when the unit is in it. */
export function inBaseUnits(value: number, unit: string, dimension: 'energy' | 'power'): number {
  const per = siPer.get(unit);
  return per === undefined ? math.unit(value, unit).toNumber(dimension === 'power' ? 'W' : 'J') : value * per;
}

export interface UnitTables {
  dimensions: ReadonlyMap<string, Dimension | null>;
  seconds: ReadonlyMap<string, number>;
  si: ReadonlyMap<string, number>;
}

/** Tables prepared at build time, so that reading a question's units never has to load mathjs. */
export function seedUnitTables(tables: UnitTables): void {
  for (const [k, v] of tables.dimensions) if (!dimensions.has(k)) dimensions.set(k, v);
  for (const [k, v] of tables.seconds) secondsPer.set(k, v);
  for (const [k, v] of tables.si) siPer.set(k, v);
}

/** A unit expression's dimension, from the build-time table when it is there. */
export function unitDimension(unit: string): Dimension | undefined {
  return dimensionOfExpr(unit);
}

function dimensionOfExpr(unit: string): Dimension | undefined {
  let d = dimensions.get(unit);
  if (d === undefined) {
    try {
      d = dimensionOf(math.unit(unit));
    } catch {
      d = null;
    }
    if (dimensions.size < 8192) dimensions.set(unit, d);
  }
  return d ?? undefined;
}

/** "kWh/day", "kWh per day", "kWh a day", "千瓦时/天", "度每天" → "kWh/day". */
export function parseUnit(text: string, quick = false): Parsed<{ unit: string; display: string; dimension: Dimension }> {
  const normalised = text
    .trim()
    .replace(/\s+(?:per|a|an|each|every)\s+/gi, '/')
    .replace(/\s*(?:每一|每|\/)\s*/g, '/')
    .replace(/^\/+|\/+$/g, '');
  if (!normalised) return { ok: false, error: { code: 'no-unit', text } };
  const parts = normalised.split('/').map((p) => p.trim());
  if (parts.length > 2 || parts.some((p) => !p)) return { ok: false, error: { code: 'unknown-unit', typed: text, closest: ['kWh/day', 'TWh/year', 'MW'] } };
  const symbols: string[] = [];
  for (const p of parts) {
    const sym = unitWord(p.replace(/\s+/g, ''), quick);
    if (!sym.ok) return sym;
    symbols.push(sym.value);
  }
  const display = symbols.join('/');
  const unit = symbols.join(' / ');
  const dimension = dimensionOfExpr(unit);
  if (!dimension) return { ok: false, error: { code: 'unknown-unit', typed: text, closest: quick ? [] : closestUnits(parts[0]!) } };
  return { ok: true, value: { unit, display, dimension } };
}

/** A number with its magnitude word, as typed: "29 billion", "290亿", "1.2e9", "500,000". */
interface ReadNumber {
  value: number;
  literal: string;
  /** What follows the number: the unit, or the yardstick counted. */
  rest: string;
}

function readNumber(t: string): Parsed<ReadNumber> {
  if (/^[-+]?(nan|inf|infinity)\b/i.test(t) || /^[-+]?\d+(?:\.\d+)?\s*\/\s*0\b/.test(t)) return { ok: false, error: { code: 'bad-number', text: t.split(/\s+/)[0] ?? t } };
  const m = NUMBER.exec(t);
  if (!m) return { ok: false, error: { code: 'no-number', text: t } };
  const literal = m[1]!.replace(/\s*[×x*]\s*10\s*\^\s*/i, 'e').replace(/[,_ ]/g, '');
  const mag = m[2] ? (MAGNITUDE[m[2].toLowerCase()] ?? MAGNITUDE[m[2]] ?? 1) : 1;
  const value = Number(literal) * mag;
  if (!Number.isFinite(value)) return { ok: false, error: { code: 'bad-number', text: m[1]! } };
  // A number that underflows to zero ("1e-999") is not zero; one that runs on into more digits or
  // points ("1.2.3", "1,00", "1 2") is not a number at all.
  if (value === 0 && /[1-9]/.test(literal.split(/e/i)[0] ?? '')) return { ok: false, error: { code: 'bad-number', text: m[1]! } };
  if (!m[2] && /^[.,_]?\d/.test(m[3] ?? '')) return { ok: false, error: { code: 'bad-number', text: /^[-+\d.,_ ]*\d/.exec(t)?.[0] ?? m[1]! } };
  return { ok: true, value: { value, literal, rest: m[3] ?? '' } };
}

/** Chinese measure words between a count and the thing counted: 5万张H100, 两座核电站, 3个纽约. */
const CLASSIFIER = /^(?:张|块|台|个|座|户|家|次|片|颗)\s*/;
const PERIOD_SUFFIX = /^(.+?)[-\s]?(hour|day|year)s?$/i;

/**
 * The yardstick a word names, as people write it: the id or an alias in any case, with an
 * article, a possessive or a plural ("a nuclear plant", "NYCs", "ChatGPT's"). Exact forms first,
 * so "homes" finds the alias before any trimming.
 */
/** Each list of yardsticks by id and lower-cased alias, built once: lookups run many times a message. */
const byName = new WeakMap<readonly Equivalence[], Map<string, Equivalence>>();
function names(equivalences: readonly Equivalence[]): Map<string, Equivalence> {
  let m = byName.get(equivalences);
  if (!m) {
    m = new Map();
    for (const e of equivalences) for (const n of [e.id, ...e.aliases]) if (!m.has(n.toLowerCase())) m.set(n.toLowerCase(), e);
    byName.set(equivalences, m);
  }
  return m;
}

export function findEquivalence(text: string, equivalences: readonly Equivalence[]): Equivalence | undefined {
  const typed = text.trim().toLowerCase();
  if (!typed) return undefined;
  const known = names(equivalences);
  const exact = (w: string) => (w ? known.get(w) : undefined);
  // 家庭 is an alias though 家 is also a measure word: the text as typed first.
  const found = exact(typed);
  if (found) return found;
  // A measure word before it, a possessive in it (ChatGPT's, 10万块H100的集群), an article or a plural around it.
  const t = typed.replace(CLASSIFIER, '').replace(/(?<=\p{Script=Han}|\w)的(?=\p{Script=Han})/gu, '');
  const bare = t.replace(/^(?:a|an|the|one|each)\s+/, '').replace(/['’]s$/, '');
  return exact(t) ?? exact(bare) ?? (bare.endsWith('es') ? exact(bare.slice(0, -2)) : undefined) ?? (bare.endsWith('s') ? exact(bare.slice(0, -1)) : undefined);
}

/** A count of a yardstick: "20000 H100" is 20,000 × 700 W; "3 ChatGPT-days" is 3 × 500,000 kWh/day × 1 day. */
function countOf(n: ReadNumber, equivalences: readonly Equivalence[]): ParsedAmount | undefined {
  // "ChatGPT-days" first: as a count it is an energy, though the same words name the yardstick as a target.
  const m = PERIOD_SUFFIX.exec(n.rest.trim());
  const stem = m ? findEquivalence(m[1]!, equivalences) : undefined;
  const e = stem ?? findEquivalence(n.rest, equivalences);
  if (!e) return undefined;
  const period = stem ? (m![2]!.toLowerCase() as 'hour' | 'day' | 'year') : undefined;
  const dimension = dimensionOfExpr(e.unit);
  if (dimension !== 'power' && dimension !== 'energy') return undefined;
  if (period && dimension === 'power') {
    // A yardstick-day is an energy: the count times the yardstick's power over that period, in kWh.
    const kwh = (math.multiply(math.unit(n.value * e.amount, e.unit), math.unit(1, period)) as Unit).toNumber('kWh');
    return { value: kwh, literal: n.literal, unit: 'kWh', display: `${e.id}-${period}s`, dimension: 'energy', count: { n: n.value, equivalence: e, period } };
  }
  return { value: n.value * e.amount, literal: n.literal, unit: e.unit.replace('/', ' / '), display: e.unit, dimension, count: { n: n.value, equivalence: e } };
}

/**
 * A number with its unit: "29 billion kWh", "290亿千瓦时", "1.2e9 J". With yardsticks, also a count
 * of one ("20000 H100", "50k H100s", "2 nuclear plants", "5万张H100").
 */
export function parseAmount(text: string, equivalences: readonly Equivalence[] = [], quick = false): Parsed<ParsedAmount> {
  const n = readNumber(text.trim());
  if (!n.ok) return n;
  const unit = parseUnit(n.value.rest, quick);
  if (unit.ok) return { ok: true, value: { value: n.value.value, literal: n.value.literal, ...unit.value } };
  const counted = equivalences.length > 0 && n.value.rest.trim() ? countOf(n.value, equivalences) : undefined;
  return counted ? { ok: true, value: counted } : unit;
}

/**
 * Whether a text could begin with a unit or a yardstick (its first word, or its first Chinese
 * characters, are the start of one): the cheap test before parseTarget, which follow-ups and
 * number questions try at many places in a message.
 */
const targetStarts = new WeakMap<readonly Equivalence[], { words: Set<string>; han: string[] }>();
function starts(equivalences: readonly Equivalence[]) {
  let t = targetStarts.get(equivalences);
  if (!t) {
    const names = [...KNOWN, ...Object.keys(ALIASES), ...Object.keys(MAGNITUDE), ...names_(equivalences)];
    const words = new Set<string>();
    const han: string[] = [];
    for (const n of names) {
      const lower = n.toLowerCase();
      const first = /^[\p{Script=Han}]/u.test(lower) ? undefined : /^[^\s/-]+/.exec(lower)?.[0];
      if (first) words.add(first.replace(/s$/, ''));
      else han.push(Array.from(lower)[0]!);
    }
    t = { words, han: [...new Set(han)] };
    targetStarts.set(equivalences, t);
  }
  return t;
}

function names_(equivalences: readonly Equivalence[]): string[] {
  return [...names(equivalences).keys()];
}

export function mayStartTarget(text: string, equivalences: readonly Equivalence[]): boolean {
  const t = text
    .trim()
    .toLowerCase()
    .replace(CLASSIFIER, '')
    .replace(/^(?:a|an|the|one|each)\s+/, '');
  if (!t) return false;
  // Names that start with a number ("10万块H100集群", "100k h100") are left to parseTarget.
  if (/^\d/.test(t)) return true;
  const s = starts(equivalences);
  if (/^\p{Script=Han}/u.test(t)) return s.han.includes(Array.from(t)[0]!);
  const first = /^[^\s/-]+/.exec(t)?.[0] ?? '';
  return s.words.has(first) || s.words.has(first.replace(/(?:'s|s)$/, '')) || s.words.has(first.replace(/es$/, ''));
}

/** A magnitude typed before a target unit: "亿度", "万千瓦", "billion kWh". */
const TARGET_MAGNITUDE = /^(万亿|亿|万|千(?![瓦焦])|百万|thousand|million|billion|trillion)\s*(\S.*)$/i;

/**
 * What to convert to: a yardstick, a unit, or a unit with a magnitude before it. `quick` skips
 * the closest-unit suggestions, for callers that only ask whether a text names a target.
 */
export function parseTarget(text: string, equivalences: readonly Equivalence[], quick = false): Parsed<Target> {
  const right = text.trim();
  const eq = findEquivalence(right, equivalences);
  if (eq) return { ok: true, value: { kind: 'equivalence', equivalence: eq, typed: right } };
  const mag = TARGET_MAGNITUDE.exec(right);
  if (mag) {
    const unit = parseUnit(mag[2]!, quick);
    const scale = MAGNITUDE[mag[1]!.toLowerCase()] ?? MAGNITUDE[mag[1]!];
    if (unit.ok && scale) return { ok: true, value: { kind: 'unit', ...unit.value, scale, label: right.replace(/\s+/g, /[a-z]/i.test(mag[1]!) ? ' ' : '') } };
  }
  const unit = parseUnit(right, quick);
  if (!unit.ok) return unit;
  // A Chinese reader who asks for 度 reads 度 back; the JSON keeps the symbol.
  return { ok: true, value: { kind: 'unit', ...unit.value, ...(/^\p{Script=Han}+$/u.test(right.replace(/\s+/g, '')) && { label: right.replace(/\s+/g, '') }) } };
}

/**
 * Whether a text names a time unit at all ("a year", "90天", "per day"), from the same lexicon as
 * parseUnit; a cheap test before looking for a duration word by word. One-letter symbols (h, d)
 * count only right after a number.
 */
const TIME_NAMES = [
  ...new Set(
    Object.entries(ALIASES)
      .filter(([, sym]) => TIME.includes(sym))
      .map(([word]) => word.toLowerCase())
      .concat(TIME),
  ),
];
const TIME_LATIN = new Set(TIME_NAMES.filter((w) => w.length > 1 && !/\p{Script=Han}/u.test(w)));
const TIME_HAN = TIME_NAMES.filter((w) => /\p{Script=Han}/u.test(w));

export function mentionsTime(text: string): boolean {
  if (TIME_HAN.some((w) => text.includes(w))) return true;
  if (/\d\s*[hdy]\b/i.test(text)) return true;
  for (const word of text.toLowerCase().match(/[a-z]+/g) ?? []) if (TIME_LATIN.has(word)) return true;
  return false;
}

/** `quick`: no closest-unit suggestions, for callers that only ask whether a text is a duration. */
export function parseDuration(text: string, quick = false): Parsed<{ hours: number; text: string; unit: string }> {
  const t = text
    .trim()
    .replace(/^(?:a|an|one)\s+/i, '1 ')
    .replace(/^一/, '1');
  const amount = parseAmount(t, [], quick);
  if (!amount.ok || amount.value.dimension !== 'time') return { ok: false, error: { code: 'bad-duration', text } };
  if (amount.value.value <= 0) return { ok: false, error: { code: 'negative-duration', text } };
  const seconds = secondsPer.get(amount.value.unit);
  // value × seconds ÷ 3600 is the order mathjs itself works in (to base units, then to hours), so both give the same double.
  const hours = seconds === undefined ? math.unit(amount.value.value, amount.value.unit).toNumber('hour') : (amount.value.value * seconds) / 3600;
  return { ok: true, value: { hours, text: text.trim(), unit: amount.value.unit } };
}

const TARGET_SPLIT = /\s+(?:to|in|into|as)\s+|\s*(?:->|→|=>|=|换成|换算成|转换成|转换为|转成|折合|等于多少|相当于多少)\s*/gi;
const TRAILING_SEPARATOR = /(?:\s+(?:to|in|into|as)|\s*(?:->|→|=>|=|换成|换算成|转换成|转换为|转成|折合|等于多少|相当于多少))\s*[?？]?$/i;
const DURATION_SPLIT = /\s+(?:for|over|during)\s+|\s*(?:持续|运行|用|跑)\s*(?=[\d一])/i;

/** `quick`: no closest-unit suggestions on failure, for lines Wattson built itself. */
export function parseConvert(raw: string, equivalences: readonly Equivalence[], quick = false): Parsed<ConvertRequest> {
  const cleaned = cleanInput(raw);
  if (Array.from(cleaned).length > MAX_LENGTH) return { ok: false, error: { code: 'too-long', max: MAX_LENGTH } };
  // A separator with nothing after it ("5 MW to", "5 MW 等于多少") asks for the usual answers.
  const text = cleaned.replace(TRAILING_SEPARATOR, '');
  if (!text) return { ok: false, error: { code: 'empty' } };
  const splits = [...text.matchAll(TARGET_SPLIT)];
  const last = splits.at(-1);
  const left = last ? text.slice(0, last.index) : text;
  const right = last
    ? text
        .slice(last.index + last[0].length)
        .replace(/[?？]$/, '')
        .trim()
    : undefined;

  const [quantityText, durationText] = left.split(DURATION_SPLIT, 2) as [string, string | undefined];
  const amount = parseAmount(quantityText, equivalences, quick);
  if (!amount.ok) return amount;
  const request: ConvertRequest = { amount: amount.value };
  if (durationText !== undefined) {
    const d = parseDuration(durationText, quick);
    if (!d.ok) return d;
    request.duration = d.value;
  }
  if (right) {
    const target = parseTarget(right, equivalences, quick);
    if (!target.ok) return target;
    request.target = target.value;
  }
  return { ok: true, value: request };
}

export type { Unit };
