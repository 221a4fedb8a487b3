import { createHash } from 'node:crypto';
import { type ConversationStore, DEFAULT_CONVERSATION_TTL_MS, DEFAULT_MAX_CONVERSATIONS, type MemoryOptions } from '../conversation/memory.js';
import type { Turn } from '../conversation/turn.js';
import { keyValueStore } from './kv.js';
import type { Database } from './sql.js';

/**
 * Conversations in the shared database, for replicas: a follow-up that reaches another process
 * than the question did still finds what "that" was. Bounded as the in-memory store is: each
 * conversation forgotten after `ttlMs` without a message, at most about `max` of them (kv.ts
 * sweeps the soonest-expiring, which are the least recently written), and a turn is itself a
 * few hundred bytes (turn.ts), refused above 16 KB. Rows are keyed by a hash of the
 * conversation's key: the key holds NUL separators Postgres text cannot, and user ids that
 * need not sit in the table in the clear.
 */
export function databaseConversations(db: Database, opts: MemoryOptions & { clock?: () => number } = {}): ConversationStore {
  const ttlMs = opts.ttlMs ?? DEFAULT_CONVERSATION_TTL_MS;
  const kv = keyValueStore<Turn>(db, {
    namespace: 'conversation',
    maxEntries: opts.max ?? DEFAULT_MAX_CONVERSATIONS,
    maxValueBytes: 16 * 1024,
    ...(opts.clock && { clock: opts.clock }),
  });
  return {
    get: (key) => kv.get(rowKey(key)),
    set: (key, turn) => kv.set(rowKey(key), turn, ttlMs),
  };
}

function rowKey(key: string): string {
  return createHash('sha256').update(key).digest('base64url');
}
