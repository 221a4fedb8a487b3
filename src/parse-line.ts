import Fuse from 'fuse.js';
import { type Args, type CommandDef, optionsFor } from './command.js';
import { cleanInput } from './text/clean.js';

/**
 * Turns what a user types ("/ask how much power…", "/fact topics", "/help convert") into a
 * command name and raw arguments. Shared by the console, the CLI and Slack, which all receive
 * one line of text; Discord delivers options already split and skips this.
 */

export type ParsedLine =
  | { ok: true; command: CommandDef; subcommand?: string; args: Args }
  | { ok: false; code: 'empty' | 'unknown-command' | 'unknown-subcommand'; name: string; suggestion?: string; rest?: string };

/** Splits on spaces, keeping "quoted text" together. */
function words(text: string): string[] {
  return [...text.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? '');
}

/** One fuse.js index per list of names: the registry's lists never change at run time. */
const nameIndexes = new Map<string, Fuse<string>>();

export function closestName(name: string, names: readonly string[]): string | undefined {
  const key = names.join('\n');
  let fuse = nameIndexes.get(key);
  if (!fuse) nameIndexes.set(key, (fuse = new Fuse(names as string[], { threshold: 0.5, includeScore: true })));
  return fuse.search(name, { limit: 1 })[0]?.item;
}

export function parseLine(line: string, commands: readonly CommandDef[]): ParsedLine {
  const text = cleanInput(line);
  if (!text) return { ok: false, code: 'empty', name: '' };
  const match = /^\/?(\S+)\s*(.*)$/s.exec(text);
  const name = (match?.[1] ?? '').toLowerCase();
  const rest = match?.[2] ?? '';
  const command = commands.find((c) => c.name === name);
  if (!command) {
    const suggestion = closestName(
      name,
      commands.map((c) => c.name),
    );
    return { ok: false, code: 'unknown-command', name, ...(suggestion && { suggestion }), ...(rest && { rest: rest.slice(0, 500) }) };
  }
  let body = rest;
  let subcommand: string | undefined;
  if (command.subcommands?.length) {
    const sm = /^(\S+)\s*(.*)$/s.exec(rest);
    const subName = sm?.[1]?.toLowerCase() ?? '';
    const sub = command.subcommands.find((s) => s.name === subName);
    if (!sub) {
      const suggestion = subName
        ? closestName(
            subName,
            command.subcommands.map((s) => s.name),
          )
        : undefined;
      return { ok: false, code: 'unknown-subcommand', name: subName, ...(suggestion && { suggestion }) };
    }
    subcommand = sub.name;
    body = sm?.[2] ?? '';
  }
  return { ok: true, command, ...(subcommand && { subcommand }), args: bindArgs(body, optionsFor(command, subcommand)) };
}

/**
 * Binds words to options: `name=value` or `name:value` by name, the rest in declared order;
 * an option marked `rest` takes everything left. Validation happens later, in one place.
 */
function bindArgs(body: string, options: ReturnType<typeof optionsFor>): Args {
  const args: Args = {};
  const restOption = options.find((o) => o.rest);
  if (restOption && options.length === 1) {
    if (body) args[restOption.name] = body;
    return args;
  }
  const positional: string[] = [];
  for (const w of words(body)) {
    const named = /^([a-z][a-z-]*)[=:](.+)$/i.exec(w);
    const opt = named && options.find((o) => o.name === named[1]!.toLowerCase());
    if (opt && named) args[opt.name] = named[2]!;
    else positional.push(w);
  }
  const free = options.filter((o) => args[o.name] === undefined);
  for (const opt of free) {
    if (positional.length === 0) break;
    args[opt.name] = opt.rest ? positional.splice(0).join(' ') : positional.shift()!;
  }
  if (positional.length > 0) args['_extra'] = positional.join(' ');
  return args;
}
