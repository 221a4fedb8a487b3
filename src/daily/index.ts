import type { Runtime } from '../dispatch/execute.js';
import type { Deliver } from './deliver.js';
import { createPoster, type PosterOptions } from './poster.js';
import { createScheduler, type Scheduler } from './scheduler.js';
import { createDailyService, type DailyService } from './service.js';
import { type DailyStore, openDailyStore } from './store.js';

/**
 * Daily fact posts, assembled: the store at `path`, the service /daily uses, and the scheduler.
 * Platforms register their Deliver before start(); a process only posts for the platforms it
 * has, so a Discord-only and a Slack-only Wattson can share one database.
 */

export interface DailyOptions {
  path: string;
  rt: Runtime;
  clock?: () => number;
  poster?: Omit<PosterOptions, 'store' | 'rt' | 'platforms' | 'clock'>;
  maxSleepMs?: number;
}

export interface Daily {
  store: DailyStore;
  service: DailyService;
  scheduler: Scheduler;
  addPlatform(name: string, deliver: Deliver): void;
  start(): void;
  /** Stops the timer, lets deliveries in flight finish, closes the database. */
  stop(): Promise<void>;
}

export function createDaily(opts: DailyOptions): Daily {
  const clock = opts.clock ?? Date.now;
  const store = openDailyStore(opts.path);
  const platforms = new Map<string, Deliver>();
  const poster = createPoster({ ...opts.poster, store, rt: opts.rt, platforms, clock });
  const scheduler = createScheduler({ store, poster, platforms, clock, log: opts.rt.log, ...(opts.maxSleepMs !== undefined && { maxSleepMs: opts.maxSleepMs }) });
  const service = createDailyService({ store, factIds: opts.rt.store.facts.map((f) => f.id), clock, onChange: () => scheduler.wake() });
  let stopped = false;
  return {
    store,
    service,
    scheduler,
    addPlatform: (name, deliver) => {
      platforms.set(name, deliver);
      scheduler.wake();
    },
    start: () => scheduler.start(),
    async stop() {
      if (stopped) return;
      stopped = true;
      await scheduler.stop();
      store.close();
    },
  };
}

export type { Deliver, DeliverResult, DeliveryTarget } from './deliver.js';
export type { DailyService } from './service.js';
export { DailyStoreError } from './store.js';
