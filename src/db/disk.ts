import { closeSync, existsSync, openSync, readSync, rmdirSync, rmSync, statfsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The file-system side of opening the daily-post database: how much room is left (to name a
 * full disk as such), and undoing a first start that failed, so that a full disk does not leave
 * an empty database behind for the next start to trip over.
 */

/** Bytes an unprivileged process may still write under `dir`, or undefined if it cannot be told. */
export function freeBytes(dir: string): number | undefined {
  try {
    const s = statfsSync(dir);
    return s.bavail * s.bsize;
  } catch {
    return undefined;
  }
}

/**
 * Below this a disk counts as full. SQLite reports a disk that fills while it grows its
 * shared-memory file as SQLITE_IOERR_SHMSIZE, not SQLITE_FULL, so an I/O error is read
 * against the free space; a megabyte is less than one day's WAL of a busy Wattson.
 */
export const FULL_BELOW_BYTES = 1024 * 1024;

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

const SIDECARS = ['-wal', '-shm', '-journal'];

/**
 * True if the database file holds nothing anyone could want: empty, shorter than SQLite's
 * header, or a header whose schema cookie (offset 40) is still 0 with no WAL content either,
 * meaning no table was ever committed to it.
 */
function holdsNothing(path: string): boolean {
  const size = statSync(path).size;
  if (size < 100) return true;
  const header = Buffer.alloc(100);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, header, 0, 100, 0);
  } finally {
    closeSync(fd);
  }
  const wal = `${path}-wal`;
  return header.readUInt32BE(40) === 0 && (!existsSync(wal) || statSync(wal).size === 0);
}

/**
 * Notes what exists before a database is opened at `path`; the function it returns removes
 * what this start added (the file if it holds nothing, its -wal/-shm/-journal, the directories
 * made for it) and never anything that was there before.
 */
export function undoFirstStart(path: string, createdDir: string | undefined): () => void {
  const before = new Set([path, ...SIDECARS.map((s) => path + s)].filter((p) => existsSync(p)));
  return () => {
    if (before.has(path) || !existsSync(path) || !holdsNothing(path)) return;
    for (const p of [path, ...SIDECARS.map((s) => path + s)]) if (!before.has(p)) rmSync(p, { force: true });
    if (!createdDir) return;
    // mkdir -p made createdDir and everything below it down to the file's directory.
    for (let dir = dirname(path); dir.startsWith(createdDir); dir = dirname(dir)) {
      try {
        rmdirSync(dir);
      } catch {
        return;
      }
      if (dir === createdDir) return;
    }
  };
}
