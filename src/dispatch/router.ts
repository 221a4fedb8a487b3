import { type Locale, say } from '../locale.js';
import { apology, errorReply } from '../replies/build.js';
import { cleanInput } from '../text/clean.js';
import { hasChinese } from '../text/language.js';
import type { Caller } from './command.js';
import { converse, rememberError } from './converse.js';
import { exampleFor, type Invocation, type Outcome, type Runtime } from './execute.js';
import { PRIVATE_OPTION, type RawArgs } from './options.js';
import { parseLine, slipOf } from './parse-line.js';
import { share } from './private.js';
import { SHARE_LINE } from './shares.js';

/**
 * The one text router: whatever a person typed, on any platform, becomes one command run
 * here, inside its conversation (src/dispatch/converse.ts: "that", follow-ups, feedback ids). A line that starts with a slash is a command; bare text whose first word is a command
 * runs that command (and is asked as a question if the command cannot use the rest); any
 * other text is a question for /ask. The answer's language is the one the user chose, or
 * else the question's. Adapters only say where the text came from.
 */

/**
 * - `line`: a whole typed command line (console, CLI); blank is a usage error.
 * - `slash`: the text after an umbrella slash command (`/wattson …`), whose first word is
 *   documented as the command, so a slip of a command name gets "did you mean".
 * - `message`: a mention or a direct message.
 * - `button`: a command line a button carries.
 */
export type Surface = 'line' | 'slash' | 'message' | 'button';

export interface TextRequest {
  text: string;
  surface: Surface;
  caller?: Caller;
  /** The language the user chose (Discord's client language, --locale, /locale, a Chinese Slack locale); else the question's. */
  locale?: Locale | undefined;
  /** The platform already named the command (a Slack app that installs /ask on its own). */
  command?: string | undefined;
  /** The platform's own `private` option (Discord's boolean); typed text says `--private`. */
  private?: boolean | undefined;
}

/** A leading `--zh` or `--en` picks the answer language for this one message. */
function takeLocaleFlag(text: string): { flag?: Locale; text: string } {
  const m = /^\s*--(zh|en)\b\s*/i.exec(text);
  if (!m) return { text };
  return { flag: m[1]!.toLowerCase() as Locale, text: text.slice(m[0].length) };
}

/**
 * `--private` as a word of its own, anywhere in the line (`/wattson --private ask …`,
 * `… --private`): the typed form of the `private` option every command takes. A flag rather
 * than an option binding, so a command whose one option takes the rest of the line (/ask)
 * never reads it as part of the question.
 */
// Chat clients may turn "--" into a dash as it is typed.
const PRIVATE_FLAG = /(^|\s)(?:--|—|–)private(?=\s|$)/gi;

function takePrivateFlag(text: string): { private: boolean; text: string } {
  if (!text.toLowerCase().includes('private')) return { private: false, text };
  const rest = text.replace(PRIVATE_FLAG, ' ');
  return rest === text ? { private: false, text } : { private: true, text: rest.replace(/\s+/g, ' ').trim() };
}

export function chooseLocale(text: string, chosen: Locale | undefined): Locale {
  return chosen ?? (hasChinese(text) ? 'zh' : 'en');
}

export async function executeText(req: TextRequest, rt: Runtime): Promise<Outcome> {
  const priv = takePrivateFlag(req.text);
  const { flag, text: raw } = takeLocaleFlag(priv.text);
  const text = cleanInput(raw);
  const locale = flag ?? chooseLocale(text, req.locale);
  try {
    // A share button's line is no command anyone types: it posts a private answer kept in memory.
    const shared = req.surface === 'button' ? SHARE_LINE.exec(text) : null;
    if (shared) return await share(shared[1]!, req.caller, locale, rt);
    return inScriptOf(text, await route(text, priv.private ? { ...req, private: true } : req, locale, rt), rt);
  } catch (err) {
    rt.log.error({ err }, 'routing failed');
    return { command: '', reply: apology(locale), locale };
  }
}

/** A Chinese answer to a question typed in Traditional characters is written in them too. */
function inScriptOf(typed: string, outcome: Outcome, rt: Runtime): Outcome {
  if (outcome.locale !== 'zh' || rt.search.simplified(typed) === typed) return outcome;
  return { ...outcome, reply: { ...outcome.reply, script: 'traditional' } };
}

/** A typed command line, as the console and the CLI receive it. */
export function executeLine(line: string, locale: Locale | undefined, rt: Runtime, caller?: Caller): Promise<Outcome> {
  return executeText({ text: line, surface: 'line', locale, ...(caller && { caller }) }, rt);
}

