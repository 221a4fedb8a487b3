import { dailyStore } from '../db/daily-store.js';
import type { Database } from '../db/sql.js';
import { openSqlite } from '../db/sqlite.js';
import type { Runtime } from '../dispatch/execute.js';
import type { Deliver } from './deliver.js';
import { createPoster, type PosterOptions } from './poster.js';
import { createScheduler, type Scheduler } from './scheduler.js';
import { createDailyService, type DailyService } from './service.js';
import type { DailyStore } from './store.js';

/**
 * Daily fact posts, assembled: the store on a database (the SQLite file at `path`, opened and
 * closed here, or a `db` the caller opened and closes, SQLite or Postgres), the service /daily
 * uses, and the scheduler. Platforms register their Deliver before start(); a process only
 * posts for the platforms it has, so a Discord-only and a Slack-only Wattson can share one
 * database, and so can any number of replicas.
 */

export type DailyOptions = ({ path: string; db?: undefined } | { db: Database; path?: undefined }) & {
  rt: Runtime;
  clock?: () => number;
  poster?: Omit<PosterOptions, 'store' | 'rt' | 'platforms' | 'clock'>;
  maxSleepMs?: number;
};

export interface Daily {
  store: DailyStore;
  /** The database the store is on. */
  db: Database;
  service: DailyService;
  scheduler: Scheduler;
  addPlatform(name: string, deliver: Deliver): void;
  start(): Promise<void>;
  /** Stops the timer, lets deliveries in flight finish, and closes the database if it opened it. */
  stop(): Promise<void>;
}

export function createDaily(opts: DailyOptions): Daily {
  const clock = opts.clock ?? Date.now;
  const db = opts.db ?? openSqlite(opts.path);
  const store = dailyStore(db);
  const platforms = new Map<string, Deliver>();
  const poster = createPoster({ ...opts.poster, store, rt: opts.rt, platforms, clock });
  const scheduler = createScheduler({ store, poster, platforms, clock, log: opts.rt.log, ...(opts.maxSleepMs !== undefined && { maxSleepMs: opts.maxSleepMs }) });
  const service = createDailyService({ store, factIds: opts.rt.store.facts.map((f) => f.id), clock, onChange: () => void scheduler.wake() });
  let stopped = false;
  return {
    store,
    db,
    service,
    scheduler,
    addPlatform: (name, deliver) => {
      platforms.set(name, deliver);
      void scheduler.wake();
    },
    start: () => scheduler.start(),
    async stop() {
      if (stopped) return;
      stopped = true;
      await scheduler.stop();
      if (!opts.db) await db.close();
    },
  };
}

export { DatabaseError, DatabaseError as DailyStoreError } from '../db/errors.js';
export type { Deliver, DeliverResult, DeliveryTarget } from './deliver.js';
export type { DailyService } from './service.js';
