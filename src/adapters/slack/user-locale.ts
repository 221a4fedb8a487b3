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
  private readonly cache = new Map<string, { value: T | undefined; expires: number }>();
  private readonly pending = new Map<string, Promise<T | undefined>>();
  private readonly ttlMs: number;
  private readonly timeoutMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;
  private readonly onError: (err: unknown) => void;

  constructor(opts: UserLocaleOptions = {}) {
    this.ttlMs = opts.ttlMs ?? 60 * 60 * 1000;
    this.timeoutMs = opts.timeoutMs ?? 1000;
    this.maxEntries = opts.maxEntries ?? 10_000;
    this.now = opts.now ?? Date.now;
    this.onError = opts.onError ?? (() => {});
  }

  /** The cached answer for this key, if it is still fresh; nothing is looked up. */
  known(key: string): { value: T | undefined } | undefined {
    const hit = this.cache.get(key);
    return hit && hit.expires > this.now() ? hit : undefined;
  }

  async get(key: string, lookup: Lookup<T>): Promise<T | undefined> {
    const hit = this.known(key);
    if (hit) return hit.value;
    let call = this.pending.get(key);
    if (!call) {
      call = lookup().then(
        (value) => this.store(key, value),
        (err: unknown) => {
          this.onError(err);
          // Remember the failure too (e.g. a missing users:read scope), so Slack is not asked on every command.
          return this.store(key, undefined);
        },
      );
      this.pending.set(key, call);
      void call.finally(() => this.pending.delete(key));
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(resolve, this.timeoutMs, undefined);
    });
    try {
      return await Promise.race([call, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  private store(key: string, value: T | undefined): T | undefined {
    if (this.cache.size >= this.maxEntries) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    this.cache.delete(key);
    this.cache.set(key, { value, expires: this.now() + this.ttlMs });
    return value;
  }
}
