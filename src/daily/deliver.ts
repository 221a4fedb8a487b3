import type { Locale } from '../locale.js';
import type { Reply } from '../replies/model.js';

/**
 * The one thing a platform adapter gives the daily poster: a way to post a reply in a channel.
 * The nonce is the same for every attempt at one channel's post of one local day, so the
 * platform can recognise a post that already went out before a crash (Discord: `nonce` with
 * `enforce_nonce: true`; Slack: message metadata).
 */

export interface DeliveryTarget {
  channelId: string;
  /** Discord guild or Slack team, when the adapter recorded one. */
  spaceId?: string;
}

/** Failures that pause the subscription until someone subscribes again. */
export type PermanentFailure = 'permission' | 'missing-channel' | 'archived' | 'removed';
/** Failures retried with backoff until the local day ends. */
export type RetryableFailure = 'rate-limited' | 'transient';

export type DeliverResult = { ok: true; messageId: string } | { ok: false; kind: PermanentFailure | RetryableFailure; retryAfterMs?: number; detail?: string };

export interface DeliverOptions {
  nonce: string;
  locale: Locale;
  /**
   * An earlier attempt at this post (this process's, or one that crashed) may have reached the
   * platform. Discord dedupes the nonce itself, but only for a few minutes; a platform that
   * does not (Slack) should look for a recent message carrying the nonce before posting.
   */
  maybeSent: boolean;
}

export type Deliver = (target: DeliveryTarget, reply: Reply, opts: DeliverOptions) => Promise<DeliverResult>;
