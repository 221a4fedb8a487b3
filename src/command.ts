import type { z } from 'zod';
import type { Bilingual } from './facts/schema.js';
import type { SearchIndex } from './facts/search.js';
import type { FactStore } from './facts/store.js';
import type { Locale } from './locale.js';
import type { Reply } from './replies/model.js';

/**
 * What a command is, declared once and served everywhere: Discord's registration JSON, the
 * Slack manifest, /help and the console's completion are all generated from these fields.
 */

/** Where an option's autocomplete suggestions come from. */
export type CompletionSource = 'fact' | 'fact-or-topic' | 'command' | 'unit';

export interface OptionSpec {
  name: string;
  description: Bilingual;
  type: 'string' | 'number' | 'integer';
  required: boolean;
  /** In typed text (console, CLI, Slack), this option takes the rest of the line. */
  rest?: boolean;
  autocomplete?: CompletionSource;
  choices?: readonly { name: string; value: string }[];
  minValue?: number;
  maxValue?: number;
  maxLength?: number;
  /** Validation beyond the type; its message is shown to the user. */
  schema?: z.ZodType;
}

export interface SubcommandSpec {
  name: string;
  description: Bilingual;
  options: readonly OptionSpec[];
}

export interface Example {
  /** Exactly what a user types, slash included. */
  line: string;
  description: Bilingual;
}

export type Args = Record<string, string | number | undefined>;

export interface CommandContext {
  locale: Locale;
  /** Who asked, and where: set by the adapter; commands that store per-channel state need them. */
  platform?: string;
  user?: { id: string; name?: string };
  channel?: { id: string; space?: string };
  /** Whether the caller may change this channel's settings (Discord: Manage Channel). */
  canManage?: boolean;
  store: FactStore;
  search: SearchIndex;
  commands: readonly CommandDef[];
  random: () => number;
  now: () => Date;
}

export interface CommandDef {
  name: string;
  description: Bilingual;
  options: readonly OptionSpec[];
  subcommands?: readonly SubcommandSpec[];
  examples: readonly Example[];
  run(args: Args, ctx: CommandContext, subcommand?: string): Reply;
}

/** Identity helper so command files get full type checking on their declaration. */
export function defineCommand(def: CommandDef): CommandDef {
  return def;
}

/** The options that apply to an invocation: the subcommand's, or the command's own. */
export function optionsFor(cmd: CommandDef, subcommand?: string): readonly OptionSpec[] {
  if (!cmd.subcommands?.length) return cmd.options;
  return cmd.subcommands.find((s) => s.name === subcommand)?.options ?? [];
}
