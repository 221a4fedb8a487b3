import { createHmac, randomBytes } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { Locale } from '../locale.js';
import { truncate } from '../text/clean.js';
import type { FeedbackStore, MissKind, Vote } from './store.js';

/**
 * Feedback as commands and the conversation layer see it. Asynchronous, so a shared database
 * (Postgres) can stand behind it as well as SQLite. Answers that can be rated are kept for a
 * day (bounded): in memory by default, or in the shared database when several replicas serve
 * one bot, since the click on a button may reach another replica than the one that answered. A
 * vote names an answer by id, and only the person it answered may rate it.
 */

/** Who, as feedback stores it: the platform and its user id, hashed before anything is written. */
export interface Who {
  platform: string;
  user: string;
  /** The Discord guild or Slack workspace: user ids are only unique within one. */
  space?: string | undefined;
}

export interface Answered {
  question: string;
  command: string;
  locale: Locale;
  facts: readonly string[];
}

export interface Shown extends Answered {
  platform: string;
  userHash: string;
  at: number;
}

export type VoteResult = { status: 'recorded'; replaced: boolean; question: string } | { status: 'gone' } | { status: 'not-yours' };

export interface FeedbackService {
  /** Keeps an answer that can be rated; returns the id its buttons carry. */
  shown(who: Who, answer: Answered): Promise<string>;
  vote(who: Who, answerId: string, vote: Vote, note?: string): Promise<VoteResult>;
  /** A question declined, or answered only with the closest facts. */
  miss(who: Who, kind: MissKind, answer: Answered): Promise<void>;
}

/** Where rateable answers wait for a vote: the in-memory lru by default, a shared expiring table across replicas. */
export interface RateableAnswers {
  get(id: string): Promise<Shown | undefined>;
  set(id: string, answer: Shown, ttlMs: number): Promise<void>;
}

export interface FeedbackOptions {
  store: FeedbackStore;
  answers?: RateableAnswers;
  clock?: () => number;
  /** How long rows are kept. */
  retentionDays?: number;
  /** How many answers can be rated at once, and for how long. */
  maxAnswers?: number;
  answerTtlMs?: number;
}

export const DEFAULT_RETENTION_DAYS = 180;
export const ANSWER_TTL_MS = 24 * 3600_000;
const MAX_QUESTION = 300;
const MAX_NOTE = 300;
const PRUNE_EVERY_MS = 3600_000;

export function hashUser(salt: string, who: Who): string {
  return createHmac('sha256', salt)
    .update(`${who.platform}\u0000${who.space ?? ''}\u0000${who.user}`)
    .digest('hex')
    .slice(0, 32);
}

export function createFeedbackService(opts: FeedbackOptions): FeedbackService {
  const { store } = opts;
  const clock = opts.clock ?? Date.now;
  const retentionMs = (opts.retentionDays ?? DEFAULT_RETENTION_DAYS) * 86_400_000;
  const ttlMs = opts.answerTtlMs ?? ANSWER_TTL_MS;
  const answers = opts.answers ?? memoryAnswers(opts.maxAnswers ?? 20_000, ttlMs);
  const hash = (who: Who) => hashUser(store.salt, who);
  let prunedAt = Number.NEGATIVE_INFINITY;
  // Retention is enforced as rows are written, at most once an hour, and at start.
  const prune = async () => {
    const now = clock();
    if (now - prunedAt < PRUNE_EVERY_MS) return;
    prunedAt = now;
    await store.prune(now - retentionMs);
  };
  // At start, without holding start-up up; a failure here shows again at the next write.
  void prune().catch(() => {
    prunedAt = Number.NEGATIVE_INFINITY;
  });
  return {
    async shown(who, answer) {
      const id = randomBytes(6).toString('hex');
      await answers.set(id, { ...answer, question: truncate(answer.question, MAX_QUESTION), facts: answer.facts.slice(0, 8), platform: who.platform, userHash: hash(who), at: clock() }, ttlMs);
      return id;
    },
    async vote(who, answerId, vote, note) {
      const a = await answers.get(answerId);
      if (!a) return { status: 'gone' };
      const userHash = hash(who);
      if (a.userHash !== userHash) return { status: 'not-yours' };
      await prune();
      const { replaced } = await store.vote(answerId, vote, note ? truncate(note, MAX_NOTE) : undefined, {
        question: a.question,
        command: a.command,
        language: a.locale,
        platform: a.platform,
        userHash,
        facts: a.facts,
        at: clock(),
      });
      return { status: 'recorded', replaced, question: a.question };
    },
    async miss(who, kind, answer) {
      await prune();
      await store.miss(kind, {
        question: truncate(answer.question, MAX_QUESTION),
        command: answer.command,
        language: answer.locale,
        platform: who.platform,
        userHash: hash(who),
        facts: answer.facts.slice(0, 8),
        at: clock(),
      });
    },
  };
}

function memoryAnswers(max: number, ttl: number): RateableAnswers {
  const cache = new LRUCache<string, Shown>({ max, ttl });
  return {
    get: async (id) => cache.get(id),
    set: async (id, answer) => {
      cache.set(id, answer);
    },
  };
}
