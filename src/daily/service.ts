import { randomInt } from 'node:crypto';
import type { Locale } from '../locale.js';
import { type Card, factsLeft, nextCard } from './deck.js';
import { nextPostAt } from './schedule.js';
import type { DailyStore, PostRow, SpacePauseReason, Subscription } from './store.js';

/**
 * What /daily asks of the daily-post machinery. Input arrives already validated: a canonical `HH:MM` and IANA zone.
 */

export const DEFAULT_TIME = '09:00';
export const DEFAULT_TIMEZONE = 'UTC';

export interface Place {
  platform: string;
  channelId: string;
}

export interface SubscribeRequest extends Place {
  spaceId?: string | undefined;
  userId: string;
  time?: string | undefined;
  timezone?: string | undefined;
  locale: Locale;
}

export interface Subscribed {
  sub: Subscription;
  created: boolean;
  /** Which settings were not given and came from the previous subscription or the defaults. */
  defaulted: { time: boolean; timezone: boolean };
  nextAt: number;
}

export interface DailyStatus {
  sub: Subscription;
  /** Undefined while unsubscribed or paused. */
  nextAt: number | undefined;
  lastPost: PostRow | undefined;
  factsLeft: number;
  deckSize: number;
}

/** Asynchronous throughout, so that a shared database (Postgres) can stand behind it as well as SQLite. */
export interface DailyService {
  subscribe(req: SubscribeRequest): Promise<Subscribed>;
  unsubscribe(place: Place): Promise<boolean>;
  status(place: Place): Promise<DailyStatus | undefined>;
  /** The card the channel's next post will carry; a fresh deck's first card without a channel. */
  preview(place?: Place): Promise<Card>;
  /**
   * Pauses every live subscription in one Discord guild or Slack workspace (Wattson was
   * uninstalled, its token revoked): `reason` is the pause kind /daily status explains
   * ('uninstalled', 'tokens-revoked', 'removed', …), `detail` what happened. Each keeps its deck
   * and resumes with /daily subscribe, as any paused one does. Resolves to how many were paused.
   */
  pauseSpace(platform: string, spaceId: string, reason: string, detail?: string): Promise<number>;
}

const SPACE_PAUSE_TEXT: Partial<Record<string, string>> & Record<SpacePauseReason, string> = {
  uninstalled: 'removed: the app was uninstalled from the workspace',
  'tokens-revoked': "removed: the workspace revoked Wattson's tokens",
};

export interface ServiceOptions {
  store: DailyStore;
  factIds: readonly string[];
  clock: () => number;
  /** Called after any change, so the scheduler can re-plan. */
  onChange?: () => void;
  seed?: () => number;
}

export function createDailyService(opts: ServiceOptions): DailyService {
  const { store, factIds, clock } = opts;
  const seed = opts.seed ?? (() => randomInt(0, 2 ** 32));
  const deckOf = async (sub: Subscription) => ({ seed: sub.deckSeed, cycle: sub.deckCycle, dealt: new Set(await store.dealt(sub.platform, sub.channelId, sub.deckCycle)) });
  /** nextPostAt asks synchronously; the channel's posts of the days it may ask about are read first. */
  const taken = async (sub: Subscription) => {
    const last = await store.postsOfChannel(sub.platform, sub.channelId, 4);
    const dates = new Set(last.map((p) => p.localDate));
    return (date: string) => dates.has(date);
  };
  return {
    async subscribe(req) {
      const before = await store.subscription(req.platform, req.channelId);
      const at = clock();
      const sub = await store.subscribe({
        platform: req.platform,
        channelId: req.channelId,
        spaceId: req.spaceId,
        time: req.time ?? before?.time ?? DEFAULT_TIME,
        timezone: req.timezone ?? before?.timezone ?? DEFAULT_TIMEZONE,
        locale: req.locale,
        createdBy: req.userId,
        seed: seed(),
        at,
      });
      opts.onChange?.();
      return { sub, created: !before, defaulted: { time: req.time === undefined, timezone: req.timezone === undefined }, nextAt: nextPostAt(sub, at, await taken(sub)) };
    },
    async unsubscribe(place) {
      const done = await store.unsubscribe(place.platform, place.channelId, clock());
      if (done) opts.onChange?.();
      return done;
    },
    async status(place) {
      const sub = await store.subscription(place.platform, place.channelId);
      if (!sub) return undefined;
      const live = sub.active && !sub.pausedReason;
      return {
        sub,
        nextAt: live ? nextPostAt(sub, clock(), await taken(sub)) : undefined,
        lastPost: await store.lastSent(place.platform, place.channelId),
        factsLeft: factsLeft(factIds, await deckOf(sub)),
        deckSize: factIds.length,
      };
    },
    async preview(place) {
      const sub = place && (await store.subscription(place.platform, place.channelId));
      return nextCard(factIds, sub ? await deckOf(sub) : { seed: 0, cycle: 0, dealt: new Set() });
    },
    async pauseSpace(platform, spaceId, reason, detail) {
      // One statement, so replicas pausing the same workspace at once cannot interleave.
      const n = await store.pauseSpace(platform, spaceId, reason, detail ?? SPACE_PAUSE_TEXT[reason] ?? reason, clock());
      if (n > 0) opts.onChange?.();
      return n;
    },
  };
}
