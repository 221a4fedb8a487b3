import { randomBytes } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { Locale } from '../locale.js';
import type { Reply } from '../replies/model.js';

/**
 * Private answers waiting for their "Post in channel" button. The button carries only an
 * unguessable token; the answer itself stays here, so what gets posted is exactly what the
 * person was shown, whatever a forged click says. Only the person who asked can post it, once.
 * Bounded like the conversation memory: at most `max` answers, each forgotten after `ttlMs`.
 */

/** The command line a share button carries: `/share <token>`, run only from a button. */
export const SHARE_COMMAND = '/share';
export const SHARE_LINE = /^\/share ([A-Za-z0-9_-]{16,64})$/;

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

export interface ShareStore {
  offer(answer: SharedAnswer): string;
  take(token: string, who: Owner | undefined): ShareTake;
}

export interface ShareOptions {
  max?: number;
  ttlMs?: number;
}

export class MemoryShares implements ShareStore {
  private readonly cache: LRUCache<string, SharedAnswer>;

  constructor(opts: ShareOptions = {}) {
    this.cache = new LRUCache({ max: opts.max ?? 5000, ttl: opts.ttlMs ?? 30 * 60_000 });
  }

  offer(answer: SharedAnswer): string {
    const token = randomBytes(12).toString('base64url');
    this.cache.set(token, answer);
    return token;
  }

  take(token: string, who: Owner | undefined): ShareTake {
    const answer = this.cache.get(token);
    if (!answer) return { ok: false, reason: 'gone' };
    // Someone else's click (a forged interaction: the button is only ever shown to the asker) leaves it for its owner.
    if (!who || who.platform !== answer.owner.platform || who.user !== answer.owner.user) return { ok: false, reason: 'not-yours' };
    this.cache.delete(token);
    return { ok: true, answer };
  }

  get size(): number {
    return this.cache.size;
  }
}
