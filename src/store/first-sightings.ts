import { LRUCache } from 'lru-cache';

/**
 * Whether an incoming message is seen for the first time. Slack delivers an event again when
 * it did not see a 2xx within three seconds (a retry has a new timestamp and signature, so the
 * replay guard lets it through), and a DM mention arrives as two events; with replicas either
 * may reach another process. Each message is answered once only if every replica asks the same
 * record (src/db/first-sightings.ts on Postgres; this process's memory otherwise).
 */
export interface FirstSightings {
  first(key: string): Promise<boolean>;
}

/** Slack retries within minutes; an hour covers them with room to spare. */
export const SIGHTING_TTL_MS = 60 * 60_000;

export function memoryFirstSightings(opts: { max?: number; ttlMs?: number } = {}): FirstSightings {
  const seen = new LRUCache<string, true>({ max: opts.max ?? 20_000, ttl: opts.ttlMs ?? SIGHTING_TTL_MS });
  return {
    async first(key) {
      if (seen.has(key)) return false;
      seen.set(key, true);
      return true;
    },
  };
}
