import type { Locale } from '../locale.js';

/**
 * Number formatting for answers. English gets thousands separators; Chinese gets 万/亿/万亿
 * where a Chinese reader would use them (50万, 290亿), never for numbers under 10,000.
 */

/** Rounds to `sig` significant figures without float noise (0.1 + 0.2 style tails). */
export function roundSig(n: number, sig: number): number {
  if (n === 0 || !Number.isFinite(n)) return n;
  return Number(n.toPrecision(Math.min(100, Math.max(1, sig))));
}

/** Significant digits in what a user typed ("500000" → 1, "1.20" → 3, "1,234" → 4). */
export function typedSignificantDigits(literal: string): number {
  const s =
    literal
      .replace(/[,_\s]/g, '')
      .replace(/^[-+]/, '')
      .toLowerCase()
      .split('e')[0] ?? '';
  const digits = s.replace('.', '').replace(/^0+/, '');
  if (!s.includes('.')) return Math.max(1, digits.replace(/0+$/, '').length);
  return Math.max(1, digits.length);
}

/**
 * The most significant digits an answer shows: a double holds 15 decimal digits faithfully
 * (GNU units prints 15 too); beyond that the digits are float noise, and Intl refuses more than 21.
 */
export const MAX_SIGNIFICANT = 15;

function clampSig(sig: number): number {
  return Math.min(MAX_SIGNIFICANT, Math.max(1, Math.round(sig) || 1));
}

/**
 * A number already rounded by roundSig (so below 1e21, and exact in String()) with en-US
 * thousands separators. Not Intl.NumberFormat: a process's first Intl object loads ICU's data,
 * about 10 ms, the largest single cost left in the CLI's first answer; String() already prints
 * a roundSig result digit for digit, so only the grouping is left to do.
 */
function grouped(rounded: number): string {
  const [whole = '', fraction] = String(Object.is(rounded, -0) ? 0 : rounded).split('.');
  return `${whole.replace(/\B(?=(\d{3})+$)/g, ',')}${fraction ? `.${fraction}` : ''}`;
}

export function formatEn(n: number, sig = 3): string {
  if (!Number.isFinite(n)) return String(n);
  sig = clampSig(sig);
  const rounded = roundSig(n, sig);
  const abs = Math.abs(rounded);
  if (abs !== 0 && (abs >= 1e21 || abs < 1e-6)) return rounded.toExponential().replace(/e\+?/, '×10^');
  return grouped(rounded);
}

const ZH_UNITS: Array<[number, string]> = [
  [1e12, '万亿'],
  [1e8, '亿'],
  [1e4, '万'],
];

export function formatZh(n: number, sig = 3): string {
  if (!Number.isFinite(n)) return String(n);
  sig = clampSig(sig);
  const rounded = roundSig(n, sig);
  const abs = Math.abs(rounded);
  for (const [size, name] of ZH_UNITS) {
    if (abs >= size && abs < size * 1e4) {
      return `${String(roundSig(rounded / size, sig))}${name}`;
    }
  }
  // Beyond 万亿, and for tiny amounts, the same forms as English (commas, ×10^n), not a row of zeros.
  if (abs >= 1e16 || (abs !== 0 && abs < 1e-6)) return formatEn(n, sig);
  return grouped(rounded);
}

export function formatNumber(n: number, locale: Locale, sig = 3): string {
  return locale === 'zh' ? formatZh(n, sig) : formatEn(n, sig);
}

/** Enough significant digits to show a stated figure exactly as the episode gave it. */
export function exactDigits(n: number): number {
  if (n === 0) return 1;
  const s = Math.abs(n).toExponential().split('e')[0]!.replace('.', '');
  return Math.min(15, s.replace(/0+$/, '').length || 1);
}
