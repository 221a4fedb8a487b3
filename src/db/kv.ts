import type { Database } from './sql.js';

/**
 * Short-lived values every replica sees: a bounded, expiring key-value table (kv), one
 * namespace per use. The conversation context for follow-ups sits on it, so that a follow-up
 * answered by another replica still knows what "that" was. Values are JSON. An expired value
 * is never returned; expired rows, and the soonest-expiring beyond `maxEntries`, are swept
 * every `sweepEvery` writes, so a namespace holds at most maxEntries + sweepEvery rows.
 */

export interface KeyValueStore<T> {
  get(key: string): Promise<T | undefined>;
  set(key: string, value: T, ttlMs: number): Promise<void>;
  delete(key: string): Promise<boolean>;
  /** Stores the value only if the key holds nothing live; true for the one caller that stored it, on any replica. */
  claim(key: string, value: T, ttlMs: number): Promise<boolean>;
  /** Removes what expired and what is over the bound; how many rows went. */
  sweep(): Promise<number>;
}

export interface KeyValueOptions {
  namespace: string;
  maxEntries: number;
  /** A value's JSON above this is refused: the table is for context, not documents (default 64 KB). */
  maxValueBytes?: number;
  sweepEvery?: number;
  clock?: () => number;
}

export class KeyValueError extends Error {
  override name = 'KeyValueError';
}

export function keyValueStore<T>(db: Database, opts: KeyValueOptions): KeyValueStore<T> {
  const { namespace, maxEntries } = opts;
  const maxBytes = opts.maxValueBytes ?? 64 * 1024;
  const sweepEvery = opts.sweepEvery ?? 100;
  const clock = opts.clock ?? Date.now;
  if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new KeyValueError(`maxEntries must be a positive whole number (got ${maxEntries})`);
  // Everything past the newest maxEntries, by expiry: SQLite's "no limit" is -1, Postgres's is ALL.
  const overflow = `DELETE FROM kv WHERE namespace = ? AND key IN (SELECT key FROM kv WHERE namespace = ? ORDER BY expires_at DESC, key LIMIT ${db.engine === 'postgres' ? 'ALL' : '-1'} OFFSET ?)`;
  let writes = 0;

  const sweep = async () => {
    const expired = await db.run('DELETE FROM kv WHERE namespace = ? AND expires_at <= ?', [namespace, clock()]);
    return expired + (await db.run(overflow, [namespace, namespace, maxEntries]));
  };

  return {
    async get(key) {
      const r = await db.get<{ value: string }>('SELECT value FROM kv WHERE namespace = ? AND key = ? AND expires_at > ?', [namespace, key, clock()]);
      return r ? (JSON.parse(r.value) as T) : undefined;
    },
    async set(key, value, ttlMs) {
      if (!(ttlMs > 0)) throw new KeyValueError(`ttlMs must be above 0 (got ${ttlMs}) for ${namespace}/${key}`);
      const json = JSON.stringify(value);
      if (json === undefined) throw new KeyValueError(`${namespace}/${key}: the value has no JSON form`);
      const bytes = Buffer.byteLength(json);
      if (bytes > maxBytes) throw new KeyValueError(`${namespace}/${key}: the value is ${bytes} bytes of JSON, over this namespace's ${maxBytes}`);
      await db.run('INSERT INTO kv (namespace, key, value, expires_at) VALUES (?, ?, ?, ?) ON CONFLICT (namespace, key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at', [
        namespace,
        key,
        json,
        Math.ceil(clock() + ttlMs),
      ]);
      if (++writes % sweepEvery === 0) await sweep();
    },
    async claim(key, value, ttlMs) {
      if (!(ttlMs > 0)) throw new KeyValueError(`ttlMs must be above 0 (got ${ttlMs}) for ${namespace}/${key}`);
      const json = JSON.stringify(value);
      if (json === undefined || Buffer.byteLength(json) > maxBytes) throw new KeyValueError(`${namespace}/${key}: the value is not small JSON`);
      const now = clock();
      // An expired row is taken over; a live one is left alone, and no row changes.
      const changed = await db.run(
        'INSERT INTO kv (namespace, key, value, expires_at) VALUES (?, ?, ?, ?) ON CONFLICT (namespace, key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at WHERE kv.expires_at <= ?',
        [namespace, key, json, Math.ceil(now + ttlMs), now],
      );
      if (++writes % sweepEvery === 0) await sweep();
      return changed > 0;
    },
    async delete(key) {
      return (await db.run('DELETE FROM kv WHERE namespace = ? AND key = ?', [namespace, key])) > 0;
    },
    sweep,
  };
}
