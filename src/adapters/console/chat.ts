import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { chartImage } from '../../charts/image.js';
import { writeChart } from '../../charts/write.js';
import type { Caller } from '../../dispatch/command.js';
import type { Outcome, Runtime } from '../../dispatch/execute.js';
import { executeText } from '../../dispatch/router.js';
import { LOCALES, type Locale, say } from '../../locale.js';
import { renderPlain } from '../../replies/plain.js';
import { completeLine } from './complete.js';

/**
 * The terminal chat: the embedded default of `npm start`. Typed lines go to the one text
 * router like every platform's; a line without a slash is usually a question for /ask.
 */

export interface ConsoleOptions {
  input: Readable;
  output: Writable;
  locale?: Locale;
  terminal?: boolean;
  /** Who is typing and where, for commands that keep per-channel state (/daily). */
  who?: Caller;
  /** Where an answer's chart is written as a PNG (default: wattson-charts in the system's temp folder). */
  chartDir?: string;
  /** How long a chart may take before the answer goes on without its PNG (default 10 s). */
  chartBudgetMs?: number;
}

/** A terminal shows no images: the PNG goes to a file; a chart that takes longer than this is left out. */
const CHART_BUDGET_MS = 10_000;

/** The Unicode chart in the text, then the PNG's path once it is written (or nothing, if it could not be). */
async function chartLines(outcome: Outcome, rt: Runtime, dir: string, budgetMs: number): Promise<string[]> {
  const spec = outcome.reply.chart;
  if (!spec) return [];
  // Loaded with the first chart: its sparkline and width libraries cost a start tens of milliseconds.
  const { unicodeChart } = await import('../../charts/unicode.js');
  const lines = [unicodeChart(spec)];
  const image = await chartImage(spec, rt.services.charts, { budgetMs, log: rt.log });
  if (image) {
    try {
      const path = await writeChart(dir, image);
      lines.push(say(outcome.locale, `Chart: ${path}`, `图表：${path}`));
    } catch (err) {
      rt.log.warn({ err, dir }, 'could not write the chart file');
    }
  }
  return lines;
}

const QUIT = /^\/?(quit|exit|q)$/i;

export async function startConsole(rt: Runtime, opts: ConsoleOptions): Promise<void> {
  // Until /locale chooses one, each answer is in its question's language.
  let chosen: Locale | undefined = opts.locale;
  const chartDir = opts.chartDir ?? join(tmpdir(), 'wattson-charts');
  const locale = (): Locale => chosen ?? 'en';
  const rl: Interface = createInterface({
    input: opts.input,
    output: opts.output,
    terminal: opts.terminal ?? false,
    historySize: 200,
    prompt: 'wattson> ',
    completer: (line: string) => completeLine(line, rt),
  });
  const write = (text: string) => opts.output.write(`${text}\n`);
  write(
    say(locale(), `Wattson: energy and AI, from Silicon Valley 101 E149. ${rt.store.facts.length} facts.`, `Wattson：AI 与能源问答，来自《硅谷101》E149，共 ${rt.store.facts.length} 条事实。`) +
      '\n' +
      say(locale(), 'Ask a question, or type /help. /locale zh switches to Chinese; /quit or Ctrl-D leaves.', '直接提问，或输入 /help。/locale en 切换到英文；/quit 或 Ctrl-D 退出。'),
  );
  rl.prompt();
  // One line at a time, in order: piped input arrives in one chunk, and an answer may take a
  // moment (a database, a chart); lines after /quit are never answered.
  for await (const raw of rl) {
    const line = raw.trim();
    if (QUIT.test(line)) break;
    const switchTo = /^\/locale(?:\s+(\S+))?$/i.exec(line);
    if (switchTo) {
      const wanted = switchTo[1]?.toLowerCase() as Locale | undefined;
      if (wanted && LOCALES.includes(wanted)) chosen = wanted;
      write(say(locale(), `Answers in ${locale() === 'en' ? 'English' : 'Chinese'}. (/locale en or /locale zh)`, '现在用中文回答。（/locale en 或 /locale zh）'));
    } else if (line) {
      const outcome = await executeText({ text: line, surface: 'line', locale: chosen, ...(opts.who && { caller: opts.who }) }, rt);
      // The text first; the chart (a few lines of Unicode, and the PNG's path) after it.
      write(`${renderPlain(outcome.reply, outcome.locale)}\n`);
      const chart = await chartLines(outcome, rt, chartDir, opts.chartBudgetMs ?? CHART_BUDGET_MS);
      if (chart.length > 0) write(`${chart.join('\n\n')}\n`);
    }
    rl.prompt();
  }
  rl.close();
  write(say(locale(), 'Bye.', '再见。'));
}