async function route(text: string, req: TextRequest, locale: Locale, rt: Runtime): Promise<Outcome> {
  const names = rt.commands.map((c) => c.name);
  if (req.command) return runLine(`/${req.command} ${text}`, req, locale, rt);
  if (!text) return req.surface === 'line' || req.surface === 'button' ? empty(locale) : runLine('/help', req, locale, rt);
  if (text.startsWith('/')) return runLine(text, req, locale, rt);
  const first = (/^\S+/.exec(text)?.[0] ?? '').toLowerCase();
  if (names.includes(first)) {
    const outcome = await runLine(`/${text}`, req, locale, rt);
    // "about the grid…", "help me understand…": a command word used as an ordinary word.
    const guessed = text.toLowerCase() !== first;
    if (guessed && outcome.reply.data.error?.code === 'unexpected-text') return ask(text, req, locale, rt);
    return outcome;
  }
  if (req.surface === 'slash' && slipOf(first, names)) return runLine(`/${text}`, req, locale, rt);
  return ask(text, req, locale, rt);
}

function empty(locale: Locale): Outcome {
  return {
    command: '',
    reply: errorReply(
      locale,
      'empty',
      { en: 'Type a command, for example /ask, or /help to see them all.', zh: '请输入命令，例如 /ask，或输入 /help 查看全部命令。' },
      '/ask how much electricity does ChatGPT use a day?',
    ),
    locale,
  };
}

function ask(question: string, req: TextRequest, locale: Locale, rt: Runtime): Promise<Outcome> {
  return converse({ command: 'ask', args: { question }, locale, ...(req.caller && { caller: req.caller }), ...(req.private && { private: true }) }, rt);
}

/**
 * Options that arrive already split (Discord's slash commands): each string is cleaned here,
 * as typed text is, so every value a command sees has been cleaned exactly once; then the
 * command runs in its conversation like typed text.
 */
export async function executeOptions(inv: Invocation, rt: Runtime): Promise<Outcome> {
  const args: RawArgs = {};
  // `private` is every command's option, read here rather than by the command (see options.ts).
  const { [PRIVATE_OPTION]: priv, ...own } = inv.args;
  for (const [k, v] of Object.entries(own)) args[k] = typeof v === 'string' ? cleanInput(v) : v;
  try {
    const typed = Object.values(args)
      .filter((v): v is string => typeof v === 'string')
      .join(' ');
    return inScriptOf(typed, await converse({ ...inv, args, ...((priv === true || inv.private) && { private: true }) }, rt), rt);
  } catch (err) {
    rt.log.error({ err, command: inv.command }, 'command failed');
    return { command: inv.command, reply: apology(inv.locale), locale: inv.locale };
  }
}

async function runLine(line: string, req: TextRequest, locale: Locale, rt: Runtime): Promise<Outcome> {
  const parsed = parseLine(line, rt.commands);
  const caller = req.caller;
  if (parsed.ok) {
    return converse(
      {
        command: parsed.command.name,
        ...(parsed.subcommand && { subcommand: parsed.subcommand }),
        args: parsed.args,
        ...(parsed.extra !== undefined && { extra: parsed.extra }),
        locale,
        ...(caller && { caller }),
        ...(req.private && { private: true }),
      },
      rt,
    );
  }
  await rememberError(caller, locale, parsed.name, rt);
  switch (parsed.code) {
    case 'empty':
      return empty(locale);
    case 'unknown-command': {
      const shown = parsed.name.slice(0, 40);
      const hint = parsed.suggestion ? say(locale, ` Did you mean /${parsed.suggestion}?`, ` 你是不是想用 /${parsed.suggestion}？`) : '';
      const suggested = rt.commands.find((c) => c.name === parsed.suggestion);
      return {
        command: parsed.name,
        locale,
        reply: errorReply(
          locale,
          'unknown-command',
          { en: `There is no /${shown} command.${hint}`, zh: `没有 /${shown} 这个命令。${hint}` },
          suggested ? exampleFor(suggested) : '/help',
          suggested ? [{ label: `/${suggested.name}`, command: `/${suggested.name}${parsed.rest ? ` ${parsed.rest}` : ''}` }] : [],
        ),
      };
    }
    case 'unknown-subcommand': {
      const cmd = parsed.command;
      const subs = cmd?.subcommands?.map((s) => s.name).join(', ') ?? '';
      const hint = parsed.suggestion ? say(locale, ` Did you mean "${parsed.suggestion}"?`, ` 你是不是想用“${parsed.suggestion}”？`) : '';
      return {
        command: cmd?.name ?? '',
        locale,
        reply: errorReply(locale, 'unknown-subcommand', { en: `Choose one of: ${subs}.${hint}`, zh: `请选择：${subs}。${hint}` }, cmd ? exampleFor(cmd) : '/help'),
      };
    }
  }
}
