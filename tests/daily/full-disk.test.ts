import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { DatabaseError } from '../../src/db/errors.js';
import { explainDbError, openSqliteFile } from '../../src/db/sqlite.js';
import { MAIN, runNode } from '../helpers/run.js';

/**
 * The daily-post database on a disk that is really full: a 256 KB tmpfs, mounted for this file
 * (this needs root or CAP_SYS_ADMIN; where mounting is not allowed these tests are skipped and
 * say so, and the last one still drives a real SQLITE_FULL through SQLite's max_page_count).
 * A filler file leaves a given number of bytes free, because SQLite fails differently with
 * nothing left (SQLITE_FULL) and with a few pages left (SQLITE_IOERR_SHMSIZE, a "disk I/O error").
 */

const DISK_BYTES = 256 * 1024;
const disk = mkdtempSync(join(tmpdir(), 'wattson-full-'));
const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${DISK_BYTES}`, 'tmpfs', disk]).status === 0;
const onRealDisk = it.skipIf(!mounted);
if (!mounted) console.warn(`full-disk tests skipped: cannot mount a tmpfs at ${disk} (needs root)`);

/** Leaves `leaveFree` bytes free on the disk (whatever else is on it stays). */
function fill(leaveFree: number): void {
  const filler = join(disk, 'filler');
  rmSync(filler, { force: true });
  const s = statfsSync(disk);
  writeFileSync(filler, Buffer.alloc(Math.max(0, s.bavail * s.bsize - leaveFree)));
}

function failure(path: string): DatabaseError {
  try {
    openSqliteFile(path).close();
  } catch (err) {
    if (err instanceof DatabaseError) return err;
    throw err;
  }
  throw new Error(`opened ${path} on a full disk`);
}

afterAll(() => {
  if (mounted) spawnSync('umount', [disk]);
  rmSync(disk, { recursive: true, force: true });
});

describe('a full disk at first start', () => {
  beforeEach(() => {
    if (mounted) for (const name of readdirSync(disk)) rmSync(join(disk, name), { recursive: true, force: true });
  });

  // Nothing left: SQLite says SQLITE_FULL. A few pages left: room for the header but not for
  // the WAL's shared memory, and SQLite says SQLITE_IOERR_SHMSIZE ("disk I/O error").
  onRealDisk.each([
    [0, 'SQLITE_FULL'],
    [8 * 1024, 'SQLITE_IOERR_SHMSIZE'],
    [24 * 1024, 'SQLITE_IOERR_SHMSIZE'],
  ])('with %i bytes free (%s), names the full disk and the fix, and leaves no database behind', (leaveFree, code) => {
    fill(leaveFree);
    const path = join(disk, 'data', 'wattson.db');
    const err = failure(path);
    expect((err.cause as { code?: string }).code).toBe(code);
    expect(err.message).toMatch(new RegExp(`^the disk holding the daily-post database ${path} is full \\(.*, \\d+ (bytes|KB) left\\)\\. Free space on the file system of ${join(disk, 'data')}`));
    expect(err.message).not.toContain('permissions');
    expect(err.message).not.toMatch(/^cannot write/);
    // Nothing of this start is left: no file, no -wal/-shm, not even the directory it made.
    expect(readdirSync(disk)).toEqual(['filler']);
  });

  onRealDisk('keeps a file that was there before, even an empty one', () => {
    mkdirSync(join(disk, 'mine'));
    const path = join(disk, 'mine', 'wattson.db');
    writeFileSync(path, '');
    fill(0);
    expect(failure(path).message).toContain('is full');
    expect(existsSync(path)).toBe(true);
  });

  onRealDisk('keeps a database with subscriptions when the disk fills later', () => {
    const path = join(disk, 'kept.db');
    const db = new Database(path);
    db.exec("CREATE TABLE precious (v TEXT); INSERT INTO precious VALUES ('subscriptions')");
    db.close();
    fill(0);
    // It may open (nothing needs writing) or fail as full; either way the file and its rows stay.
    try {
      openSqliteFile(path).close();
    } catch (err) {
      expect((err as Error).message).toContain('is full');
    }
    const kept = new Database(path, { readonly: true });
    expect(kept.prepare('SELECT v FROM precious').get()).toEqual({ v: 'subscriptions' });
    kept.close();
  });

  onRealDisk('npm start says the disk is full and exits 2', () => {
    fill(0);
    const path = join(disk, 'start', 'wattson.db');
    const r = runNode(MAIN, [], { env: { WATTSON_DB: path } });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`Wattson cannot start: the disk holding the daily-post database ${path} is full`);
    expect(existsSync(path)).toBe(false);
  });
});

describe('SQLITE_FULL from SQLite itself (runs everywhere)', () => {
  it("is named a full disk, with the fix, when SQLite's page limit is reached for real", () => {
    const path = join(mkdtempSync(join(tmpdir(), 'wattson-pages-')), 'w.db');
    const db = new Database(path);
    db.pragma('max_page_count = 2');
    let thrown: unknown;
    try {
      db.exec('CREATE TABLE t (v TEXT); INSERT INTO t VALUES (randomblob(20000))');
    } catch (err) {
      thrown = err;
    }
    db.close();
    expect((thrown as { code?: string }).code).toBe('SQLITE_FULL');
    const explained = explainDbError(path, thrown);
    expect(explained.message).toMatch(/^the disk holding the daily-post database .* is full \(database or disk is full, .* left\)\. Free space on the file system of /);
  });
});
