/**
 * Regenerates tests/fixtures/units-table.json, the /convert conversion table, from GNU `units`.
 *
 *   npm run units:table            (needs GNU units 2.22 or later: apt-get install units)
 *
 * The cases live in tests/fixtures/units-cases.json: each has the /convert line a user types,
 * the unit the answer must come back in, and the exact `units` command whose output is the
 * expected value. Wattson's year is 8,760 hours, GNU's `commonyear`, so the commands say
 * commonyear wherever the input says year (and commonyear/12 for a month). This script runs
 * every command (directly, no shell), reads the one number it prints and writes the table.
 * The test (tests/quantities/units-table.test.ts) reads only the table, so CI needs no `units`.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface Case {
  input: string;
  unit: string;
  units: string;
  locale?: 'en' | 'zh';
}

interface TableRow extends Case {
  expected: number;
}

const ROOT = join(import.meta.dirname, '..');
const CASES = join(ROOT, 'tests', 'fixtures', 'units-cases.json');
const TABLE = join(ROOT, 'tests', 'fixtures', 'units-table.json');

/** Splits a command as a POSIX shell would for the only quoting the cases use: '…' and bare words. */
function shellWords(command: string): string[] {
  const words: string[] = [];
  const re = /'([^']*)'|([^\s']+)|(\s+)/gy;
  let current: string | undefined;
  let m: RegExpExecArray | null;
  while ((m = re.exec(command))) {
    if (m[3] !== undefined) {
      if (current !== undefined) words.push(current);
      current = undefined;
    } else current = (current ?? '') + (m[1] ?? m[2] ?? '');
  }
  if (re.lastIndex !== 0 && re.lastIndex !== command.length) throw new Error(`cannot split: ${command}`);
  if (current !== undefined) words.push(current);
  return words;
}

function runUnits(command: string): number {
  const [program, ...args] = shellWords(command);
  if (program !== 'units' || !args.includes('-t')) throw new Error(`not a terse GNU units command: ${command}`);
  const out = execFileSync('units', args, { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } }).trim();
  const value = Number(out);
  if (out === '' || out.includes('\n') || !Number.isFinite(value)) throw new Error(`${command} printed ${JSON.stringify(out)}`);
  return value;
}

function main(): void {
  let version: string;
  try {
    version = execFileSync('units', ['--version'], { encoding: 'utf8' }).split('\n')[0] ?? '';
  } catch {
    console.error('GNU units is not installed (Debian/Ubuntu: apt-get install units).');
    process.exit(2);
  }
  const cases = JSON.parse(readFileSync(CASES, 'utf8')) as Case[];
  const inputs = new Set<string>();
  const rows: TableRow[] = [];
  const failures: string[] = [];
  for (const c of cases) {
    if (inputs.has(`${c.locale ?? 'en'} ${c.input}`)) failures.push(`duplicate case: ${c.input}`);
    inputs.add(`${c.locale ?? 'en'} ${c.input}`);
    try {
      rows.push({ input: c.input, expected: runUnits(c.units), unit: c.unit, units: c.units, ...(c.locale && { locale: c.locale }) });
    } catch (err) {
      failures.push(`${c.input}: ${(err as Error).message.split('\n')[0]}`);
    }
  }
  if (failures.length) {
    console.error(failures.join('\n'));
    process.exit(1);
  }
  writeFileSync(TABLE, `${JSON.stringify(rows, null, 2)}\n`);
  console.log(`${version}: wrote ${rows.length} rows to ${TABLE}`);
}

main();
