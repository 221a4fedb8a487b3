import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.js';
import { DatabaseError } from '../db/errors.js';
import { openFeedbackStore } from '../db/feedback.js';
import { openDatabase } from '../db/open.js';
import type { Database } from '../db/sql.js';
import type { DownVoteRow, MissRow } from './store.js';

/**
 * `npm run misses`: the questions Wattson most often declined or answered only with the closest
 * facts, and the answers people voted down, from the database (DATABASE_URL, else WATTSON_DB), so the fact store can
 * be improved from real questions. Prints a table, or JSON with --json. Exit 0, 2 on bad usage.
 */

const USAGE = 'usage: npm run --silent misses -- [--days 30] [--limit 20] [--json]';

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => Array.from(r[i] ?? '').length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => c + ' '.repeat(widths[i]! - Array.from(c).length))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function day(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function formatReport(misses: MissRow[], down: DownVoteRow[], days: number): string {
  const out: string[] = [];
  out.push(`Most frequent misses, last ${days} days`);
  if (misses.length === 0) out.push('  none recorded');
  else out.push(table([['count', 'people', 'kind', 'lang', 'last', 'question'], ...misses.map((m) => [String(m.count), String(m.people), m.kind, m.languages, day(m.lastAt), m.question])]));
  out.push('', `Down-voted answers, last ${days} days`);
  if (down.length === 0) out.push('  none recorded');
  else out.push(table([['votes', 'last', 'facts shown', 'question', 'notes'], ...down.map((d) => [String(d.count), day(d.lastAt), d.facts.join(' ') || '-', d.question, d.notes.join(' | ')])]));
  return out.join('\n');
}

async function main(argv: string[]): Promise<number> {
  let values: { days?: string; limit?: string; json?: boolean; help?: boolean };
  try {
    values = parseArgs({ args: argv, options: { days: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } }).values;
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const days = Number(values.days ?? 30);
  const limit = Number(values.limit ?? 20);
  if (!Number.isInteger(days) || days < 1 || !Number.isInteger(limit) || limit < 1) {
    process.stderr.write(`--days and --limit take whole numbers of at least 1\n${USAGE}\n`);
    return 2;
  }
  let env: ReturnType<typeof loadConfig>['env'];
  try {
    env = loadConfig().env;
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    throw err;
  }
  const path = resolve(env.WATTSON_DB);
  // Reading a report must not create a database file where there was none.
  if (!env.DATABASE_URL && !existsSync(path)) {
    process.stdout.write(values.json ? `${JSON.stringify({ database: path, misses: [], downVoted: [] })}\n` : `No database at ${path} yet: nothing has been recorded.\n`);
    return 0;
  }
  let db: Database;
  try {
    db = await openDatabase({ DATABASE_URL: env.DATABASE_URL, WATTSON_DB: path });
  } catch (err) {
    if (err instanceof DatabaseError) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    throw err;
  }
  try {
    const store = await openFeedbackStore(db);
    const since = Date.now() - days * 86_400_000;
    const misses = await store.topMisses(since, limit);
    const down = await store.downVoted(since, limit);
    // db.where names the server without the password.
    process.stdout.write(values.json ? `${JSON.stringify({ database: db.where, days, misses, downVoted: down })}\n` : `${formatReport(misses, down, days)}\n`);
    return 0;
  } finally {
    await db.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url))
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
