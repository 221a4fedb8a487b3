import { ApplicationCommandOptionType, type CommandInteractionOption } from 'discord.js';
import type { Args } from '../../command.js';

/**
 * Discord delivers options already split, nested one level under a subcommand (two under a
 * group, which the registry does not use: the innermost subcommand's name is taken).
 */
export interface OptionValues {
  subcommand?: string;
  args: Args;
  focused?: { name: string; value: string };
}

export function optionValues(data: readonly CommandInteractionOption[]): OptionValues {
  const first = data[0];
  if (first && (first.type === ApplicationCommandOptionType.Subcommand || first.type === ApplicationCommandOptionType.SubcommandGroup)) {
    const inner = optionValues(first.options ?? []);
    return { ...inner, subcommand: inner.subcommand ?? first.name };
  }
  const args: Args = {};
  let focused: OptionValues['focused'];
  for (const o of data) {
    if (o.value === undefined) continue;
    args[o.name] = typeof o.value === 'boolean' ? String(o.value) : o.value;
    if (o.focused) focused = { name: o.name, value: String(o.value) };
  }
  return { args, ...(focused && { focused }) };
}
