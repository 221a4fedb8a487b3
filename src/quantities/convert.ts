import type { Equivalence } from '../facts/schema.js';
import { exactDigits, formatEn } from './format.js';
import { type Dimension, HOURS_PER_YEAR, math, quantity, type Unit } from './math.js';
import type { ConvertRequest } from './parse.js';

/**
 * Conversion arithmetic, through the units library only. Produces numbers and the working
 * behind them; wording and formatting belong to the command that shows them.
 */

export type ConvertFailure =
  | { code: 'negative' }
  | { code: 'out-of-range' }
  | { code: 'not-energy'; dimension: Dimension }
  | { code: 'needs-duration'; from: Dimension; to: Dimension }
  | { code: 'duration-mismatch'; from: Dimension }
  | { code: 'incompatible'; from: string; to: string };

export interface ResultLine {
  value: number;
  unit: string;
  /** How it was computed, in symbols: "500,000 kWh/day ÷ 24 h/day". */
  working: string;
  /** Set when a count of an equivalence unit. */
  equivalence?: Equivalence;
  /** For equivalences against energy: the period one unit of it runs for ("day", "year", "hour"). */
  period?: 'hour' | 'day' | 'year';
  /** True when an 8,760-hour year entered the arithmetic. */
  usedYear: boolean;
  /** The unit as the reader typed it, for the text (度, 亿度); `unit` is what the JSON reports. */
  label?: string;
}

export interface Conversion {
  /** The quantity converted, after any duration was applied. */
  dimension: 'energy' | 'power';
  /** That quantity itself, in kWh or W: what a follow-up ("that in GWh") converts next. */
  converted: { value: number; unit: 'kWh' | 'W' };
  lines: ResultLine[];
  /** The line answering the unit the user asked for, if they asked for one. */
  asked?: ResultLine;
}

/**
 * The largest quantity stated, in J or W: 1e50 is far beyond any energy question (the Sun emits
 * about 1e34 J a year) yet leaves every unit's number finite. Measured physically, so 1e40 eV
 * (1.6e21 J) is fine and 1e39 EJ is not.
 */
const MAX_SI = 1e50;
/** Results beyond these are float overflow or underflow, not answers. */
const MAX_RESULT = 1e60;
const MIN_RESULT = 1e-60;

/** Units whose length comes from Wattson's 8,760-hour year (a month is a twelfth of it). */
const YEARLY = /year|month/;

const POWER_STEPS = ['W', 'kW', 'MW', 'GW', 'TW'];
const WH_STEPS = ['Wh', 'kWh', 'MWh', 'GWh', 'TWh', 'PWh'];
const J_STEPS = ['J', 'kJ', 'MJ', 'GJ', 'TJ', 'PJ', 'EJ'];

/** The unit of a ladder that puts the number between 1 and 1,000 where possible. */
export function bestUnit(q: Unit, ladder: readonly string[]): { value: number; unit: string } {
  let chosen = ladder[0]!;
  for (const u of ladder) if (Math.abs(q.toNumber(u)) >= 1) chosen = u;
  return { value: q.toNumber(chosen), unit: chosen };
}

/** The mathjs form of a fact unit ("kWh/day" reads the same; counted units never reach here). */
export function equivalenceQuantity(e: Equivalence): Unit {
  return quantity(e.amount, e.unit);
}

function periodOf(e: Equivalence): 'hour' | 'day' | 'year' {
  if (e.unit.endsWith('/day')) return 'day';
  if (e.unit.endsWith('/year')) return 'year';
  return 'hour';
}

function fmt(n: number): string {
  return formatEn(n, 6);
}

/** A number the user typed, digit for digit: the working starts from what was asked. */
function asTyped(n: number): string {
  return formatEn(n, exactDigits(n));
}

export function countOf(q: Unit, dimension: 'energy' | 'power', e: Equivalence, usedYear: boolean): ResultLine {
  const each = equivalenceQuantity(e);
  if (dimension === 'power') {
    const value = q.toNumber('W') / each.toNumber('W');
    // In the yardstick's own unit both sides read alike: "500,000 kWh/day ÷ 29 kWh/day".
    const working = `${fmt(q.toNumber(e.unit))} ${e.unit} ÷ ${fmt(e.amount)} ${e.unit}`;
    return { value, unit: e.id, working, equivalence: e, usedYear: usedYear || e.unit.endsWith('/year') };
  }
  const period = periodOf(e);
  const perPeriod = math.multiply(each, quantity(1, period)) as Unit;
  const value = q.toNumber('Wh') / perPeriod.toNumber('Wh');
  return { value, unit: e.id, working: `${fmt(q.toNumber('kWh'))} kWh ÷ (${fmt(e.amount)} ${e.unit} × 1 ${period})`, equivalence: e, period, usedYear: usedYear || period === 'year' };
}

