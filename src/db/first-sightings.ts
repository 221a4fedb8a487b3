import { type FirstSightings, SIGHTING_TTL_MS } from '../store/first-sightings.js';
import { keyValueStore } from './kv.js';
import type { Database } from './sql.js';

/** Events seen by any replica, in the database's expiring table: the first replica to claim one answers it. */
export function databaseFirstSightings(db: Database, opts: { clock?: () => number } = {}): FirstSightings {
  const kv = keyValueStore<1>(db, { namespace: 'event', maxEntries: 100_000, maxValueBytes: 16, ...(opts.clock && { clock: opts.clock }) });
  return { first: (key) => kv.claim(key, 1, SIGHTING_TTL_MS) };
}
