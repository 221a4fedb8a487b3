import Fuse from 'fuse.js';
import type { Command } from './command.js';
import { type OptionSpec, optionSpecs, type RawArgs } from './options.js';

/**
 * Turns what a user types ("/ask how much power…", "/fact topics", "/help convert") into a
 * command name and raw arguments. The router uses it for every typed line; Discord delivers
 * options already split and skips it.
 */

export type ParsedLine =
  | { ok: true; command: Command; subcommand?: string; args: RawArgs; extra?: string }
  | { ok: false; code: 'empty' | 'unknown-command' | 'unknown-subcommand'; name: string; command?: Command; suggestion?: string; rest?: string };

/** Splits on spaces, keeping "quoted text" together. */
function words(text: string): string[] {
  return [...text.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? '');
}

/** One fuse.js index per list of names: the registry's lists never change at run time. */
const nameIndexes = new Map<string, Fuse<string>>();

function nameIndex(names: readonly string[]): Fuse<string> {
  const key = names.join('\n');
  let fuse = nameIndexes.get(key);
  if (!fuse) nameIndexes.set(key, (fuse = new Fuse(names as string[], { threshold: 0.5, includeScore: true })));
  return fuse;
}

/** The registered name closest to what was typed, for "did you mean". */
export function closestName(name: string, names: readonly string[]): string | undefined {
  return nameIndex(names).search(name, { limit: 1 })[0]?.item;
}

/**
 * A slip of a command name typed as the first word of a message ("convrt 5 MW"), as opposed
 * to an ordinary word that happens to look like one ("fast", "face"): four letters or more,
 * and close enough that fuse.js scores it as one dropped, doubled or swapped letter.
 */
export function slipOf(word: string, names: readonly string[]): string | undefined {
  if (!/^[a-z]{4,}$/.test(word)) return undefined;
  const hit = nameIndex(names).search(word, { limit: 1 })[0];
  if (!hit || hit.item === word || hit.score === undefined) return undefined;
  const sameLetters = [...word].sort().join('') === [...hit.item].sort().join('');
  const lengthSlip = Math.abs(word.length - hit.item.length) === 1;
  // fuse.js scores a swapped pair (hlep) near 0.5 and a dropped or doubled letter near 0.2;
  // a changed letter in a short name is too often a real word (fast, face), so only long names allow it.
  const limit = sameLetters ? 0.5 : lengthSlip ? 0.35 : hit.item.length >= 6 ? 0.2 : 0;
  return hit.score <= limit ? hit.item : undefined;
}

/** `line` is already clean (see cleanInput): the router cleans each text once. */
export function parseLine(line: string, commands: readonly Command[]): ParsedLine {
  const text = line.trim();
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
  let options = command.options;
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
      return { ok: false, code: 'unknown-subcommand', name: subName, command, ...(suggestion && { suggestion }) };
    }
    subcommand = sub.name;
    options = sub.options;
    body = sm?.[2] ?? '';
  }
  const { args, extra } = bindArgs(body, optionSpecs(options));
  return { ok: true, command, ...(subcommand && { subcommand }), args, ...(extra && { extra }) };
}

/**
 * Binds words to options: `name=value` or `name:value` by name, the rest in declared order;
 * an option marked `rest` takes everything left. Validation happens later, in one place.
 */
function bindArgs(body: string, options: readonly OptionSpec[]): { args: RawArgs; extra?: string } {
  const args: RawArgs = {};
  const restOption = options.find((o) => o.rest);
  if (restOption && options.length === 1) {
    if (body) args[restOption.name] = body;
    return { args };
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
  return positional.length > 0 ? { args, extra: positional.join(' ') } : { args };
}
