import { isOwner, newShareToken, SHARE_TTL_MS, type SharedAnswer, type ShareStore } from '../store/shares.js';
import { keyValueStore } from './kv.js';
import type { Database } from './sql.js';

/**
 * Private answers waiting for "Post in channel", in the database's expiring table: with
 * replicas the click may reach another process than the one that answered. Taking one is its
 * deletion, so of two clicks racing on two replicas exactly one posts.
 */
export function databaseShares(db: Database, opts: { clock?: () => number } = {}): ShareStore {
  const kv = keyValueStore<SharedAnswer>(db, { namespace: 'share', maxEntries: 5000, maxValueBytes: 48 * 1024, ...(opts.clock && { clock: opts.clock }) });
  return {
    async offer(answer) {
      const token = newShareToken();
      await kv.set(token, answer, SHARE_TTL_MS);
      return token;
    },
    async take(token, who) {
      const answer = await kv.get(token);
      if (!answer) return { ok: false, reason: 'gone' };
      if (!isOwner(answer, who)) return { ok: false, reason: 'not-yours' };
      return (await kv.delete(token)) ? { ok: true, answer } : { ok: false, reason: 'gone' };
    },
  };
}
