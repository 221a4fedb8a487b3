import { ApplicationCommandOptionType } from 'discord.js';
import type { RawArgs } from '../../dispatch/options.js';

/**
 * Discord delivers options already split, nested one level under a subcommand (two under a
 * group, which the registry does not use: the innermost subcommand's name is taken). The same
 * shape whether discord.js parsed it (the gateway) or it arrived as the API's JSON (HTTP).
 */
export interface OptionLike {
  name: string;
  type: number;
  value?: string | number | boolean | undefined;
  focused?: boolean | undefined;
  options?: readonly OptionLike[] | undefined;
}

export interface OptionValues {
  subcommand?: string;
  args: RawArgs;
  focused?: { name: string; value: string };
}

export function optionValues(data: readonly OptionLike[]): OptionValues {
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
