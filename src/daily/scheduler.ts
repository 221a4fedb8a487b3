import type { Logger } from '../log.js';
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
  random?: () => number;
}

export interface Scheduler {
  /** The catch-up pass, then the timer; resolves once the pass is launched, not when its posts finish. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Re-plans the timer, e.g. after a subscription changed; resolves when it is set. */
  wake(): Promise<void>;
  /** One pass, resolving when the posts it started have finished (tests and the bench). */
  tick(): Promise<PostOutcome[]>;
  /** When the timer will next fire (undefined when stopped). */
  readonly nextWakeAt: number | undefined;
}

export function createScheduler(opts: SchedulerOptions): Scheduler {
  const { store, poster, platforms, clock, log } = opts;
  const maxSleepMs = opts.maxSleepMs ?? 60_000;
  const random = opts.random ?? Math.random;
  let timer: NodeJS.Timeout | undefined;
  let wakeAt: number | undefined;
  let running = false;

  const abandoned = async (row: PostRow, now: number) => row.claimedAt + poster.leaseMs <= now || (await store.ownerGone(row.owner));

  /** Today's local dates in every zone in use: the posts a pass needs are read in one query. */
  const datesOf = (subs: readonly Subscription[], now: number, days = 1) => {
    const dates = new Set<string>();
    for (const sub of subs) {
      try {
        for (let d = 0; d < days; d++) dates.add(localDate(now + d * 86_400_000, sub.timezone));
      } catch {
        // A broken zone is reported where the subscription is scheduled.
      }
    }
    return [...dates];
  };
  const key = (platform: string, channelId: string, date: string) => `${platform}\u0000${channelId}\u0000${date}`;

  async function launch(): Promise<Promise<PostOutcome>[]> {
    const now = clock();
    const work: Promise<PostOutcome>[] = [];
    const started = new Set<string>();
    const start = (sub: Subscription, date: string) => {
      const k = key(sub.platform, sub.channelId, date);
      if (started.has(k)) return;
      started.add(k);
      work.push(poster.post(sub, date));
    };
    const all = (await store.activeSubscriptions()).filter((sub) => platforms.has(sub.platform));
    // Each pass starts at a random point of the list: replicas sharing a database then claim
    // runs of channels of their own instead of all reaching for the same channel at once.
    const from = Math.floor(random() * all.length);
    const subs = [...all.slice(from), ...all.slice(0, from)];
    const posts = new Map((await store.postsOn(datesOf(subs, now))).map((p) => [key(p.platform, p.channelId, p.localDate), p]));
    for (const sub of subs) {
      try {
        const due = dueNow(sub, now);
        if (!due) continue;
        const row = posts.get(key(sub.platform, sub.channelId, due.date));
        if (!row || row.state === 'claimed') start(sub, due.date);
      } catch (err) {
        log.error({ err, platform: sub.platform, channel: sub.channelId }, 'daily subscription could not be scheduled');
      }
    }
    // Claims a crash left behind: today's are sent again (same nonce); older days are over.
    for (const row of await store.unfinished()) {
      if (!platforms.has(row.platform)) continue;
      const sub = await store.subscription(row.platform, row.channelId);
      const live = sub?.active === true && !sub.pausedReason;
      const today = sub ? localDate(now, sub.timezone) : undefined;
      if (live && row.localDate === today) start(sub, row.localDate);
      else if ((!live || (today !== undefined && row.localDate < today)) && (await abandoned(row, now))) {
        await store.markFailed(row.id, live ? 'interrupted: the day ended before the post was confirmed' : 'interrupted: the subscription was stopped');
      }
    }
    return work;
  }

  async function plan(): Promise<number> {
    const now = clock();
    let next = now + maxSleepMs;
    const subs = (await store.activeSubscriptions()).filter((sub) => platforms.has(sub.platform));
    // nextPostAt looks at most three fires ahead; posts only ever exist for today or earlier.
    const taken = new Set((await store.postsOn(datesOf(subs, now, 4))).map((p) => key(p.platform, p.channelId, p.localDate)));
    for (const sub of subs) {
      try {
        next = Math.min(
          next,
          nextPostAt(sub, now, (date) => taken.has(key(sub.platform, sub.channelId, date))),
        );
      } catch (err) {
        log.error({ err, platform: sub.platform, channel: sub.channelId }, 'daily subscription has no next time');
      }
    }
    return next;
  }

  async function pass(): Promise<void> {
    timer = undefined;
    if (!running) return;
    try {
      await launch();
    } catch (err) {
      log.error({ err }, 'daily scheduler pass failed; trying again shortly');
    }
    await arm();
  }

  // One plan at a time: a wake() during a plan asks for one more afterwards, not a second timer.
  let planning: Promise<void> | undefined;
  let again = false;
  function arm(): Promise<void> {
    if (planning) {
      again = true;
      return planning;
    }
    planning = (async () => {
      do {
        again = false;
        await armOnce();
      } while (again && running);
    })().finally(() => (planning = undefined));
    return planning;
  }

  async function armOnce(): Promise<void> {
    if (!running) return;
    let at: number;
    try {
      at = await plan();
    } catch (err) {
      log.error({ err }, 'daily scheduler could not plan; trying again shortly');
      at = clock() + maxSleepMs;
    }
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (!running) return;
    wakeAt = at;
    // A few ms late rather than early: croner's times are whole seconds and timers can fire early.
    timer = setTimeout(() => void pass(), Math.min(maxSleepMs, Math.max(0, at - clock())) + 5);
    timer.unref();
  }

  return {
    async start() {
      if (running) return;
      running = true;
      await pass();
    },
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      timer = undefined;
      wakeAt = undefined;
      await planning;
      await poster.stop();
    },
    async wake() {
      if (running) await arm();
    },
    tick: async () => Promise.all(await launch()),
    get nextWakeAt() {
      return wakeAt;
    },
  };
}