export function convert(req: ConvertRequest, yardsticks: readonly Equivalence[], opts: { du?: boolean } = {}): { ok: true; value: Conversion } | { ok: false; error: ConvertFailure } {
  const { amount } = req;
  if (amount.value < 0) return { ok: false, error: { code: 'negative' } };
  if (amount.dimension !== 'energy' && amount.dimension !== 'power') return { ok: false, error: { code: 'not-energy', dimension: amount.dimension } };

  let q: Unit = quantity(amount.value, amount.unit);
  if (!(Math.abs(q.toNumber(amount.dimension === 'power' ? 'W' : 'J')) <= MAX_SI)) return { ok: false, error: { code: 'out-of-range' } };
  let dimension: 'energy' | 'power' = amount.dimension;
  let usedYear = YEARLY.test(amount.unit) || amount.count?.period === 'year';
  // A count of a yardstick shows what it stands for: "20,000 × 700 W", "3 × 500,000 kWh/day × 1 day".
  const count = amount.count;
  let working = count ? `${asTyped(count.n)} × ${fmt(count.equivalence.amount)} ${count.equivalence.unit}${count.period ? ` × 1 ${count.period}` : ''}` : `${asTyped(amount.value)} ${amount.display}`;
  if (req.duration) {
    const t = math.unit(req.duration.hours, 'hour');
    if (dimension === 'power') {
      q = math.multiply(q, t) as Unit;
      dimension = 'energy';
      working += ` × ${req.duration.text}`;
    } else {
      q = math.divide(q, t) as Unit;
      dimension = 'power';
      working += ` ÷ ${req.duration.text}`;
    }
    usedYear ||= YEARLY.test(req.duration.unit ?? req.duration.text);
  }

  const lines: ResultLine[] = [];
  let asked: ResultLine | undefined;
  const target = req.target;
  if (target?.kind === 'unit') {
    if (target.dimension !== dimension) {
      if (target.dimension === 'energy' || target.dimension === 'power') {
        // With a duration the quantity has already changed kind (energy over a time is a power).
        return req.duration ? { ok: false, error: { code: 'duration-mismatch', from: amount.dimension } } : { ok: false, error: { code: 'needs-duration', from: dimension, to: target.dimension } };
      }
      return { ok: false, error: { code: 'incompatible', from: amount.display, to: target.display } };
    }
    const scale = target.scale ?? 1;
    const shown = target.label ?? target.display;
    asked = {
      value: q.toNumber(target.unit) / scale,
      unit: scale === 1 ? target.display : shown,
      working: `${working} → ${shown}`,
      usedYear: usedYear || YEARLY.test(target.unit),
      ...(target.label && { label: target.label }),
    };
    lines.push(asked);
  } else if (target?.kind === 'equivalence') {
    const e = target.equivalence;
    asked = countOf(q, dimension, e, usedYear);
    asked.working = `${working} → ${asked.working}`;
    lines.push(asked);
  } else {
    const ladder = dimension === 'power' ? POWER_STEPS : /J\b|eV|cal|toe|BTU|quad|therm/.test(amount.unit) ? J_STEPS : WH_STEPS;
    const main = bestUnit(q, ladder);
    lines.push({ value: main.value, unit: main.unit, working: `${working} → ${main.unit}`, usedYear });
    if (dimension === 'power') {
      const perYear = bestUnit(math.multiply(q, math.unit(1, 'year')) as Unit, WH_STEPS);
      lines.push({ value: perYear.value, unit: `${perYear.unit}/year`, working: `${working} × 8,760 h`, usedYear: true });
    } else {
      const other = bestUnit(q, ladder === J_STEPS ? WH_STEPS : J_STEPS);
      lines.push({ value: other.value, unit: other.unit, working: `${working} → ${other.unit}`, usedYear });
    }
    if (opts.du) {
      // Chinese readers count electricity in 度 (kWh) with 万/亿: 290亿度, 50万度.
      const kwh = dimension === 'power' ? (math.multiply(q, math.unit(1, 'year')) as Unit).toNumber('kWh') : q.toNumber('kWh');
      lines.push({ value: kwh, unit: dimension === 'power' ? '度/年' : '度', working: `${working} → kWh${dimension === 'power' ? ' × 8,760 h' : ''}`, usedYear: usedYear || dimension === 'power' });
    }
    const household = yardsticks.find((e) => e.id === 'us-household');
    if (household) lines.push(countOf(q, dimension, household, usedYear));
  }
  const outOfRange = (v: number) => !Number.isFinite(v) || Math.abs(v) > MAX_RESULT || (amount.value !== 0 && Math.abs(v) < MIN_RESULT);
  if (lines.some((l) => outOfRange(l.value))) return { ok: false, error: { code: 'out-of-range' } };
  const converted = dimension === 'power' ? { value: q.toNumber('W'), unit: 'W' as const } : { value: q.toNumber('kWh'), unit: 'kWh' as const };
  return { ok: true, value: { dimension, converted, lines, ...(asked && { asked }) } };
}

export { HOURS_PER_YEAR };
