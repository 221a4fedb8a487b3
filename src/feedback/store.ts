/**
 * Feedback as it is stored: votes on answers and the questions that were declined or answered
 * with a closest match. Rows hold a salted hash of the user, never the id, and are deleted after
 * the retention period. The database layer keeps them (src/db/feedback.ts: SQLite, or Postgres
 * with DATABASE_URL, where every replica writes to the same tables).
 */

export type Vote = 'good' | 'bad';
export type MissKind = 'declined' | 'closest';

export interface Recorded {
  question: string;
  command: string;
  language: string;
  platform: string;
  userHash: string;
  facts: readonly string[];
  at: number;
}

export interface MissRow {
  question: string;
  kind: MissKind;
  count: number;
  people: number;
  languages: string;
  lastAt: number;
}

export interface DownVoteRow {
  question: string;
  facts: string[];
  count: number;
  notes: string[];
  lastAt: number;
}

export interface FeedbackStore {
  /** The database's own secret for hashing user ids (made by the migration, never leaves it). */
  readonly salt: string;
  /** A vote; a second vote by the same person on the same answer replaces the first. Returns whether one was replaced. */
  vote(answerId: string, vote: Vote, note: string | undefined, r: Recorded): Promise<{ replaced: boolean }>;
  miss(kind: MissKind, r: Recorded): Promise<void>;
  /** Deletes rows older than `before`; returns how many. */
  prune(before: number): Promise<number>;
  topMisses(since: number, limit: number): Promise<MissRow[]>;
  downVoted(since: number, limit: number): Promise<DownVoteRow[]>;
}

/** Misses are grouped by the question as people type it, give or take case, spaces and end punctuation. */
export function normalizeQuestion(q: string): string {
  return q
    .toLowerCase()
    .replace(/[\s\u3000]+/g, ' ')
    .replace(/[\s?？!！.。,，]+$/u, '')
    .trim();
}
