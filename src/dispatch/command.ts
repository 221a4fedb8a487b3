import type * as z from 'zod';
import type { ChartRenderer } from '../charts/image.js';
import type { ConversationStore } from '../conversation/memory.js';
import type { DailyService } from '../daily/service.js';
import type { Bilingual } from '../facts/schema.js';
import type { SearchIndex } from '../facts/search.js';
import type { FactStore } from '../facts/store.js';
import type { FeedbackService } from '../feedback/service.js';
import type { Locale } from '../locale.js';
import type { Logger } from '../log.js';
import type { Reply } from '../replies/model.js';
import type { FirstSightings } from '../store/first-sightings.js';
import type { Installations } from '../store/installations.js';
import type { ShareStore } from './shares.js';

/**
 * What a command is, declared once and served everywhere: Discord's registration JSON, the
 * Slack manifest, /help and the console's completion are all generated from these fields.
 * Options are a zod object: the same schema validates what a user typed and types `run`'s
 * arguments, so a command never reads an option it did not declare.
 */

// biome-ignore lint/suspicious/noExplicitAny: the registry holds commands of every option shape.
export type OptionsSchema = z.ZodObject<any>;

/** Validated arguments, as the erased registry sees them. */
export type Args = Record<string, unknown>;

export interface Example {
  /** Exactly what a user types, slash included. */
  line: string;
  description: Bilingual;
}

/** Who asked, and where: set by the adapter; commands that keep per-channel state need it. */
export interface Caller {
  /** 'discord', 'slack', 'console', 'cli': per-channel state is kept per platform. */
  platform?: string;
  user?: { id: string; name?: string };
  /** `space` is the Discord guild or Slack workspace; `thread` the thread the message is in. */
  channel?: { id: string; space?: string; thread?: string };
  /** Discord: Manage Channel in this channel; Slack: workspace admin or owner; console: true. Absent means no. */
  canManage?: boolean;
}

/** What a running Wattson offers commands beyond the fact store; each is absent where it does not run (the CLI has no daily posts). */
export interface Services {
  daily?: DailyService;
  /** What each conversation's last answer was, for follow-ups; createRuntime gives one in memory. */
  conversations?: ConversationStore;
  /** Votes and misses; only where there is a database. */
  feedback?: FeedbackService;
  /** Draws an answer's chart as a PNG, off the event loop (the chart worker pool); absent where nothing shows images (the CLI without --chart-out). */
  charts?: ChartRenderer;
  /** Private answers waiting to be shared ("Post in channel"); only where answers can be private. */
  shares?: ShareStore;
  /** Slack OAuth installations, in the same database as the daily posts (src/db). */
  installations?: Installations;
  /** Events already answered, shared by replicas; an adapter keeps its own in memory without it. */
  sightings?: FirstSightings;
}

export interface CommandContext {
  locale: Locale;
  caller: Caller;
  store: FactStore;
  search: SearchIndex;
  commands: readonly Command[];
  services: Services;
  random: () => number;
  now: () => Date;
  log: Logger;
}

export type RunResult = Reply | Promise<Reply>;

/** One runnable thing: a command without subcommands, or one subcommand. */
export interface Leaf {
  options: OptionsSchema;
  run(args: Args, ctx: CommandContext): RunResult;
}

export interface Subcommand extends Leaf {
  name: string;
  description: Bilingual;
}

export interface Command {
  name: string;
  description: Bilingual;
  examples: readonly Example[];
  /**
   * False for commands about the conversation or the bot rather than the episode (/feedback,
   * /help, /about, /daily): their replies leave "that" meaning what it meant and carry no 👍 / 👎.
   */
  remembered?: false;
  /** The command's own options; empty when it has subcommands. */
  options: OptionsSchema;
  subcommands?: readonly Subcommand[];
  run?(args: Args, ctx: CommandContext): RunResult;
}

interface LeafDef<S extends OptionsSchema> {
  options: S;
  run(args: z.output<S>, ctx: CommandContext): RunResult;
}

interface CommandHead {
  name: string;
  description: Bilingual;
  examples: readonly Example[];
  remembered?: false;
}

/**
 * A command, fully typed where it is written and erased into the registry's shape. The one
 * cast is sound because the dispatcher only ever calls `run` with `options.parse`'s output.
 */
export function defineCommand<S extends OptionsSchema>(def: CommandHead & LeafDef<S>): Command;
export function defineCommand(def: CommandHead & { options: OptionsSchema; subcommands: readonly Subcommand[] }): Command;
export function defineCommand(def: CommandHead & { options: OptionsSchema; subcommands?: readonly Subcommand[]; run?: (args: never, ctx: CommandContext) => RunResult }): Command {
  return def as Command;
}

export function defineSubcommand<S extends OptionsSchema>(def: { name: string; description: Bilingual } & LeafDef<S>): Subcommand {
  return def as unknown as Subcommand;
}

/** The part of a command an invocation runs: the subcommand named, or the command itself. */
export function leafOf(cmd: Command, subcommand?: string): Leaf | undefined {
  if (cmd.subcommands?.length) return cmd.subcommands.find((s) => s.name === subcommand);
  return cmd.run ? { options: cmd.options, run: cmd.run } : undefined;
}
