import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { executeLine } from '../../src/dispatch/router.js';
import { createRuntime } from '../../src/dispatch/runtime.js';
import type { Locale } from '../../src/locale.js';
import { silentLogger } from '../../src/log.js';
import { formatEn, formatZh, typedSignificantDigits } from '../../src/quantities/format.js';
import { parseAmount } from '../../src/quantities/parse.js';

/**
 * Properties of /convert, run through the real command path: round trips, linearity, and that
 * what Wattson prints reads back as the same quantity within the digits it shows.
 */
const rt = createRuntime({ log: silentLogger() });
const RUNS = { numRuns: 200 };

const ENERGY = [
  'Wh',
  'kWh',
  'MWh',
  'GWh',
  'TWh',
  'PWh',
  'mWh',
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
  'eV',
  'keV',
  'MeV',
  'GeV',
  '度',
  '千瓦时',
  '兆瓦时',
];
const POWER = [
  'W',
  'kW',
  'MW',
  'GW',
  'TW',
  'mW',
  'kWh/day',
  'MWh/day',
  'GWh/day',
  'kWh/year',
  'GWh/year',
  'TWh/year',
  'PJ/year',
  'EJ/year',
  'Mtoe/year',
  'quad/year',
  'BTU/hour',
  'J/s',
  'kWh per week',
  '度/天',
  '千瓦时/年',
  '兆瓦',
  '吉瓦',
];

/** Positive amounts spread over orders of magnitude, 1e-6 to 1e15. */
const amount = fc.tuple(fc.double({ min: 1, max: 10, noNaN: true, noDefaultInfinity: true }), fc.integer({ min: -6, max: 15 })).map(([m, e]) => m * 10 ** e);

async function convertTo(quantity: string, unit: string, locale: Locale = 'en'): Promise<{ value: number; unit: string }> {
  const { reply } = await executeLine(`/convert ${quantity} to ${unit}`, locale, rt);
  const q = reply.data.quantity;
  if (!q) throw new Error(`/convert ${quantity} to ${unit}: ${JSON.stringify(reply.data.error)}`);
  return q;
}

const rel = (a: number, b: number) => (b === 0 ? Math.abs(a) : Math.abs(a - b) / Math.abs(b));

describe('round trips a → b → a', () => {
  for (const [kind, units] of [
    ['energy', ENERGY],
    ['power and rate', POWER],
  ] as const) {
    it(`across ${kind} units`, async () => {
      await fc.assert(
        fc.asyncProperty(amount, fc.constantFrom(...units), fc.constantFrom(...units), fc.constantFrom<Locale>('en', 'zh'), async (x, a, b, locale) => {
          const there = await convertTo(`${x} ${a}`, b, locale);
          expect(Number.isFinite(there.value)).toBe(true);
          const back = await convertTo(`${there.value} ${b}`, a, locale);
          expect(rel(back.value, x)).toBeLessThanOrEqual(1e-12);
        }),
        RUNS,
      );
    });
  }

  it('power → energy over a duration → power over the same duration', async () => {
    await fc.assert(
      fc.asyncProperty(amount, fc.integer({ min: 1, max: 1000 }), fc.constantFrom('hours', 'days', 'weeks', 'years'), async (p, n, span) => {
        const energy = await convertTo(`${p} MW for ${n} ${span}`, 'GWh');
        const power = await convertTo(`${energy.value} GWh over ${n} ${span}`, 'MW');
        expect(rel(power.value, p)).toBeLessThanOrEqual(1e-12);
      }),
      RUNS,
    );
  });
});

describe('linearity: convert(k·x) = k·convert(x)', () => {
  it('for energy and power units', async () => {
    await fc.assert(
      fc.asyncProperty(amount, fc.double({ min: 1e-3, max: 1e6, noNaN: true }), fc.constantFrom(...ENERGY, ...POWER), async (x, k, a) => {
        const units = ENERGY.includes(a) ? ENERGY : POWER;
        const b = units[(units.indexOf(a) + 3) % units.length]!;
        const one = (await convertTo(`${x} ${a}`, b)).value;
        const scaled = (await convertTo(`${k * x} ${a}`, b)).value;
        expect(rel(scaled, k * one)).toBeLessThanOrEqual(1e-12);
      }),
      RUNS,
    );
  });

  it('for power over a duration, in the power and in the duration', async () => {
    await fc.assert(
      fc.asyncProperty(amount, fc.integer({ min: 1, max: 365 }), fc.integer({ min: 2, max: 1000 }), async (p, days, k) => {
        const base = (await convertTo(`${p} MW for ${days} days`, 'GWh')).value;
        expect(rel((await convertTo(`${k * p} MW for ${days} days`, 'GWh')).value, k * base)).toBeLessThanOrEqual(1e-12);
        expect(rel((await convertTo(`${p} MW for ${k * days} days`, 'GWh')).value, k * base)).toBeLessThanOrEqual(1e-12);
      }),
      RUNS,
    );
  });

  it('for magnitude words: x万, x亿, x万亿, x thousand … x trillion', async () => {
    const words: Array<[string, number]> = [
      ['万', 1e4],
      ['亿', 1e8],
      ['万亿', 1e12],
      [' thousand', 1e3],
      [' million', 1e6],
      [' billion', 1e9],
      [' trillion', 1e12],
    ];
    await fc.assert(
      fc.asyncProperty(fc.double({ min: 0.001, max: 9999, noNaN: true }), fc.constantFrom(...words), fc.constantFrom('度', 'kWh', '千瓦时', 'kWh/year', '千瓦'), async (x, [word, size], unit) => {
        const target = /year|千瓦$/.test(unit) ? 'GW' : 'TWh';
        const worded = (await convertTo(`${x}${word} ${unit}`, target)).value;
        expect(rel(worded, (await convertTo(`${x * size} ${unit}`, target)).value)).toBeLessThanOrEqual(1e-12);
      }),
      RUNS,
    );
  });
});

