import { rmSync } from 'node:fs';
import { FACTS_DIR } from './paths.js';
import { SNAPSHOT_FILE, writeSnapshot } from './snapshot.js';

/**
 * Part of `npm run build`: prepares the fact store for a fast start. A store with problems gets
 * no snapshot (start-up then reports the problems, file by file); the build itself goes on, so
 * that an install never fails over a fact file.
 */
try {
  const store = writeSnapshot(FACTS_DIR);
  process.stdout.write(`fact store prepared: ${store.facts.length} facts → ${SNAPSHOT_FILE}\n`);
} catch (err) {
  rmSync(SNAPSHOT_FILE, { force: true });
  process.stderr.write(`no start-up snapshot: ${err instanceof Error ? err.message : String(err)}\n`);
}
