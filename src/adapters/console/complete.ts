import { complete } from '../../dispatch/complete.js';
import type { Runtime } from '../../dispatch/execute.js';
import { optionSpecs } from '../../dispatch/options.js';

/**
 * Tab completion: command names after a slash, then each command's own completion source
 * (fact ids and topics for /fact, units for /convert, commands for /help).
 */
export function completeLine(line: string, rt: Runtime): [string[], string] {
  const names = rt.commands.map((c) => `/${c.name}`);
  if (!line.includes(' ')) {
    const hits = names.filter((n) => n.startsWith(line.startsWith('/') ? line : `/${line}`));
    return [hits.length ? hits : names, line];
  }
  const space = line.indexOf(' ');
  const cmd = rt.commands.find((c) => `/${c.name}` === line.slice(0, space));
  const source = cmd ? optionSpecs(cmd.options).find((o) => o.autocomplete)?.autocomplete : undefined;
  if (!source) return [[], line];
  const rest = line.slice(space + 1);
  const choices = complete(source, rest, rt, 'en').map((c) => c.value);
  // readline replaces the returned substring: the whole argument for ids, the last word for units.
  if (source === 'unit') {
    const word = /[A-Za-z\u4e00-\u9fff]*$/.exec(rest)?.[0] ?? '';
    return [choices.map((c) => c.slice(rest.length - word.length)), word];
  }
  return [choices, rest];
}
