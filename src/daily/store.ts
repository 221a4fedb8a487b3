import type { Locale } from '../locale.js';
import type { Claimed, ClaimRequest } from './claims.js';

/**
 * The daily-post store: subscriptions and the per-channel-per-day post claims, as the poster,
 * the scheduler and the service see them. Asynchronous throughout; src/db/daily-store.ts keeps
 * it in SQLite or in Postgres, where several Wattson processes share it.
 */

export type PostState = 'claimed' | 'sent' | 'failed';

export interface Subscription {
  platform: string;
  channelId: string;
  spaceId: string | null;
  time: string;
  timezone: string;
  locale: Locale;
  createdBy: string;
  createdAt: number;
  updatedAt: number;
  /** Fires before this instant do not count: a new or changed subscription never posts for the past. */
  activeSince: number;
  active: boolean;
  pausedReason: string | null;
  pausedAt: number | null;
  lastError: string | null;
  lastErrorAt: number | null;
  deckSeed: number;
  deckCycle: number;
  deckPosition: number;
}

export interface PostRow {
  id: number;
  platform: string;
  channelId: string;
  localDate: string;
  state: PostState;
  nonce: string;
  owner: string;
  claimedAt: number;
  sentAt: number | null;
  messageId: string | null;
  attempt: number;
  factId: string | null;
  deckCycle: number;
  deckNumber: number | null;
  deckTotal: number | null;
  lastError: string | null;
}

export interface SubscribeInput {
  platform: string;
  channelId: string;
  spaceId?: string | undefined;
  time: string;
  timezone: string;
  locale: Locale;
  createdBy: string;
  seed: number;
  at: number;
}

/** Why a whole workspace's subscriptions stop: the app was uninstalled or its tokens revoked (Slack). */
export type SpacePauseReason = 'uninstalled' | 'tokens-revoked';

export interface DailyStore {
  subscribe(input: SubscribeInput): Promise<Subscription>;
  unsubscribe(platform: string, channelId: string, at: number): Promise<boolean>;
  subscription(platform: string, channelId: string): Promise<Subscription | undefined>;
  activeSubscriptions(): Promise<Subscription[]>;
  pause(platform: string, channelId: string, reason: string, error: string, at: number): Promise<void>;
  /** Pauses every running subscription in a Discord guild or Slack workspace; how many were paused. */
  pauseSpace(platform: string, spaceId: string, reason: string, error: string, at: number): Promise<number>;
  recordError(platform: string, channelId: string, error: string | null, at: number): Promise<void>;
  post(platform: string, channelId: string, localDate: string): Promise<PostRow | undefined>;
  postById(id: number): Promise<PostRow | undefined>;
  /** Every post on any of these local dates: one query for a whole scheduler pass. */
  postsOn(localDates: readonly string[]): Promise<PostRow[]>;
  lastSent(platform: string, channelId: string): Promise<PostRow | undefined>;
  /** A channel's latest posts (any state), newest local date first. */
  postsOfChannel(platform: string, channelId: string, limit: number): Promise<PostRow[]>;
  /** Posts claimed but not finished, any day: the work a crash leaves behind. */
  unfinished(): Promise<PostRow[]>;
  dealt(platform: string, channelId: string, cycle: number): Promise<string[]>;
  /**
   * Claims the day's post for a channel, dealing its fact in the same transaction, or takes over
   * an abandoned claim. Undefined means there is nothing for this caller to do: the day is
   * already sent or failed, or another live owner holds it (or is claiming it right now).
   */
  claim(req: ClaimRequest): Promise<Claimed | undefined>;
  markSent(id: number, messageId: string, at: number): Promise<void>;
  markFailed(id: number, error: string): Promise<void>;
  /** Renews the lease before another attempt; false if another owner took the claim meanwhile. */
  touch(id: number, owner: string, at: number, error: string | null): Promise<boolean>;
  /** Marks `owner` alive for as long as this process runs (Postgres: a session lock), before it claims anything. */
  holdOwner(owner: string): Promise<void>;
  releaseOwner(owner: string): Promise<void>;
  /** True when the owner certainly stopped: its process is gone, or (Postgres) its session ended. */
  ownerGone(owner: string): Promise<boolean>;
}
