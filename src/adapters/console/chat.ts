import { createInterface, type Interface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { executeLine, type Invocation, type Runtime } from '../../execute.js';
import { LOCALES, type Locale, say } from '../../locale.js';
import { renderPlain } from '../../replies/plain.js';
import { completeLine } from './complete.js';

/**
 * The terminal chat: the embedded default of `npm start`. Typed lines go through the same
 * parser and commands as every platform; a line without a slash is a question for /ask.
 */

export interface ConsoleOptions {
  input: Readable;
  output: Writable;
  locale?: Locale;
  terminal?: boolean;
  /** Who is typing and where, for commands that keep per-channel state (/daily). */
  who?: Pick<Invocation, 'user' | 'channel' | 'platform' | 'canManage'>;
}

const QUIT = /^\/?(quit|exit|q)$/i;

export function startConsole(rt: Runtime, opts: ConsoleOptions): Promise<void> {
  let locale: Locale = opts.locale ?? 'en';
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
    say(locale, `Wattson: energy and AI, from Silicon Valley 101 E149. ${rt.store.facts.length} facts.`, `Wattson：AI 与能源问答，来自《硅谷101》E149，共 ${rt.store.facts.length} 条事实。`) +
      '\n' +
      say(locale, 'Ask a question, or type /help. /locale zh switches to Chinese; /quit or Ctrl-D leaves.', '直接提问，或输入 /help。/locale en 切换到英文；/quit 或 Ctrl-D 退出。'),
  );
  rl.prompt();

  return new Promise((resolve) => {
    let closed = false;
    rl.on('line', (raw) => {
      // Piped input arrives in one chunk: lines after /quit are still queued and must be dropped.
      if (closed) return;
      const line = raw.trim();
      if (QUIT.test(line)) {
        closed = true;
        rl.close();
        return;
      }
      const switchTo = /^\/locale(?:\s+(\S+))?$/i.exec(line);
      if (switchTo) {
        const wanted = switchTo[1]?.toLowerCase() as Locale | undefined;
        if (wanted && LOCALES.includes(wanted)) locale = wanted;
        write(say(locale, `Answers in ${locale === 'en' ? 'English' : 'Chinese'}. (/locale en or /locale zh)`, '现在用中文回答。（/locale en 或 /locale zh）'));
      } else if (line) {
        const typed = line.startsWith('/') ? line : `/ask ${line}`;
        write(`${renderPlain(executeLine(typed, locale, rt, opts.who).reply, locale)}\n`);
      }
      rl.prompt();
    });
    rl.on('close', () => {
      write(say(locale, 'Bye.', '再见。'));
      resolve();
    });
  });
}
