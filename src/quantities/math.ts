import { createRequire } from 'node:module';
import type { MathJsInstance, Unit } from 'mathjs';

/**
 * The units library: mathjs's unit system, loaded from its single-file bundle (0.1 s) rather
 * than the default entry point (over 1 s), so start-up stays fast.
 *
 * What mathjs lacks or defines differently from GNU `units` is defined here, through mathjs,
 * each agreeing with GNU units 2.22:
 * - year: Wattson's year is 8,760 hours (GNU `commonyear`), the convention for annual energy;
 *   mathjs's is Julian. month is a twelfth of it (730 h).
 * - quad (10^15 BTU), toe (41.868 GJ, GNU `tonoil`), therm (US therm, 105,480,400 J),
 *   cal (thermochemical, 4.184 J, GNU's default) and kcal.
 * - eV: the exact 2019 SI value (mathjs ships an older one).
 */
const require = createRequire(import.meta.url);

export const HOURS_PER_YEAR = 8760;

let loaded: MathJsInstance | undefined;

/** Loads mathjs and Wattson's units on first use, so answers that need no arithmetic (/ask, /fact) never pay for it. */
function load(): MathJsInstance {
  if (loaded) return loaded;
  const m = require('mathjs/lib/browser/math.js') as MathJsInstance;
  m.createUnit(
    {
      year: { definition: `${HOURS_PER_YEAR} hour`, aliases: ['years', 'yr', 'yrs'] },
      month: { definition: `${HOURS_PER_YEAR / 12} hour`, aliases: ['months'] },
      eV: { definition: '1.602176634e-19 J', prefixes: 'short', aliases: ['electronvolt', 'electronvolts'] },
    },
    { override: true },
  );
  m.createUnit({
    quad: { definition: '1e15 BTU', aliases: ['quads'] },
    toe: { definition: '41.868e9 J', prefixes: 'short' },
    therm: { definition: '105480400 J', aliases: ['therms'] },
    cal: { definition: '4.184 J', prefixes: 'short', aliases: ['calorie', 'calories'] },
  });
  loaded = m;
  return m;
}

/**
 * mathjs, as `math.unit(…)` reads everywhere, loaded when a property is first read: a Proxy
 * rather than a function so that call sites stay the library's own API.
 */
export const math: MathJsInstance = new Proxy({} as MathJsInstance, { get: (_target, key) => Reflect.get(load(), key) });

/** True once mathjs has been loaded in this process (the start-up bench checks /ask never loads it). */
export function mathLoaded(): boolean {
  return loaded !== undefined;
}

export type { Unit };

let bases: { energy: Unit; power: Unit; time: Unit } | undefined;

export type Dimension = 'energy' | 'power' | 'time' | 'other';

export function dimensionOf(u: Unit): Dimension {
  bases ??= { energy: math.unit('J'), power: math.unit('W'), time: math.unit('s') };
  if (u.equalBase(bases.energy)) return 'energy';
  if (u.equalBase(bases.power)) return 'power';
  if (u.equalBase(bases.time)) return 'time';
  return 'other';
}

/** The value of `amount unit` expressed in `target`, e.g. (500000, 'kWh/day', 'MW') → 20.833… */
export function convertValue(amount: number, unit: string, target: string): number {
  return math.unit(amount, unit).toNumber(target);
}

/**
 * `amount unit` with the unit expression parsed once: mathjs re-parses the string on every
 * math.unit(value, "kWh/day") call, which showed up as a tenth of an /ask answer.
 */
const parsedUnits = new Map<string, Unit>();
const MAX_PARSED_UNITS = 512;

export function quantity(amount: number, expr: string): Unit {
  let u = parsedUnits.get(expr);
  if (!u) {
    u = math.unit(expr);
    if (parsedUnits.size < MAX_PARSED_UNITS) parsedUnits.set(expr, u);
  }
  return math.multiply(u, amount) as Unit;
}
