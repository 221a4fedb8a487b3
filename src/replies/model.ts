import type { ChartSpec } from './chart.js';

/**
 * The neutral reply model. Commands build these; renderers (plain text, Discord, Slack) turn
 * them into platform output. No markup lives here: emphasis, links and mentions are the
 * renderers' business, so a reply means the same thing on every platform.
 */

/** Where a number comes from. Every figure a reply shows carries one. */
export type Origin =
  | { kind: 'episode'; speaker: string; speakerName: string; inferred?: boolean }
  | { kind: 'public'; source: string; year: number; url?: string }
  | { kind: 'arithmetic'; working: string };

export interface Figure {
  label: string;
  value: string;
  origin: Origin;
}

export type Block =
  | { type: 'text'; text: string }
  | { type: 'figures'; figures: Figure[] }
  | { type: 'quote'; text: string; speaker: string }
  | { type: 'context'; title: string; text: string; sources: Origin[] }
  | { type: 'list'; title?: string; items: string[] }
  | { type: 'table'; title?: string; columns: string[]; rows: string[][] }
  | { type: 'fields'; fields: { name: string; value: string }[] };

/** Something the user can do next: a follow-up command, rendered as a button or a hint. */
export interface Action {
  label: string;
  command: string;
}

export type ReplyKind = 'fact' | 'answer' | 'conversion' | 'comparison' | 'projection' | 'list' | 'help' | 'about' | 'notice' | 'error';

export interface Reply {
  kind: ReplyKind;
  title: string;
  blocks: Block[];
  actions: Action[];
  /** The citation line: which episode, which speaker, which sources. */
  footer?: string;
  /** Shown only to the person who asked, where the platform allows it. */
  private?: boolean;
  /** Chinese written in Traditional characters, as the question was (see replies/script.ts). */
  script?: 'traditional';
  /** Machine-readable extras for the CLI's JSON (fact ids, the quantity asked for, error code). */
  data: ReplyData;
  /**
   * This answer can be rated: renderers with buttons show 👍 / 👎, each carrying the /feedback
   * line for this answer's id, which the adapters run like any button.
   */
  feedback?: { answer: string };
  /**
   * A picture of the answer's numbers (the same numbers the text shows), drawn where the
   * platform can show an image; the text answer never waits on it or depends on it.
   */
  chart?: ChartSpec;
  /** Posted publicly from a private answer: who shared it ("Post in channel"). */
  sharedBy?: string;
}

/** One side of a comparison, as a chart will draw it: its value in the comparison's unit, its label and its origin. */
export interface CompareSide {
  label: string;
  value: number;
  /** The figure as its source states it ("500,000 kWh/day", "2.5 GW"). */
  stated: string;
  origin: Origin;
  fact?: string;
  /** The yardstick this side is, if it is one (a count of it, or one of it). */
  yardstick?: string;
}

/** How sure /ask was of its answer: the answer, the closest match, one of several, or not covered. */
export type MatchKind = 'confident' | 'closest' | 'ambiguous' | 'none';

export interface ReplyData {
  facts?: string[];
  /** /ask only: how the first fact was matched, so the CLI's JSON and tests can tell an answer from a closest match. */
  match?: MatchKind;
  quantity?: { value: number; unit: string };
  error?: { code: string; message: string; example?: string };
  /**
   * A conversion's quantity itself (as typed, or after a duration in kWh or W), and how the answer named it:
   * what "that" means to the next message. `fact` is the fact behind a counted yardstick.
   */
  converted?: { value: number; unit: string; dimension: 'energy' | 'power'; label: string; fact?: string; over?: string };
  /** A comparison: both sides in one unit, and a ÷ b; what a chart of /compare draws. */
  compare?: { dimension: 'energy' | 'power'; unit: string; a: CompareSide; b: CompareSide; ratio: number };
  /** Set by /ask when it declined ('declined') or offered only the closest facts ('closest'): a miss worth recording. */
  miss?: 'declined' | 'closest';
  /** Who said the figure a follow-up asked about. */
  speaker?: { id: string; name: string };
  /** A follow-up with nothing to refer to: the reply asks which figure is meant. */
  asksWhich?: true;
  /** What became of a /feedback vote. */
  vote?: 'recorded' | 'gone' | 'not-yours' | 'nothing-to-rate' | 'not-recorded';
}
