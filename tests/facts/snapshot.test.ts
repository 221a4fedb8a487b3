import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FACTS_DIR } from '../../src/facts/paths.js';
import { loadStore, SNAPSHOT_FILE, writeSnapshot } from '../../src/facts/snapshot.js';
import { MINI_STORE } from '../helpers/fact-fixtures.js';

/** The build-time snapshot is used only for the exact files it was built from; otherwise the files are read, never a stale copy. */

function copyOfMini(): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'wattson-snap-'));
  cpSync(MINI_STORE, dir, { recursive: true });
  return { dir, file: join(dir, 'snapshot.v8') };
}

describe('the fact store snapshot', () => {
  it('is what the build made of facts/, and is used for it', () => {
    const loaded = loadStore(FACTS_DIR, SNAPSHOT_FILE);
    expect(loaded.from).toBe('snapshot');
    expect(loaded.store.facts.length).toBeGreaterThan(100);
    // Shared references survive: a fact found by id is the fact in the list.
    expect(loaded.store.byId.get(loaded.store.facts[0]!.id)).toBe(loaded.store.facts[0]);
    expect(loaded.store.householdCounts?.get('chatgpt-daily-energy')?.line.value).toBeCloseTo(500000 / 29, 6);
    // A fact with nothing to count is recorded as such, so answering it does no arithmetic either.
    expect(loaded.store.householdCounts?.has('helion-altman')).toBe(true);
    expect(loaded.store.householdCounts?.get('helion-altman')).toBeNull();
  });

  it('is refused once a fact file changes: the changed file is what answers', () => {
    const { dir, file } = copyOfMini();
    writeSnapshot(dir, file);
    expect(loadStore(dir, file).from).toBe('snapshot');
    const path = join(dir, 'ai-demand.yaml');
    writeFileSync(path, readFileSync(path, 'utf8').replace('ChatGPT uses about', 'ChatGPT (as of 2023) uses about'));
    const loaded = loadStore(dir, file);
    expect(loaded).toMatchObject({ from: 'files', stale: true });
    expect(loaded.store.facts.some((f) => f.claim.en.includes('ChatGPT (as of 2023) uses'))).toBe(true);
  });

  it('is ignored when damaged or missing, and the files are read', () => {
    const { dir, file } = copyOfMini();
    expect(loadStore(dir, file)).toMatchObject({ from: 'files', stale: false });
    writeFileSync(file, 'not a snapshot');
    expect(loadStore(dir, file).from).toBe('files');
  });
});
