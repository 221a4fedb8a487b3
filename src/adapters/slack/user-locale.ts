import { LRUCache } from 'lru-cache';

/**
 * Users' Slack locales and roles (one users.info with include_locale), cached. Slash commands and events do
 * not carry the locale, and a Web API round trip per command would eat into the 3-second ack,
 * so each user is looked up once an hour at most, concurrent lookups share one call, and a
 * slow lookup is abandoned (its answer still lands in the cache for next time).
 */

/** What one users.info call tells Wattson about a user. */
export interface SlackUser {
  locale?: string | undefined;
  /** Workspace admin or owner: who may subscribe a channel to /daily. */
  canManage: boolean;
}

export type Lookup<T> = () => Promise<T | undefined>;
export type LocaleLookup = Lookup<SlackUser>;

export interface UserLocaleOptions {
  ttlMs?: number;
  /** After this, answer without the locale; the lookup keeps going in the background. */
  timeoutMs?: number;
  maxEntries?: number;
  now?: () => number;
  onError?: (err: unknown) => void;
}

export class UserLocales<T = SlackUser> {
  // lru-cache gives the TTL, the bound, and one shared users.info for concurrent commands.
  // Values are wrapped so that a failed lookup (undefined) is remembered like any answer.
  private readonly cache: LRUCache<string, { value: T | undefined }, Lookup<T>>;
  private readonly timeoutMs: number;

  constructor(opts: UserLocaleOptions = {}) {
    const onError = opts.onError ?? (() => {});
    this.timeoutMs = opts.timeoutMs ?? 1000;
    this.cache = new LRUCache({
      max: opts.maxEntries ?? 10_000,
      ttl: opts.ttlMs ?? 60 * 60 * 1000,
      ttlResolution: 0,
      ...(opts.now && { perf: { now: opts.now } }),
      fetchMethod: async (_key, _stale, { context: lookup }) => {
        try {
          return { value: await lookup() };
        } catch (err) {
          onError(err);
          // Remember the failure too (e.g. a missing users:read scope), so Slack is not asked on every command.
          return { value: undefined };
        }
      },
    });
  }

  /** The cached answer for this key, if it is still fresh; nothing is looked up. */
  known(key: string): { value: T | undefined } | undefined {
    return this.cache.get(key);
  }

  async get(key: string, lookup: Lookup<T>): Promise<T | undefined> {
    const hit = this.cache.get(key);
    if (hit) return hit.value;
    // The lookup keeps going after the timeout; its answer lands in the cache for next time.
    const call = this.cache.fetch(key, { context: lookup });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(resolve, this.timeoutMs, undefined);
    });
    try {
      return (await Promise.race([call, timeout]))?.value;
    } finally {
      clearTimeout(timer);
    }
  }
}
