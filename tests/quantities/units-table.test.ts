import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { executeLine } from '../../src/dispatch/router.js';
import { createRuntime } from '../../src/dispatch/runtime.js';
import { silentLogger } from '../../src/log.js';

/**
 * The /convert table: every expected value was printed by GNU units 2.22 (`units -t -d 15`,
 * the command kept beside it). Regenerate with `npm run units:table`; this test reads only the
 * JSON, so it runs where GNU units is not installed.
 */
interface Row {
  input: string;
  expected: number;
  unit: string;
  units: string;
  locale?: 'en' | 'zh';
}

const rows = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'units-table.json'), 'utf8')) as Row[];
const rt = createRuntime({ log: silentLogger() });

/** GNU units prints 15 significant digits, so agreement is relative, within 1e-9. */
const TOLERANCE = 1e-9;

function relativeError(actual: number, expected: number): number {
  if (expected === 0) return Math.abs(actual);
  return Math.abs(actual - expected) / Math.abs(expected);
}

describe('/convert agrees with GNU units', () => {
  it('has at least 100 rows, each with the units command that produced it', async () => {
    expect(rows.length).toBeGreaterThanOrEqual(100);
    for (const r of rows) {
      expect(r.input).toMatch(/^\/convert /);
      expect(r.units).toMatch(/^units -t -d 15 /);
      expect(Number.isFinite(r.expected)).toBe(true);
    }
    expect(new Set(rows.map((r) => `${r.locale ?? 'en'} ${r.input}`)).size).toBe(rows.length);
  });

  it.each(rows.map((r) => [`${r.locale === 'zh' ? '[zh] ' : ''}${r.input}`, r] as const))('%s', async (_, row) => {
    const { reply } = await executeLine(row.input, row.locale ?? 'en', rt);
    expect(reply.data.error, JSON.stringify(reply.data.error)).toBeUndefined();
    const q = reply.data.quantity;
    expect(q, `no quantity for ${row.input}`).toBeDefined();
    expect(q!.unit).toBe(row.unit);
    expect(Number.isFinite(q!.value)).toBe(true);
    expect(relativeError(q!.value, row.expected), `${q!.value} vs ${row.expected} (${row.units})`).toBeLessThanOrEqual(TOLERANCE);
  });

  it('reports the agreement over the whole table', async () => {
    let worst = 0;
    let worstRow = '';
    let agree = 0;
    for (const row of rows) {
      const q = (await executeLine(row.input, row.locale ?? 'en', rt)).reply.data.quantity;
      const err = q && q.unit === row.unit ? relativeError(q.value, row.expected) : Infinity;
      if (err <= TOLERANCE) agree++;
      if (err > worst) [worst, worstRow] = [err, row.input];
    }
    console.info(`units table: ${agree}/${rows.length} rows agree with GNU units; max relative error ${worst.toExponential(2)}${worstRow ? ` (${worstRow})` : ''}`);
    expect(agree).toBe(rows.length);
  });
});
