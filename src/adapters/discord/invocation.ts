import { ApplicationCommandOptionType, type CommandInteractionOption } from 'discord.js';
import type { RawArgs } from '../../dispatch/options.js';

/**
 * Discord delivers options already split, nested one level under a subcommand (two under a
 * group, which the registry does not use: the innermost subcommand's name is taken).
 */
export interface OptionValues {
  subcommand?: string;
  args: RawArgs;
  focused?: { name: string; value: string };
}

export function optionValues(data: readonly CommandInteractionOption[]): OptionValues {
  const first = data[0];
  if (first && (first.type === ApplicationCommandOptionType.Subcommand || first.type === ApplicationCommandOptionType.SubcommandGroup)) {
    const inner = optionValues(first.options ?? []);
    return { ...inner, subcommand: inner.subcommand ?? first.name };
  }
  const args: RawArgs = {};
  let focused: OptionValues['focused'];
  for (const o of data) {
    if (o.value === undefined) continue;
    args[o.name] = o.value;
    if (o.focused) focused = { name: o.name, value: String(o.value) };
  }
  return { args, ...(focused && { focused }) };
}
