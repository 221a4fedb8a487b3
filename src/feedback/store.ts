import type { Database } from 'better-sqlite3';

/**
 * Feedback in the Wattson database (tables from migration 4 in src/daily/migrations.ts): votes
 * on answers and the questions that were declined or answered with a closest match. Rows hold a
 * salted hash of the user, never the id, and are deleted after the retention period.
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
  vote(answerId: string, vote: Vote, note: string | undefined, r: Recorded): { replaced: boolean };
  miss(kind: MissKind, r: Recorded): void;
  /** Deletes rows older than `before`; returns how many. */
  prune(before: number): number;
  topMisses(since: number, limit: number): MissRow[];
  downVoted(since: number, limit: number): DownVoteRow[];
}

/** Misses are grouped by the question as people type it, give or take case, spaces and end punctuation. */
export function normalizeQuestion(q: string): string {
  return q
    .toLowerCase()
    .replace(/[\s\u3000]+/g, ' ')
    .replace(/[\s?？!！.。,，]+$/u, '')
    .trim();
}

export function openFeedbackStore(db: Database): FeedbackStore {
  const salt = (db.prepare(`SELECT value FROM feedback_meta WHERE key = 'salt'`).get() as { value: string } | undefined)?.value;
  if (!salt) throw new Error('the feedback tables are missing their salt (migration 4 did not run)');
  const q = {
    existing: db.prepare('SELECT 1 FROM votes WHERE answer_id = ? AND user_hash = ?'),
    vote: db.prepare(`INSERT INTO votes (answer_id, vote, note, question, command, language, platform, user_hash, facts, at)
                      VALUES (@answerId, @vote, @note, @question, @command, @language, @platform, @userHash, @facts, @at)
                      ON CONFLICT (answer_id, user_hash) DO UPDATE SET vote = excluded.vote, note = COALESCE(excluded.note, note), at = excluded.at`),
    miss: db.prepare(`INSERT INTO misses (kind, question, normalized, language, platform, user_hash, facts, at)
                      VALUES (@kind, @question, @normalized, @language, @platform, @userHash, @facts, @at)`),
    pruneVotes: db.prepare('DELETE FROM votes WHERE at < ?'),
    pruneMisses: db.prepare('DELETE FROM misses WHERE at < ?'),
    topMisses: db.prepare(`SELECT MIN(question) AS question, MIN(kind) AS kind, COUNT(*) AS count, COUNT(DISTINCT user_hash) AS people,
                             GROUP_CONCAT(DISTINCT language) AS languages, MAX(at) AS last_at
                           FROM misses WHERE at >= ? GROUP BY normalized ORDER BY count DESC, last_at DESC LIMIT ?`),
    downVoted: db.prepare(`SELECT MIN(question) AS question, facts, COUNT(*) AS count, GROUP_CONCAT(note, ' | ') AS notes, MAX(at) AS last_at
                           FROM votes WHERE vote = 'bad' AND at >= ? GROUP BY lower(question), facts ORDER BY count DESC, last_at DESC LIMIT ?`),
  };
  const row = (r: Recorded) => ({ question: r.question, command: r.command, language: r.language, platform: r.platform, userHash: r.userHash, facts: JSON.stringify(r.facts), at: r.at });
  return {
    salt,
    vote: (answerId, vote, note, r) =>
      db
        .transaction(() => {
          const replaced = q.existing.get(answerId, r.userHash) !== undefined;
          q.vote.run({ ...row(r), answerId, vote, note: note ?? null });
          return { replaced };
        })
        .immediate(),
    miss: (kind, r) => {
      q.miss.run({ ...row(r), kind, normalized: normalizeQuestion(r.question) });
    },
    prune: (before) => q.pruneVotes.run(before).changes + q.pruneMisses.run(before).changes,
    topMisses: (since, limit) =>
      (q.topMisses.all(since, limit) as Record<string, unknown>[]).map((r) => ({
        question: r['question'] as string,
        kind: r['kind'] as MissKind,
        count: r['count'] as number,
        people: r['people'] as number,
        languages: (r['languages'] as string | null) ?? '',
        lastAt: r['last_at'] as number,
      })),
    downVoted: (since, limit) =>
      (q.downVoted.all(since, limit) as Record<string, unknown>[]).map((r) => ({
        question: r['question'] as string,
        facts: JSON.parse(r['facts'] as string) as string[],
        count: r['count'] as number,
        notes: ((r['notes'] as string | null) ?? '').split(' | ').filter(Boolean),
        lastAt: r['last_at'] as number,
      })),
  };
}
