import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chartImage } from './charts/image.js';
import { lazyChartPool } from './charts/lazy-pool.js';
import type { ChartPool } from './charts/pool.js';
import { writeChart } from './charts/write.js';
import type { Caller } from './dispatch/command.js';
import type { Outcome, Runtime } from './dispatch/execute.js';
import { executeLine } from './dispatch/router.js';
import { createRuntime } from './dispatch/runtime.js';
import { FactStoreError } from './facts/load.js';
import { LOCALES, type Locale } from './locale.js';
import { createLogger, type Logger } from './log.js';
import { chartData } from './replies/charts/data.js';
import { renderPlain } from './replies/plain.js';

/**
 * The CLI contract (design.md): one command as an argument, or --batch with one per stdin
 * line. Answers on stdout, logs on stderr. Exit 0 answered, 1 user error, 2 usage or
 * configuration error.
 */

const USAGE = `usage: npm run --silent cli -- [--json] [--locale en|zh] [--chart-out DIR] "<command as typed in chat>"
       npm run --silent cli -- [--json] [--locale en|zh] [--chart-out DIR] [--fresh] --batch < commands.txt

In --batch, consecutive lines are one conversation ("that" is the previous answer); a blank
line starts a new one, and --fresh makes every line its own. --chart-out writes each
answer's chart as a PNG into DIR (its path is the JSON's chart.png).`;

/** Rendering for a file, not a chat: a chart may take its time, within reason. */
const CHART_BUDGET_MS = 30_000;

export function toJson(outcome: Outcome, png?: string): Record<string, unknown> {
  const { reply } = outcome;
  const text = renderPlain(reply, outcome.locale);
  if (reply.kind === 'error') {
    return { ok: false, command: outcome.command, error: { code: reply.data.error?.code ?? 'error', message: reply.data.error?.message ?? text }, text, reply };
  }
  return {
    ok: true,
    command: outcome.command,
    text,
    reply,
    ...(reply.data.quantity && { quantity: reply.data.quantity }),
    ...(reply.data.facts && { facts: reply.data.facts }),
    ...(reply.chart && { chart: { data: chartData(reply.chart), spec: reply.chart, ...(png && { png }) } }),
  };
}

function readArgs(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean' },
        batch: { type: 'boolean' },
        fresh: { type: 'boolean' },
        locale: { type: 'string' },
        'chart-out': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err));
  }
}

async function main(argv: string[]): Promise<number> {
  const parsed = readArgs(argv);
  if (parsed instanceof Error) {
    process.stderr.write(`${parsed.message}\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  // With no --locale, each answer is in its question's language.
  const locale = values.locale as Locale | undefined;
  if (locale !== undefined && !LOCALES.includes(locale)) {
    process.stderr.write(`--locale must be one of ${LOCALES.join(', ')}, not "${values.locale}"\n${USAGE}\n`);
    return 2;
  }
  if (values.batch ? positionals.length > 0 : positionals.length !== 1) {
    process.stderr.write(`${values.batch ? '--batch reads commands from stdin and takes no argument' : 'give exactly one command, quoted'}\n${USAGE}\n`);
    return 2;
  }
  const log = createLogger(process.env['LOG_LEVEL'] ?? 'warn');
  let rt: Runtime;
  try {
    rt = createRuntime({ log });
  } catch (err) {
    if (err instanceof FactStoreError) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    throw err;
  }
  const chartOut = values['chart-out'];
  if (chartOut !== undefined && !chartOut.trim()) {
    process.stderr.write(`--chart-out needs a directory\n${USAGE}\n`);
    return 2;
  }
  // The worker pool only when charts are wanted as files: a text answer never starts it.
  const pool = chartOut ? lazyChartPool({ timeoutMs: CHART_BUDGET_MS }) : undefined;
  let answered = 0;
  const emit = async (outcome: Outcome) => {
    answered++;
    const png = chartOut ? await chartFile(outcome, answered, chartOut, pool, log) : undefined;
    process.stdout.write(values.json ? `${JSON.stringify(toJson(outcome, png))}\n` : `${renderPlain(outcome.reply, outcome.locale)}\n`);
  };
  try {
    return await answerAll(values.batch === true, values.json === true, values.fresh === true, positionals[0], locale, rt, emit);
  } finally {
    await pool?.close();
  }
}

/** The chart's PNG written into `dir` as `<n>-<command>.png`; its path, or nothing if there is no chart or it failed (said on stderr). */
async function chartFile(outcome: Outcome, n: number, dir: string, pool: ChartPool | undefined, log: Logger): Promise<string | undefined> {
  const image = await chartImage(outcome.reply.chart, pool, { budgetMs: CHART_BUDGET_MS, log });
  if (!image) return undefined;
  try {
    return await writeChart(dir, image, `${n}-${outcome.command || 'answer'}`);
  } catch (err) {
    process.stderr.write(`could not write the chart into ${dir}: ${err instanceof Error ? err.message : String(err)}\n`);
    return undefined;
  }
}

async function answerAll(batch: boolean, json: boolean, fresh: boolean, line: string | undefined, locale: Locale | undefined, rt: Runtime, emit: (outcome: Outcome) => Promise<void>): Promise<number> {
  if (!batch) {
    const outcome = await executeLine(line!, locale, rt);
    await emit(outcome);
    return outcome.reply.kind === 'error' ? 1 : 0;
  }
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  let first = true;
  // Consecutive lines are one conversation; a blank line (still answered, as every line is) ends it.
  let conversation = 0;
  for await (const typed of lines) {
    if (!json && !first) process.stdout.write('\n');
    first = false;
    if (!typed.trim() || fresh) conversation++;
    const caller: Caller = { platform: 'cli', user: { id: 'cli' }, channel: { id: `batch-${conversation}` } };
    await emit(await executeLine(typed, locale, rt, caller));
  }
  return 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`wattson cli: unexpected failure: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 2;
    },
  );
}
