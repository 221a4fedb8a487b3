import type { DownVoteRow, FeedbackStore, MissKind, MissRow, Recorded } from '../feedback/store.js';
import { normalizeQuestion } from '../feedback/store.js';
import type { Database, Row } from './sql.js';

/**
 * Feedback in the Wattson database (tables from migration 4), on either engine: with Postgres
 * every replica records into, and reports from, the same rows.
 */

/** SQLite's GROUP_CONCAT is Postgres's string_agg; DISTINCT takes no separator in SQLite (it uses ','). */
function concat(db: Database, expr: string, sep: string, distinct = false): string {
  if (db.engine === 'postgres') return `string_agg(${distinct ? 'DISTINCT ' : ''}${expr}, '${sep}')`;
  return distinct ? `GROUP_CONCAT(DISTINCT ${expr})` : `GROUP_CONCAT(${expr}, '${sep}')`;
}

export async function openFeedbackStore(db: Database): Promise<FeedbackStore> {
  const salt = (await db.get<{ value: string }>(`SELECT value FROM feedback_meta WHERE key = 'salt'`))?.value;
  if (!salt) throw new Error('the feedback tables are missing their salt (migration 4 did not run)');
  const Q = {
    existing: 'SELECT 1 AS found FROM votes WHERE answer_id = ? AND user_hash = ?',
    vote: `INSERT INTO votes (answer_id, vote, note, question, command, language, platform, user_hash, facts, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (answer_id, user_hash) DO UPDATE SET vote = excluded.vote, note = COALESCE(excluded.note, votes.note), at = excluded.at`,
    miss: 'INSERT INTO misses (kind, question, normalized, language, platform, user_hash, facts, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    topMisses: `SELECT MIN(question) AS question, MIN(kind) AS kind, COUNT(*) AS count, COUNT(DISTINCT user_hash) AS people,
                  ${concat(db, 'language', ',', true)} AS languages, MAX(at) AS last_at
                FROM misses WHERE at >= ? GROUP BY normalized ORDER BY count DESC, last_at DESC LIMIT ?`,
    downVoted: `SELECT MIN(question) AS question, facts, COUNT(*) AS count, ${concat(db, 'note', ' | ')} AS notes, MAX(at) AS last_at
                FROM votes WHERE vote = 'bad' AND at >= ? GROUP BY lower(question), facts ORDER BY count DESC, last_at DESC LIMIT ?`,
  };
  const common = (r: Recorded) => [r.question, r.command, r.language, r.platform, r.userHash, JSON.stringify(r.facts), r.at] as const;
  return {
    salt,
    vote: (answerId, vote, note, r) =>
      db.transaction(async (tx) => {
        const replaced = (await tx.get(Q.existing, [answerId, r.userHash])) !== undefined;
        await tx.run(Q.vote, [answerId, vote, note ?? null, ...common(r)]);
        return { replaced };
      }),
    miss: async (kind: MissKind, r) => {
      await db.run(Q.miss, [kind, r.question, normalizeQuestion(r.question), r.language, r.platform, r.userHash, JSON.stringify(r.facts), r.at]);
    },
    prune: async (before) => (await db.run('DELETE FROM votes WHERE at < ?', [before])) + (await db.run('DELETE FROM misses WHERE at < ?', [before])),
    topMisses: async (since, limit): Promise<MissRow[]> =>
      (await db.all<Row>(Q.topMisses, [since, limit])).map((r) => ({
        question: r['question'] as string,
        kind: r['kind'] as MissKind,
        count: Number(r['count']),
        people: Number(r['people']),
        languages: (r['languages'] as string | null) ?? '',
        lastAt: Number(r['last_at']),
      })),
    downVoted: async (since, limit): Promise<DownVoteRow[]> =>
      (await db.all<Row>(Q.downVoted, [since, limit])).map((r) => ({
        question: r['question'] as string,
        facts: JSON.parse(r['facts'] as string) as string[],
        count: Number(r['count']),
        notes: ((r['notes'] as string | null) ?? '').split(' | ').filter(Boolean),
        lastAt: Number(r['last_at']),
      })),
  };
}
