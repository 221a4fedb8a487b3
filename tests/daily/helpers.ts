import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDaily, type Daily, type DailyOptions } from '../../src/daily/index.js';
import { openAt } from '../../src/db/open.js';
import type { Database } from '../../src/db/sql.js';
import type { Runtime } from '../../src/dispatch/execute.js';
import { createRuntime, withServices } from '../../src/dispatch/runtime.js';
import { silentLogger } from '../../src/log.js';
import { freshPostgres } from '../helpers/postgres.js';

/** A fresh directory per test file, removed at the end. */
export function tmpDirs(prefix = 'wattson-daily-') {
  const made: string[] = [];
  return {
    make(): string {
      const d = mkdtempSync(join(tmpdir(), prefix));
      made.push(d);
      return d;
    },
    cleanup(): void {
      for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
    },
  };
}

/** A clock the test moves by hand. */
export function manualClock(iso: string) {
  let now = Date.parse(iso);
  const clock = () => now;
  return Object.assign(clock, {
    set(t: string | number) {
      now = typeof t === 'number' ? t : Date.parse(t);
    },
    advance(ms: number) {
      now += ms;
    },
  });
}

export const baseRuntime = createRuntime({ log: silentLogger() });

/** The engines every store suite runs against. */
export const ENGINES = ['sqlite', 'postgres'] as const;
export type EngineName = (typeof ENGINES)[number];

/** A new, empty database on `engine`: a file path in `dirs`, or a postgres:// URL of a new schema. */
export async function freshLocation(engine: EngineName, dirs: ReturnType<typeof tmpDirs>, file = 'w.db'): Promise<string> {
  return engine === 'sqlite' ? join(dirs.make(), file) : freshPostgres();
}

type WorldOptions = Partial<Omit<DailyOptions, 'path' | 'db'>>;

/**
 * The daily machinery on the database at `location` (a SQLite path or a postgres:// URL), plus
 * a runtime whose context offers its service to /daily. Stopping it closes the database.
 */
export async function dailyWorld(location: string, clock: () => number, opts: WorldOptions = {}): Promise<{ daily: Daily; db: Database; rt: Runtime }> {
  const db = await openAt(location);
  const daily = createDaily({ db, rt: baseRuntime, clock, poster: { backoffBaseMs: 5, backoffMaxMs: 20, deliverTimeoutMs: 500 }, ...opts });
  const stop = daily.stop;
  daily.stop = async () => {
    await stop();
    await db.close();
  };
  return { daily, db, rt: withServices(baseRuntime, { daily: daily.service }) };
}
