import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Caller } from './dispatch/command.js';
import type { Outcome, Runtime } from './dispatch/execute.js';
import { executeLine } from './dispatch/router.js';
import { createRuntime } from './dispatch/runtime.js';
import { FactStoreError } from './facts/load.js';
import { LOCALES, type Locale } from './locale.js';
import { createLogger } from './log.js';
import { renderPlain } from './replies/plain.js';

/**
 * The CLI contract (design.md): one command as an argument, or --batch with one per stdin
 * line. Answers on stdout, logs on stderr. Exit 0 answered, 1 user error, 2 usage or
 * configuration error.
 */

const USAGE = `usage: npm run --silent cli -- [--json] [--locale en|zh] "<command as typed in chat>"
       npm run --silent cli -- [--json] [--locale en|zh] [--fresh] --batch < commands.txt

In --batch, consecutive lines are one conversation ("that" is the previous answer); a blank
line starts a new one, and --fresh makes every line its own.`;

export function toJson(outcome: Outcome): Record<string, unknown> {
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
  };
}

function readArgs(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: { json: { type: 'boolean' }, batch: { type: 'boolean' }, fresh: { type: 'boolean' }, locale: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
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
  const emit = (outcome: Outcome) => {
    process.stdout.write(values.json ? `${JSON.stringify(toJson(outcome))}\n` : `${renderPlain(outcome.reply, outcome.locale)}\n`);
  };
  if (!values.batch) {
    const outcome = await executeLine(positionals[0]!, locale, rt);
    emit(outcome);
    return outcome.reply.kind === 'error' ? 1 : 0;
  }
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  let first = true;
  // Consecutive lines are one conversation; a blank line (still answered, as every line is) ends it.
  let conversation = 0;
  for await (const line of lines) {
    if (!values.json && !first) process.stdout.write('\n');
    first = false;
    if (!line.trim() || values.fresh) conversation++;
    const caller: Caller = { platform: 'cli', user: { id: 'cli' }, channel: { id: `batch-${conversation}` } };
    emit(await executeLine(line, locale, rt, caller));
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
