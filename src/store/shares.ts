import { randomBytes } from 'node:crypto';
import type { Locale } from '../locale.js';
import type { Reply } from '../replies/model.js';

/**
 * What a store of private answers waiting for "Post in channel" holds and promises, whichever
 * keeps them: one process's memory (src/dispatch/shares.ts) or the replicas' database
 * (src/db/shares.ts).
 */

export interface Owner {
  platform: string;
  user: string;
}

export interface SharedAnswer {
  reply: Reply;
  command: string;
  locale: Locale;
  owner: Owner;
}

export type ShareTake = { ok: true; answer: SharedAnswer } | { ok: false; reason: 'gone' | 'not-yours' };

/** Async, so that replicas can keep the answers in their shared database (src/db/shares.ts). */
export interface ShareStore {
  offer(answer: SharedAnswer): Promise<string>;
  take(token: string, who: Owner | undefined): Promise<ShareTake>;
}

export const SHARE_TTL_MS = 30 * 60_000;

export function newShareToken(): string {
  return randomBytes(12).toString('base64url');
}

/** Only the person who asked: a forged interaction from someone else leaves the answer for its owner. */
export function isOwner(answer: SharedAnswer, who: Owner | undefined): boolean {
  return who !== undefined && who.platform === answer.owner.platform && who.user === answer.owner.user;
}
