import { type Args, type CommandContext, type CommandDef, type OptionSpec, optionsFor } from './command.js';
import { type Locale, say } from './locale.js';
import type { Logger } from './log.js';
import { parseLine } from './parse-line.js';
import { errorReply } from './replies/build.js';
import type { Reply } from './replies/model.js';

/**
 * The one place commands run. Arguments are validated against the command's declared options,
 * user errors come back as error replies, and anything unexpected is logged and answered with
 * a short apology: no stack trace ever reaches a chat.
 */

export interface Invocation {
  command: string;
  subcommand?: string;
  args: Args;
  locale: Locale;
  user?: { id: string; name?: string };
  /** `space` is the guild or workspace the channel belongs to. */
  channel?: { id: string; space?: string };
  platform?: string;
  canManage?: boolean;
}

export interface Runtime extends Omit<CommandContext, 'locale'> {
  log: Logger;
}

export interface Outcome {
  command: string;
  reply: Reply;
}

function exampleFor(cmd: CommandDef, subcommand?: string): string {
  const prefix = `/${cmd.name}${subcommand ? ` ${subcommand}` : ''}`;
  return cmd.examples.find((e) => e.line.startsWith(prefix))?.line ?? cmd.examples[0]?.line ?? prefix;
}

function checkOption(opt: OptionSpec, raw: string | number | undefined, locale: Locale): { value?: string | number; error?: string } {
  if (raw === undefined || (typeof raw === 'string' && raw.trim() === '')) {
    return opt.required ? { error: say(locale, `\`${opt.name}\` is missing.`, `缺少 \`${opt.name}\`。`) } : {};
  }
  let value: string | number = typeof raw === 'string' ? raw.trim() : raw;
  if (opt.type !== 'string') {
    const n = typeof value === 'number' ? value : Number(String(value).replace(/,/g, ''));
    if (!Number.isFinite(n) || (opt.type === 'integer' && !Number.isInteger(n))) {
      return {
        error: say(
          locale,
          `\`${opt.name}\` must be ${opt.type === 'integer' ? 'a whole number' : 'a number'}, not "${String(value).slice(0, 40)}".`,
          `\`${opt.name}\` 必须是${opt.type === 'integer' ? '整数' : '数字'}，而不是“${String(value).slice(0, 40)}”。`,
        ),
      };
    }
    if (opt.minValue !== undefined && n < opt.minValue) return { error: say(locale, `\`${opt.name}\` must be at least ${opt.minValue}.`, `\`${opt.name}\` 不能小于 ${opt.minValue}。`) };
    if (opt.maxValue !== undefined && n > opt.maxValue) return { error: say(locale, `\`${opt.name}\` must be at most ${opt.maxValue}.`, `\`${opt.name}\` 不能大于 ${opt.maxValue}。`) };
    value = n;
  } else if (opt.maxLength !== undefined && Array.from(String(value)).length > opt.maxLength) {
    return {
      error: say(
        locale,
        `\`${opt.name}\` is too long: at most ${opt.maxLength} characters, you sent ${Array.from(String(value)).length}.`,
        `\`${opt.name}\` 太长：最多 ${opt.maxLength} 个字符，你发送了 ${Array.from(String(value)).length} 个。`,
      ),
    };
  }
  if (opt.choices && !opt.choices.some((c) => c.value === value)) {
    return { error: say(locale, `\`${opt.name}\` must be one of: ${opt.choices.map((c) => c.value).join(', ')}.`, `\`${opt.name}\` 只能是：${opt.choices.map((c) => c.value).join('、')}。`) };
  }
  if (opt.schema) {
    const r = opt.schema.safeParse(value);
    if (!r.success) return { error: r.error.issues[0]?.message ?? say(locale, `\`${opt.name}\` is not valid.`, `\`${opt.name}\` 无效。`) };
  }
  return { value };
}

export function execute(inv: Invocation, rt: Runtime): Outcome {
  const { locale } = inv;
  const cmd = rt.commands.find((c) => c.name === inv.command);
  if (!cmd) {
    return {
      command: inv.command,
      reply: errorReply(locale, 'unknown-command', { en: `There is no /${inv.command} command.`, zh: `没有 /${inv.command} 这个命令。` }, '/help'),
    };
  }
  const example = exampleFor(cmd, inv.subcommand);
  const args: Args = {};
  if (inv.args['_extra'] !== undefined) {
    const extra = String(inv.args['_extra']).slice(0, 60);
    return { command: cmd.name, reply: errorReply(locale, 'unexpected-text', { en: `I don't know what to do with "${extra}".`, zh: `无法理解多出来的“${extra}”。` }, example) };
  }
  for (const opt of optionsFor(cmd, inv.subcommand)) {
    const checked = checkOption(opt, inv.args[opt.name], locale);
    if (checked.error) return { command: cmd.name, reply: errorReply(locale, 'invalid-option', { en: checked.error, zh: checked.error }, example) };
    if (checked.value !== undefined) args[opt.name] = checked.value;
  }
  const caller = {
    ...(inv.platform && { platform: inv.platform }),
    ...(inv.user && { user: inv.user }),
    ...(inv.channel && { channel: inv.channel }),
    ...(inv.canManage !== undefined && { canManage: inv.canManage }),
  };
  try {
    return { command: cmd.name, reply: cmd.run(args, { ...rt, locale, ...caller }, inv.subcommand) };
  } catch (err) {
    rt.log.error({ err, command: cmd.name, subcommand: inv.subcommand }, 'command failed');
    return {
      command: cmd.name,
      reply: errorReply(locale, 'internal', { en: 'Sorry, something went wrong on my side. It has been logged; please try again.', zh: '抱歉，我这边出了点问题，已记录下来，请再试一次。' }),
    };
  }
}

/** Parses and runs one typed line, as the console, the CLI and Slack receive commands. */
export function executeLine(line: string, locale: Locale, rt: Runtime, who?: Pick<Invocation, 'user' | 'channel' | 'platform' | 'canManage'>): Outcome {
  const parsed = parseLine(line, rt.commands);
  if (!parsed.ok) {
    switch (parsed.code) {
      case 'empty':
        return {
          command: '',
          reply: errorReply(
            locale,
            'empty',
            { en: 'Type a command, for example /ask, or /help to see them all.', zh: '请输入命令，例如 /ask，或输入 /help 查看全部命令。' },
            '/ask how much electricity does ChatGPT use a day?',
          ),
        };
      case 'unknown-command': {
        const shown = parsed.name.slice(0, 40);
        const hint = parsed.suggestion ? say(locale, ` Did you mean /${parsed.suggestion}?`, ` 你是不是想用 /${parsed.suggestion}？`) : '';
        const suggested = rt.commands.find((c) => c.name === parsed.suggestion);
        return {
          command: parsed.name,
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
        const cmd = rt.commands.find((c) => line.trim().replace(/^\//, '').toLowerCase().startsWith(c.name));
        const subs = cmd?.subcommands?.map((s) => s.name).join(', ') ?? '';
        const hint = parsed.suggestion ? say(locale, ` Did you mean "${parsed.suggestion}"?`, ` 你是不是想用“${parsed.suggestion}”？`) : '';
        return {
          command: cmd?.name ?? '',
          reply: errorReply(locale, 'unknown-subcommand', { en: `Choose one of: ${subs}.${hint}`, zh: `请选择：${subs}。${hint}` }, cmd ? exampleFor(cmd) : '/help'),
        };
      }
    }
  }
  return execute({ command: parsed.command.name, ...(parsed.subcommand && { subcommand: parsed.subcommand }), args: parsed.args, locale, ...who }, rt);
}
