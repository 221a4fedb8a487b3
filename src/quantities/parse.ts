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
}

export type Target = { kind: 'unit'; unit: string; display: string; dimension: Dimension } | { kind: 'equivalence'; equivalence: Equivalence; typed: string };

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

const MAGNITUDE: Record<string, number> = { thousand: 1e3, k: 1e3, million: 1e6, mn: 1e6, billion: 1e9, bn: 1e9, trillion: 1e12, 千: 1e3, 万: 1e4, 百万: 1e6, 亿: 1e8, 万亿: 1e12 };

/** Scientific notation as typed ("1.2e9") or as Wattson prints it ("1.6×10^-19", "3 x 10^21"). */
const EXPONENT = String.raw`(?:e[-+]?\d+|\s*[×x*]\s*10\s*\^\s*[-+]?\d+)`;
const NUMBER = new RegExp(
  String.raw`^([-+]?(?:\d{1,3}(?:[,_ ]\d{3})+|\d+)(?:\.\d+)?${EXPONENT}?|[-+]?\.\d+${EXPONENT}?)\s*` +
    String.raw`(thousand|million|billion|trillion|mn|bn|k(?![a-z])|万亿|百万|千(?![瓦焦])|万|亿)?\s*(.*)$`,
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
  unitFuse ??= new Fuse([...KNOWN, ...Object.keys(ALIASES).filter((a) => (/^[a-z-]+$/.test(a) && a.length > 2) || (/\p{Script=Han}/u.test(a) && a.length > 1))], { threshold: 0.5 });
  return [...new Set(unitFuse.search(typed, { limit: 6 }).map((r) => ALIASES[r.item] ?? r.item))].slice(0, 4);
}

/** One unit word to its symbol: exact symbols first, then aliases; a case slip is reported, not guessed. */
function unitWord(word: string): Parsed<string> {
  if (KNOWN.includes(word)) return { ok: true, value: word };
  const alias = ALIASES[word.toLowerCase()] ?? ALIASES[word];
  if (alias) return { ok: true, value: alias };
  const sameLetters = KNOWN.filter((k) => k.toLowerCase() === word.toLowerCase());
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
  return { ok: false, error: { code: 'unknown-unit', typed: word, closest: closestUnits(word) } };
}

/** "kWh/day", "kWh per day", "kWh a day", "千瓦时/天", "度每天" → "kWh/day". */
export function parseUnit(text: string): Parsed<{ unit: string; display: string; dimension: Dimension }> {
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
    const sym = unitWord(p.replace(/\s+/g, ''));
    if (!sym.ok) return sym;
    symbols.push(sym.value);
  }
  const display = symbols.join('/');
  const unit = symbols.join(' / ');
  let dimension: Dimension;
  try {
    dimension = dimensionOf(math.unit(unit));
  } catch {
    return { ok: false, error: { code: 'unknown-unit', typed: text, closest: closestUnits(parts[0]!) } };
  }
  return { ok: true, value: { unit, display, dimension } };
}

/** A number with its magnitude word, as typed: "29 billion", "290亿", "1.2e9", "500,000". */
export function parseAmount(text: string): Parsed<ParsedAmount> {
  const t = text.trim();
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
  const unit = parseUnit(m[3] ?? '');
  if (!unit.ok) return unit;
  return { ok: true, value: { value, literal, ...unit.value } };
}

function parseDuration(text: string): Parsed<{ hours: number; text: string; unit: string }> {
  const t = text
    .trim()
    .replace(/^(?:a|an|one)\s+/i, '1 ')
    .replace(/^一/, '1');
  const amount = parseAmount(t);
  if (!amount.ok || amount.value.dimension !== 'time') return { ok: false, error: { code: 'bad-duration', text } };
  if (amount.value.value <= 0) return { ok: false, error: { code: 'negative-duration', text } };
  return { ok: true, value: { hours: math.unit(amount.value.value, amount.value.unit).toNumber('hour'), text: text.trim(), unit: amount.value.unit } };
}

function findEquivalence(text: string, equivalences: readonly Equivalence[]): Equivalence | undefined {
  const t = text.trim().toLowerCase();
  return equivalences.find((e) => e.id === t || e.aliases.some((a) => a.toLowerCase() === t));
}

const TARGET_SPLIT = /\s+(?:to|in|into|as)\s+|\s*(?:->|→|=>|=|换成|换算成|转换成|转换为|转成|折合|等于多少|相当于多少)\s*/gi;
const TRAILING_SEPARATOR = /(?:\s+(?:to|in|into|as)|\s*(?:->|→|=>|=|换成|换算成|转换成|转换为|转成|折合|等于多少|相当于多少))\s*[?？]?$/i;
const DURATION_SPLIT = /\s+(?:for|over|during)\s+|\s*(?:持续|运行|用|跑)\s*(?=[\d一])/i;

export function parseConvert(raw: string, equivalences: readonly Equivalence[]): Parsed<ConvertRequest> {
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
  const amount = parseAmount(quantityText);
  if (!amount.ok) return amount;
  const request: ConvertRequest = { amount: amount.value };
  if (durationText !== undefined) {
    const d = parseDuration(durationText);
    if (!d.ok) return d;
    request.duration = d.value;
  }
  if (right) {
    const eq = findEquivalence(right, equivalences);
    if (eq) request.target = { kind: 'equivalence', equivalence: eq, typed: right };
    else {
      const unit = parseUnit(right);
      if (!unit.ok) return unit;
      request.target = { kind: 'unit', ...unit.value };
    }
  }
  return { ok: true, value: request };
}

export type { Unit };
