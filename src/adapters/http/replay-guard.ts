import { LRUCache } from 'lru-cache';

/**
 * A signed request (Slack's HMAC, Discord's Ed25519) covers the timestamp and the body, and a
 * request older than five minutes is refused, but a captured request replayed within those
 * five minutes would verify again. The guard remembers every verified request until its
 * timestamp leaves the window and refuses a second sighting.
 *
 * Its key must be a function of the exact bytes signed, so a replay cannot re-spell it: Slack's
 * receiver gives the HMAC itself (after insisting on the canonical spelling of both headers),
 * Discord's a digest of the signed timestamp and body.
 *
 * One guard per process: behind a load balancer, a replay that reaches another replica is not
 * seen by this one (the README says so).
 *
 * Memory is bounded by lru-cache: at most `max` signatures, each dropped when its window ends.
 * Entries go in roughly in timestamp order, so when a flood fills the cache the ones evicted
 * are the oldest, closest to leaving the window anyway. A signature evicted early could be
 * replayed until its five minutes end; the README gives the rate at which that starts.
 */

/** Slack's rule, and Wattson's for Discord too: a timestamp more than five minutes from now (either way) is refused. */
export const REPLAY_WINDOW_S = 5 * 60;
/**
 * Signatures remembered at most: about 180 bytes each, under 4 MB at the bound. An entry lives
 * up to ten minutes (a timestamp up to five minutes ahead, then five until it is stale), so the
 * bound holds every request at up to 33 a second sustained. Slack sends one workspace at most
 * 30,000 events an hour (5,000 in ten minutes); the rest is headroom for commands and clicks.
 */
export const REPLAY_GUARD_MAX = 20_000;

export interface ReplayGuardOptions {
  max?: number;
  /** Milliseconds since the epoch; a test clock may replace it. */
  now?: () => number;
}

export class ReplayGuard {
  private readonly seen: LRUCache<string, true>;
  private readonly now: () => number;

  constructor(opts: ReplayGuardOptions = {}) {
    this.now = opts.now ?? Date.now;
    // lru-cache reads the clock through `perf`; giving it ours keeps TTLs on the same clock as
    // the window. ttlResolution 0: read it on every check instead of reusing a reading for 1 ms.
    this.seen = new LRUCache<string, true>({ max: opts.max ?? REPLAY_GUARD_MAX, ttlResolution: 0, perf: { now: this.now } });
  }

  /**
   * True the first time a verified signature is seen; false for a replay. `timestampS` is the
   * request's (already checked) timestamp: the entry lives until that timestamp is stale.
   */
  firstSighting(signatureHex: string, timestampS: number): boolean {
    if (this.seen.has(signatureHex)) return false;
    const ttl = Math.max(1, (timestampS + REPLAY_WINDOW_S) * 1000 - this.now() + 1000);
    this.seen.set(signatureHex, true, { ttl });
    return true;
  }

  get size(): number {
    return this.seen.size;
  }

  get max(): number {
    return this.seen.max;
  }
}
