import type { Logger } from '../log.js';
import { markFailed, ownerGone } from './claims.js';
import type { Poster, PostOutcome } from './poster.js';
import { dueNow, localDate, nextPostAt } from './schedule.js';
import type { DailyStore, PostRow, Subscription } from './store.js';

/**
 * One timer, set for the next time anything is due (and at least once a minute, so a clock
 * jump, an expired lease or another process's subscription is noticed). Every pass asks the
 * same question, "whose post for today is due and not yet done?", so catching up after a
 * restart is just the first pass. Nothing thrown in a pass stops the loop.
 */

export interface SchedulerOptions {
  store: DailyStore;
  poster: Poster;
  /** Platforms this process can post to; other subscriptions in a shared database are left alone. */
  platforms: { has(name: string): boolean };
  clock: () => number;
  log: Logger;
  maxSleepMs?: number;
}

export interface Scheduler {
  /** The catch-up pass, then the timer. Resolves once the pass is launched, not when its posts finish. */
  start(): void;
  stop(): Promise<void>;
  /** Re-plans the timer, e.g. after a subscription changed. */
  wake(): void;
  /** One pass, resolving when the posts it started have finished (tests and the bench). */
  tick(): Promise<PostOutcome[]>;
  /** When the timer will next fire (undefined when stopped). */
  readonly nextWakeAt: number | undefined;
}

export function createScheduler(opts: SchedulerOptions): Scheduler {
  const { store, poster, platforms, clock, log } = opts;
  const maxSleepMs = opts.maxSleepMs ?? 60_000;
  let timer: NodeJS.Timeout | undefined;
  let wakeAt: number | undefined;
  let running = false;

  const abandoned = (row: PostRow, now: number) => row.claimedAt + poster.leaseMs <= now || ownerGone(row.owner);

  function launch(): Promise<PostOutcome>[] {
    const now = clock();
    const work: Promise<PostOutcome>[] = [];
    const started = new Set<string>();
    const start = (sub: Subscription, date: string) => {
      const key = `${sub.platform}\u0000${sub.channelId}\u0000${date}`;
      if (started.has(key)) return;
      started.add(key);
      work.push(poster.post(sub, date));
    };
    for (const sub of store.activeSubscriptions()) {
      if (!platforms.has(sub.platform)) continue;
      try {
        const due = dueNow(sub, now);
        if (!due) continue;
        const row = store.post(sub.platform, sub.channelId, due.date);
        if (!row || row.state === 'claimed') start(sub, due.date);
      } catch (err) {
        log.error({ err, platform: sub.platform, channel: sub.channelId }, 'daily subscription could not be scheduled');
      }
    }
    // Claims a crash left behind: today's are sent again (same nonce); older days are over.
    for (const row of store.unfinished()) {
      if (!platforms.has(row.platform)) continue;
      const sub = store.subscription(row.platform, row.channelId);
      const live = sub?.active === true && !sub.pausedReason;
      const today = sub ? localDate(now, sub.timezone) : undefined;
      if (live && row.localDate === today) start(sub, row.localDate);
      else if (abandoned(row, now) && (!live || (today !== undefined && row.localDate < today))) {
        markFailed(store, row.id, live ? 'interrupted: the day ended before the post was confirmed' : 'interrupted: the subscription was stopped');
      }
    }
    return work;
  }

  function plan(): number {
    const now = clock();
    let next = now + maxSleepMs;
    for (const sub of store.activeSubscriptions()) {
      if (!platforms.has(sub.platform)) continue;
      try {
        next = Math.min(
          next,
          nextPostAt(sub, now, (date) => store.post(sub.platform, sub.channelId, date) !== undefined),
        );
      } catch (err) {
        log.error({ err, platform: sub.platform, channel: sub.channelId }, 'daily subscription has no next time');
      }
    }
    return next;
  }

  function pass(): void {
    timer = undefined;
    if (!running) return;
    try {
      launch();
    } catch (err) {
      log.error({ err }, 'daily scheduler pass failed; trying again shortly');
    }
    arm();
  }

  function arm(): void {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (!running) return;
    let at: number;
    try {
      at = plan();
    } catch (err) {
      log.error({ err }, 'daily scheduler could not plan; trying again shortly');
      at = clock() + maxSleepMs;
    }
    wakeAt = at;
    // A few ms late rather than early: croner's times are whole seconds and timers can fire early.
    timer = setTimeout(pass, Math.min(maxSleepMs, Math.max(0, at - clock())) + 5);
    timer.unref();
  }

  return {
    start() {
      if (running) return;
      running = true;
      pass();
    },
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      timer = undefined;
      wakeAt = undefined;
      await poster.stop();
    },
    wake() {
      if (running) arm();
    },
    tick: () => Promise.all(launch()),
    get nextWakeAt() {
      return wakeAt;
    },
  };
}
