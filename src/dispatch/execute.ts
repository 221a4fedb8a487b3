import type { Locale } from '../locale.js';
import { apology, errorReply } from '../replies/build.js';
import type { Reply } from '../replies/model.js';
import type { Caller, Command, CommandContext } from './command.js';
import { leafOf } from './command.js';
import { type RawArgs, readArgs } from './options.js';

/**
 * The one place commands run. Arguments are validated against the command's zod options,
 * user errors come back as error replies, and anything unexpected is logged and answered with
 * the apology: no stack trace ever reaches a chat.
 */

export interface Invocation {
  command: string;
  subcommand?: string;
  args: RawArgs;
  /** Words typed after the last option, which no option takes. */
  extra?: string;
  locale: Locale;
  caller?: Caller;
}

/** Everything a command's context holds except who asked and in which language. */
export type Runtime = Omit<CommandContext, 'locale' | 'caller'>;

export interface Outcome {
  command: string;
  reply: Reply;
  locale: Locale;
}

export function exampleFor(cmd: Command, subcommand?: string): string {
  const prefix = `/${cmd.name}${subcommand ? ` ${subcommand}` : ''}`;
  return cmd.examples.find((e) => e.line.startsWith(prefix))?.line ?? cmd.examples[0]?.line ?? prefix;
}

export async function execute(inv: Invocation, rt: Runtime): Promise<Outcome> {
  const { locale } = inv;
  const done = (command: string, reply: Reply): Outcome => ({ command, reply, locale });
  const cmd = rt.commands.find((c) => c.name === inv.command);
  if (!cmd) return done(inv.command, errorReply(locale, 'unknown-command', { en: `There is no /${inv.command.slice(0, 40)} command.`, zh: `没有 /${inv.command.slice(0, 40)} 这个命令。` }, '/help'));
  const example = exampleFor(cmd, inv.subcommand);
  const leaf = leafOf(cmd, inv.subcommand);
  if (!leaf) {
    const subs = cmd.subcommands?.map((s) => s.name).join(', ') ?? '';
    return done(cmd.name, errorReply(locale, 'unknown-subcommand', { en: `Choose one of: ${subs}.`, zh: `请选择：${subs}。` }, example));
  }
  if (inv.extra !== undefined) {
    const extra = inv.extra.slice(0, 60);
    return done(cmd.name, errorReply(locale, 'unexpected-text', { en: `I don't know what to do with "${extra}".`, zh: `无法理解多出来的“${extra}”。` }, example));
  }
  const read = readArgs(leaf.options, inv.args);
  if (!read.ok) return done(cmd.name, errorReply(locale, 'invalid-option', read.message, example));
  try {
    return done(cmd.name, await leaf.run(read.args, { ...rt, locale, caller: inv.caller ?? {} }));
  } catch (err) {
    rt.log.error({ err, command: cmd.name, subcommand: inv.subcommand }, 'command failed');
    return done(cmd.name, apology(locale));
  }
}
