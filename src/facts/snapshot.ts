import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { countFact, type FactCount } from '../quantities/household.js';
import { PROJECT_ROOT } from './paths.js';
import { type FactStore, openStore } from './store.js';

/**
 * The validated fact store, prepared at build time. Parsing the YAML, validating it and
 * working out each fact's household count takes most of a second; reading the prepared store
 * back with V8's own serialiser (which keeps Maps and shared references) takes milliseconds.
 * The snapshot names the exact bytes it was built from: when any fact file differs, it is not
 * used and the files are loaded afresh, so an answer is never older than the files.
 */

export const SNAPSHOT_FILE = join(PROJECT_ROOT, 'dist', 'snapshot', 'facts.v8');
const FORMAT = 1;

interface Snapshot {
  format: number;
  fingerprint: string;
  store: FactStore;
}

/** A hash of every file the store is read from, names and bytes. */
export function fingerprint(dir: string): string {
  const hash = createHash('sha256');
  for (const name of readdirSync(dir).sort()) {
    if (!name.endsWith('.yaml') && !name.endsWith('.txt')) continue;
    hash
      .update(name)
      .update('\0')
      .update(readFileSync(join(dir, name)))
      .update('\0');
  }
  return hash.digest('hex');
}

/** The store with what answers would otherwise work out on first use. */
export function prepareStore(store: FactStore): FactStore {
  const household = store.equivalences.find((e) => e.id === 'us-household');
  if (!household) return store;
  const counts = new Map<string, FactCount>();
  for (const f of store.facts) {
    const c = countFact(f, household);
    if (c) counts.set(f.id, c);
  }
  return { ...store, householdCounts: counts };
}

export function writeSnapshot(dir: string, file = SNAPSHOT_FILE): FactStore {
  const store = prepareStore(openStore(dir));
  const snapshot: Snapshot = { format: FORMAT, fingerprint: fingerprint(dir), store };
  mkdirSync(dirname(file), { recursive: true });
  // Written aside and renamed, so a reader never sees half a snapshot.
  writeFileSync(`${file}.tmp`, serialize(snapshot));
  renameSync(`${file}.tmp`, file);
  return store;
}

export type Loaded = { store: FactStore; from: 'snapshot' } | { store: FactStore; from: 'files'; stale: boolean };

/** The store for `dir`: from the snapshot when it was built from exactly these files, else from the files themselves. */
export function loadStore(dir: string, file = SNAPSHOT_FILE): Loaded {
  let bytes: Buffer | undefined;
  try {
    bytes = readFileSync(file);
  } catch {
    // No snapshot (a fresh clone before the build, a copy of the store elsewhere): load the files.
  }
  if (bytes) {
    try {
      const snap = deserialize(bytes) as Snapshot;
      if (snap.format === FORMAT && snap.fingerprint === fingerprint(dir)) return { store: snap.store, from: 'snapshot' };
    } catch {
      // A damaged snapshot, or a directory that cannot be read (the loader below says why), is only a slower start.
    }
  }
  return { store: prepareStore(openStore(dir)), from: 'files', stale: bytes !== undefined };
}
