import { LRUCache } from 'lru-cache';
import { isOwner, newShareToken, type Owner, SHARE_TTL_MS, type SharedAnswer, type ShareStore, type ShareTake } from '../store/shares.js';

export type { Owner, SharedAnswer, ShareStore, ShareTake };

/**
 * Private answers waiting for their "Post in channel" button. The button carries only an
 * unguessable token; the answer itself stays here, so what gets posted is exactly what the
 * person was shown, whatever a forged click says. Only the person who asked can post it, once.
 * Bounded like the conversation memory: at most `max` answers, each forgotten after `ttlMs`.
 */

/** The command line a share button carries: `/share <token>`, run only from a button. */
export const SHARE_COMMAND = '/share';
export const SHARE_LINE = /^\/share ([A-Za-z0-9_-]{16,64})$/;

export interface ShareOptions {
  max?: number;
  ttlMs?: number;
}

export class MemoryShares implements ShareStore {
  private readonly cache: LRUCache<string, SharedAnswer>;

  constructor(opts: ShareOptions = {}) {
    this.cache = new LRUCache({ max: opts.max ?? 5000, ttl: opts.ttlMs ?? SHARE_TTL_MS });
  }

  async offer(answer: SharedAnswer): Promise<string> {
    const token = newShareToken();
    this.cache.set(token, answer);
    return token;
  }

  async take(token: string, who: Owner | undefined): Promise<ShareTake> {
    const answer = this.cache.get(token);
    if (!answer) return { ok: false, reason: 'gone' };
    if (!isOwner(answer, who)) return { ok: false, reason: 'not-yours' };
    this.cache.delete(token);
    return { ok: true, answer };
  }

  get size(): number {
    return this.cache.size;
  }
}