/** Relative error a number rounded to `sig` significant figures can carry (plus float noise at 15). */
const shownPrecision = (sig: number) => 5 * 10 ** -sig + 4 * Number.EPSILON;

/** Positive amounts over the whole printable range, including the ×10^n forms (≥ 1e21, < 1e-6). */
const anyMagnitude = fc.tuple(fc.double({ min: 1, max: 10, noNaN: true, noDefaultInfinity: true }), fc.integer({ min: -30, max: 30 })).map(([m, e]) => m * 10 ** e);

describe('formatting then parsing gives the same quantity within its shown precision', () => {
  for (const [name, format] of [
    ['formatEn', formatEn],
    ['formatZh', formatZh],
  ] as const) {
    it(`${name}, 1 to 15 significant digits`, async () => {
      fc.assert(
        fc.property(anyMagnitude, fc.integer({ min: 1, max: 15 }), fc.constantFrom('kWh', 'MW', 'TWh/year', '度'), (n, sig, unit) => {
          const shown = format(n, sig);
          expect(shown).not.toMatch(/NaN|Infinity/);
          const back = parseAmount(`${shown} ${unit}`);
          expect(back.ok, `${shown} ${unit}`).toBe(true);
          if (!back.ok) return;
          expect(rel(back.value.value, n), `${n} shown as ${shown}`).toBeLessThanOrEqual(shownPrecision(sig));
        }),
        RUNS,
      );
    });
  }

  it('formatEn writes what en-US Intl.NumberFormat writes, signs and separators included', () => {
    fc.assert(
      fc.property(anyMagnitude, fc.boolean(), fc.integer({ min: 1, max: 15 }), (m, negative, sig) => {
        const n = negative ? -m : m;
        const rounded = Number(n.toPrecision(sig));
        // Beyond these Wattson writes ×10^n, as the test above reads back.
        if (Math.abs(rounded) >= 1e21 || Math.abs(rounded) < 1e-6) return;
        expect(formatEn(n, sig)).toBe(new Intl.NumberFormat('en-US', { maximumSignificantDigits: sig }).format(rounded));
      }),
      { numRuns: 2000 },
    );
  });

  it('reads the zh magnitudes Wattson prints: 2.9万, 50万, 1.2亿, 290亿, 1.2万亿', async () => {
    const cases: Array<[number, string]> = [
      [29_000, '2.9万'],
      [500_000, '50万'],
      [1.2e8, '1.2亿'],
      [2.9e10, '290亿'],
      [1.2e12, '1.2万亿'],
      [20_833.3, '2.08万'],
      [9_990, '9,990'],
      [9_999, '1万'],
      [1.6e-19, '1.6×10^-19'],
    ];
    for (const [n, shown] of cases) {
      expect(formatZh(n)).toBe(shown);
      const back = parseAmount(`${shown}度`);
      expect(back.ok && back.value.value, shown).toBeCloseTo(Number(n.toPrecision(3)), 10);
    }
  });

  for (const locale of ['en', 'zh'] as const) {
    it(`the answer /convert prints (${locale}) reads back as its quantity`, async () => {
      await fc.assert(
        fc.asyncProperty(amount, fc.constantFrom(...ENERGY.slice(0, 15)), fc.constantFrom('kWh', 'MWh', 'TWh', 'PJ', 'GJ', 'Mtoe'), async (x, a, b) => {
          const literal = String(x);
          const { reply } = await executeLine(`/convert ${literal} ${a} to ${b}`, locale, rt);
          const q = reply.data.quantity!;
          const shown = reply.title.split(' = ')[1]!;
          expect(shown).not.toMatch(/NaN|Infinity/);
          const back = parseAmount(shown);
          expect(back.ok, shown).toBe(true);
          if (!back.ok) return;
          expect(back.value.display).toBe(q.unit);
          const sig = Math.min(15, Math.max(3, typedSignificantDigits(literal)));
          expect(rel(back.value.value, q.value), `${q.value} shown as ${shown}`).toBeLessThanOrEqual(shownPrecision(sig));
        }),
        RUNS,
      );
    });
  }
});
