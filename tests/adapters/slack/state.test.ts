import { describe, expect, it } from 'vitest';
import { ReplayGuard } from '../../../src/adapters/http/replay-guard.js';
import { UserLocales } from '../../../src/adapters/slack/user-locale.js';

describe('ReplayGuard', () => {
  const sig = (c: string) => c.repeat(64);

  it('accepts a signature once while its timestamp is within the window, and forgets it after', () => {
    let now = 1_700_000_000_000;
    const guard = new ReplayGuard({ now: () => now });
    const ts = now / 1000;
    expect(guard.firstSighting(sig('a'), ts)).toBe(true);
    expect(guard.firstSighting(sig('a'), ts)).toBe(false);
    // The key is the signature alone: the same signature with another timestamp is still a replay.
    expect(guard.firstSighting(sig('a'), ts + 1)).toBe(false);
    expect(guard.firstSighting(sig('b'), ts)).toBe(true);
    now += 5 * 60 * 1000 + 2000;
    // By now that timestamp is stale and refused before the guard, so it need not be remembered.
    expect(guard.firstSighting(sig('a'), ts)).toBe(true);
  });

  it('remembers a future-dated signature until that timestamp is stale, not five minutes from now', () => {
    let now = 1_700_000_000_000;
    const guard = new ReplayGuard({ now: () => now });
    expect(guard.firstSighting(sig('c'), now / 1000 + 240)).toBe(true);
    now += 6 * 60 * 1000;
    expect(guard.firstSighting(sig('c'), now / 1000 - 120)).toBe(false);
  });

  it('holds at most max signatures, dropping the oldest', () => {
    const guard = new ReplayGuard({ max: 3 });
    const ts = Math.floor(Date.now() / 1000);
    for (const c of ['1', '2', '3', '4']) expect(guard.firstSighting(sig(c), ts)).toBe(true);
    expect(guard.size).toBe(3);
    expect(guard.firstSighting(sig('4'), ts)).toBe(false);
    expect(guard.firstSighting(sig('1'), ts)).toBe(true);
  });
});

describe('UserLocales', () => {
  it('looks a user up once, sharing concurrent calls, until the entry expires', async () => {
    // A clock that starts past zero, as a real one does (lru-cache reads a start time of 0 as "no start").
    let now = 5000;
    let calls = 0;
    const locales = new UserLocales<string>({ now: () => now, ttlMs: 1000 });
    const lookup = async () => {
      calls += 1;
      return 'zh-CN';
    };
    expect(locales.known('T:U1')).toBeUndefined();
    const [a, b] = await Promise.all([locales.get('T:U1', lookup), locales.get('T:U1', lookup)]);
    expect([a, b, calls]).toEqual(['zh-CN', 'zh-CN', 1]);
    expect(locales.known('T:U1')?.value).toBe('zh-CN');
    expect(await locales.get('T:U1', lookup)).toBe('zh-CN');
    expect(calls).toBe(1);
    now += 1001;
    expect(locales.known('T:U1')).toBeUndefined();
    await locales.get('T:U1', lookup);
    expect(calls).toBe(2);
  });

  it('answers without the locale when the lookup is slow, and uses the late answer next time', async () => {
    let release!: (v: string) => void;
    const slow = () => new Promise<string>((resolve) => (release = resolve));
    const locales = new UserLocales<string>({ timeoutMs: 1 });
    expect(await locales.get('T:U2', slow)).toBeUndefined();
    release('zh-TW');
    await new Promise((r) => setImmediate(r));
    expect(await locales.get('T:U2', () => Promise.reject(new Error('not called')))).toBe('zh-TW');
  });

  it('remembers a failed lookup too, so a missing scope does not cost a call per command', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const locales = new UserLocales<string>({ onError: (e) => errors.push(e) });
    const failing = async () => {
      calls += 1;
      throw new Error('missing_scope');
    };
    expect(await locales.get('T:U3', failing)).toBeUndefined();
    expect(await locales.get('T:U3', failing)).toBeUndefined();
    expect([calls, errors.length]).toEqual([1, 1]);
  });

  it('keeps at most maxEntries users', async () => {
    let calls = 0;
    const locales = new UserLocales<string>({ maxEntries: 2 });
    const lookup = async () => {
      calls += 1;
      return 'en-US';
    };
    for (const u of ['a', 'b', 'c']) await locales.get(u, lookup);
    await locales.get('a', lookup);
    expect(calls).toBe(4);
  });
});
