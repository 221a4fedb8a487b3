import { LRUCache } from 'lru-cache';
import type { Turn } from './turn.js';

/**
 * Where conversations are kept between messages. Asynchronous and keyed by conversation, so a
 * shared store (Postgres, for several Wattson processes) can stand in for the one in memory.
 */
export interface ConversationStore {
  get(key: string): Promise<Turn | undefined>;
  set(key: string, turn: Turn): Promise<void>;
}

export interface MemoryOptions {
  /** Conversations kept at once; the least recently used go first. */
  max?: number;
  /** Quiet time after which a conversation is forgotten. */
  ttlMs?: number;
}

export const DEFAULT_MAX_CONVERSATIONS = 20_000;
export const DEFAULT_CONVERSATION_TTL_MS = 15 * 60_000;

/**
 * In memory, bounded twice: at most `max` conversations (lru-cache evicts the least recently
 * used), each forgotten after `ttlMs` without a message. A turn is itself bounded (see turn.ts),
 * so the whole stays under max × a turn's size however many people write.
 */
export class MemoryConversations implements ConversationStore {
  readonly max: number;
  readonly ttlMs: number;
  private readonly cache: LRUCache<string, Turn>;

  constructor(opts: MemoryOptions = {}) {
    this.max = opts.max ?? DEFAULT_MAX_CONVERSATIONS;
    this.ttlMs = opts.ttlMs ?? DEFAULT_CONVERSATION_TTL_MS;
    // updateAgeOnGet is off: reading a conversation is not talking in it.
    this.cache = new LRUCache({ max: this.max, ttl: this.ttlMs, ttlAutopurge: false });
  }

  async get(key: string): Promise<Turn | undefined> {
    return this.cache.get(key);
  }

  async set(key: string, turn: Turn): Promise<void> {
    this.cache.set(key, turn);
  }

  get size(): number {
    return this.cache.size;
  }
}
