import {
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandSubcommandOption,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { Command, OptionsSchema } from '../../dispatch/command.js';
import { commonOptionSpecs, type OptionSpec, optionSpecs } from '../../dispatch/options.js';
import type { Bilingual } from '../../facts/schema.js';

/**
 * Discord's registration JSON, generated from the command registry so the slash commands a
 * server sees are exactly the ones Wattson serves. Names stay ASCII in every language; the
 * descriptions carry a zh-CN localization.
 */

export const REGISTRATION_LIMITS = { name: 32, description: 100, options: 25, choices: 25, choiceName: 100, commandTotal: 4000 } as const;

export type Scope = 'global' | 'guild';
export type CommandJSON = RESTPostAPIChatInputApplicationCommandsJSONBody;

const TYPES = {
  string: ApplicationCommandOptionType.String,
  integer: ApplicationCommandOptionType.Integer,
  number: ApplicationCommandOptionType.Number,
  boolean: ApplicationCommandOptionType.Boolean,
} as const;

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function describe(d: Bilingual) {
  return {
    description: clip(d.en, REGISTRATION_LIMITS.description),
    description_localizations: { 'zh-CN': clip(d.zh, REGISTRATION_LIMITS.description) },
  };
}

/** Discord rejects a required option listed after an optional one; the stable sort keeps the rest in order. */
function requiredFirst(options: readonly OptionSpec[]): OptionSpec[] {
  return [...options].sort((a, b) => Number(b.required) - Number(a.required));
}

export function optionJSON(o: OptionSpec): APIApplicationCommandBasicOption {
  const common = { name: o.name, ...describe(o.description), required: o.required };
  // Choices and autocomplete exclude each other on Discord; fixed choices are the stronger contract.
  const choices = o.choices?.slice(0, REGISTRATION_LIMITS.choices);
  const autocomplete = !choices?.length && o.autocomplete !== undefined;
  if (o.type === 'string') {
    return {
      ...common,
      type: TYPES.string,
      ...(o.maxLength !== undefined && { max_length: o.maxLength }),
      ...(choices?.length ? { choices: choices.map((c) => ({ name: clip(c.name, REGISTRATION_LIMITS.choiceName), value: c.value })) } : autocomplete ? { autocomplete: true } : {}),
    };
  }
  if (o.type === 'boolean') return { ...common, type: TYPES.boolean };
  return {
    ...common,
    type: TYPES[o.type],
    ...(o.minValue !== undefined && { min_value: o.minValue }),
    ...(o.maxValue !== undefined && { max_value: o.maxValue }),
    ...(choices?.length ? { choices: choices.map((c) => ({ name: clip(c.name, REGISTRATION_LIMITS.choiceName), value: Number(c.value) })) } : autocomplete ? { autocomplete: true } : {}),
  } as APIApplicationCommandBasicOption;
}

/** A command's own options, then the ones every command takes (`private`). */
function leafOptions(schema: OptionsSchema): APIApplicationCommandBasicOption[] {
  return [...requiredFirst(optionSpecs(schema)), ...commonOptionSpecs()].map(optionJSON);
}

export function commandJSON(cmd: Command, scope: Scope): CommandJSON {
  const options: (APIApplicationCommandBasicOption | APIApplicationCommandSubcommandOption)[] = cmd.subcommands?.length
    ? cmd.subcommands.map((s) => ({ type: ApplicationCommandOptionType.Subcommand, name: s.name, ...describe(s.description), options: leafOptions(s.options) }))
    : leafOptions(cmd.options);
  return {
    type: ApplicationCommandType.ChatInput,
    name: cmd.name,
    ...describe(cmd.description),
    options,
    // Contexts apply to global commands only: served in servers and in the bot's DMs.
    ...(scope === 'global' && { integration_types: [ApplicationIntegrationType.GuildInstall], contexts: [InteractionContextType.Guild, InteractionContextType.BotDM] }),
  };
}

/** The body of the one bulk overwrite (PUT) that registers every command. */
export function registrationBody(commands: readonly Command[], scope: Scope): CommandJSON[] {
  return commands.map((c) => commandJSON(c, scope));
}
