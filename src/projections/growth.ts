/**
 * Compound growth, the arithmetic behind "doubling every 2–3 years" and "5% a year":
 * value(t) = start × (1 + rate)^t, or start × 2^(t / doubling).
 */
export type GrowthLaw = { kind: 'rate'; percentPerYear: number } | { kind: 'doubling'; years: number };

export function grow(start: number, law: GrowthLaw, years: number): number {
  return law.kind === 'rate' ? start * (1 + law.percentPerYear / 100) ** years : start * 2 ** (years / law.years);
}

/** The annual rate equivalent to a doubling time, for showing both. */
export function rateForDoubling(years: number): number {
  return (2 ** (1 / years) - 1) * 100;
}

export function doublingForRate(percentPerYear: number): number {
  return Math.log(2) / Math.log(1 + percentPerYear / 100);
}

export interface GrowthRow {
  year: number;
  values: number[];
}

/** One row per year from `from` to `from + span`, one column per law (low, central, high). */
export function growthTable(start: number, laws: GrowthLaw[], from: number, span: number): GrowthRow[] {
  const rows: GrowthRow[] = [];
  for (let t = 0; t <= span; t++) rows.push({ year: from + t, values: laws.map((law) => grow(start, law, t)) });
  return rows;
}
