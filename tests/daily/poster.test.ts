import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { afterAll, afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { nonceFor } from '../../src/daily/claims.js';
import type { Deliver } from '../../src/daily/deliver.js';
import type { Daily } from '../../src/daily/index.js';
import { dailyPost } from '../../src/daily/post-reply.js';
import { dailyStore } from '../../src/db/daily-store.js';
import { openAt } from '../../src/db/open.js';
import type { Reply } from '../../src/replies/model.js';
import { FakePlatform } from './fake-platform.js';
import { baseRuntime, dailyWorld, ENGINES, type EngineName, freshLocation, manualClock, tmpDirs } from './helpers.js';

const dirs = tmpDirs();
const open: Daily[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((d) => d.stop()));
});
afterAll(() => dirs.cleanup());

async function world(engine: EngineName, iso: string, opts: Parameters<typeof dailyWorld>[2] = {}, location?: string) {
  const path = location ?? (await freshLocation(engine, dirs));
  const clock = manualClock(iso);
  const fake = new FakePlatform();
  const { daily, db } = await dailyWorld(path, clock, opts);
  daily.addPlatform('discord', fake.deliver);
  open.push(daily);
  const sub = (channelId: string, time = '09:00', timezone = 'UTC') => daily.service.subscribe({ platform: 'discord', channelId, userId: 'u1', time, timezone, locale: 'en' });
  return { clock, fake, daily, db, sub, path };
}

const statuses = (outcomes: { status: string }[]) => outcomes.map((o) => o.status).sort();

describe.each(ENGINES)('posting (%s)', (engine) => {
  it("posts once per channel per local day, numbered from the channel's deck", async () => {
    const { clock, fake, daily, sub } = await world(engine, '2025-03-10T08:00:00Z');
    for (const c of ['a', 'b', 'c']) await sub(c);
    expect(await daily.scheduler.tick()).toEqual([]);
    clock.set('2025-03-10T09:00:01Z');
    expect(statuses(await daily.scheduler.tick())).toEqual(['sent', 'sent', 'sent']);
    expect(await daily.scheduler.tick()).toEqual([]);
    clock.set('2025-03-10T23:00:00Z');
    expect(await daily.scheduler.tick()).toEqual([]);
    expect(fake.messages.map((m) => m.text.replace(/:.*/, ''))).toEqual(['Fact 1 of 195', 'Fact 1 of 195', 'Fact 1 of 195']);
    // In any order: on Postgres the three claims run side by side.
    expect(fake.messages.map((m) => m.nonce).sort()).toEqual(['a', 'b', 'c'].map((c) => nonceFor('discord', c, '2025-03-10')).sort());
    clock.set('2025-03-11T09:00:01Z');
    await daily.scheduler.tick();
    expect(fake.messagesIn('a').map((m) => m.text.replace(/:.*/, ''))).toEqual(['Fact 1 of 195', 'Fact 2 of 195']);
    expect((await daily.service.status({ platform: 'discord', channelId: 'a' }))?.factsLeft).toBe(193);
  });

  it('the post is the /fact answer: a disputed figure carries its public context, related facts are offered', async () => {
    const disputed = baseRuntime.store.facts.find((f) => f.verdict !== 'consistent' && f.related.length > 0)!;
    const reply = dailyPost({ factId: disputed.id, number: 12, total: 195 }, { ...baseRuntime, locale: 'en' });
    expect(reply.title).toMatch(/^Fact 12 of 195: /);
    expect(reply.kind).toBe('fact');
    expect(reply.blocks.some((b) => b.type === 'context')).toBe(true);
    expect(reply.actions.map((a) => a.command)).toEqual(expect.arrayContaining(disputed.related.slice(0, 1).map((id) => `/fact ${id}`)));
    expect(reply.private).toBeUndefined();
    expect(dailyPost({ factId: disputed.id, number: 12, total: 195 }, { ...baseRuntime, locale: 'zh' }).title).toMatch(/^第 12 条（共 195 条）：/);
  });

  it('daylight saving, New York: 02:30 on the spring-forward day posts at 03:00; 01:30 on the fall-back day posts once', async () => {
    const { clock, fake, daily, sub } = await world(engine, '2025-03-08T12:00:00Z');
    await sub('spring', '02:30', 'America/New_York');
    await sub('fall', '01:30', 'America/New_York');
    clock.set('2025-03-09T06:59:59Z'); // 01:59:59 EST, the last second before the gap
    await daily.scheduler.tick();
    expect(fake.messagesIn('spring')).toHaveLength(0);
    clock.set('2025-03-09T07:00:01Z'); // 03:00:01 EDT
    await daily.scheduler.tick();
    expect(fake.messagesIn('spring')).toHaveLength(1);
    expect((await daily.store.post('discord', 'spring', '2025-03-09'))?.state).toBe('sent');

    clock.set('2025-11-02T05:30:01Z'); // 01:30 EDT, the first time
    await daily.scheduler.tick();
    clock.set('2025-11-02T06:30:01Z'); // 01:30 EST, the second time
    await daily.scheduler.tick();
    expect(fake.messagesIn('fall').filter((m) => m.nonce === nonceFor('discord', 'fall', '2025-11-02'))).toHaveLength(1);
  });

  it('after downtime, a post missed earlier the same day goes out on start; a day missed entirely is not posted late', async () => {
    const path = await freshLocation(engine, dirs);
    const first = await world(engine, '2025-03-09T20:00:00Z', {}, path);
    await first.sub('shanghai', '09:00', 'Asia/Shanghai'); // 01:00Z
    await first.sub('utc', '09:00', 'UTC');
    await first.daily.stop(); // down from 20:00Z on the 9th

    // Up again at 11:00Z: both of the 10th's posts were missed earlier that local day.
    const second = await world(engine, '2025-03-10T11:00:00Z', {}, path);
    second.daily.start();
    await vi.waitFor(() => expect(second.fake.messages).toHaveLength(2));
    await second.daily.stop();
    expect(second.fake.messages.map((m) => m.nonce).sort()).toEqual([nonceFor('discord', 'shanghai', '2025-03-10'), nonceFor('discord', 'utc', '2025-03-10')].sort());

    // Down again until 00:30Z on the 12th: the 11th was missed entirely, in both zones.
    const third = await world(engine, '2025-03-12T00:30:00Z', {}, path);
    expect(await third.daily.scheduler.tick()).toEqual([]);
    expect(await third.daily.store.post('discord', 'utc', '2025-03-11')).toBeUndefined();
    expect(await third.daily.store.post('discord', 'shanghai', '2025-03-11')).toBeUndefined();
    third.clock.set('2025-03-12T01:00:01Z'); // 09:00 on the 12th in Shanghai
    await third.daily.scheduler.tick();
    expect(third.fake.messages.map((m) => m.nonce)).toEqual([nonceFor('discord', 'shanghai', '2025-03-12')]);
  });

  it('a claim left by a dead process is re-sent with the same nonce, which the platform recognises', async () => {
    const { clock, fake, daily, db, sub } = await world(engine, '2025-03-10T08:00:00Z');
    await sub('c1');
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    const nonce = nonceFor('discord', 'c1', '2025-03-10');
    // The dead process had claimed the day and its message reached the platform; then it died.
    await db.run(
      `INSERT INTO posts (platform, channel_id, local_date, state, nonce, owner, claimed_at, fact_id, deck_cycle, deck_number, deck_total) VALUES ('discord', 'c1', '2025-03-10', 'claimed', ?, ?, ?, ?, 0, 1, 195)`,
      [nonce, `${hostname()}|${dead}|gone`, Date.parse('2025-03-10T09:00:00Z'), baseRuntime.store.facts[0]!.id],
    );
    await fake.handle('c1', { nonce, text: 'sent before the crash' });
    const told: boolean[] = [];
    daily.addPlatform('discord', (target, reply, opts) => {
      told.push(opts.maybeSent);
      return fake.deliver(target, reply, opts);
    });
    clock.set('2025-03-10T09:00:05Z');
    const [outcome] = await daily.scheduler.tick();
    expect(outcome).toMatchObject({ status: 'sent', resend: true });
    expect(fake.messages).toHaveLength(1);
    expect(fake.requests.map((r) => r.nonce)).toEqual([nonce, nonce]);
    expect(await daily.store.post('discord', 'c1', '2025-03-10')).toMatchObject({ state: 'sent', messageId: fake.messages[0]!.id, attempt: 2 });
    expect(told).toEqual([true]);
  });

  it("a live owner's claim on another host is left alone until its lease runs out", async () => {
    const { clock, fake, daily, db, sub, path } = await world(engine, '2025-03-10T08:00:00Z', { poster: { leaseMs: 60_000, backoffBaseMs: 5, deliverTimeoutMs: 500 } });
    await sub('c1');
    // On Postgres a live owner holds its session lock: here a second connection plays the other host.
    const elsewhere = engine === 'postgres' ? await openAt(path) : undefined;
    await (elsewhere && dailyStore(elsewhere).holdOwner('elsewhere|1|x'));
    onTestFinished(() => elsewhere?.close());
    await db.run(
      `INSERT INTO posts (platform, channel_id, local_date, state, nonce, owner, claimed_at, fact_id, deck_cycle, deck_number, deck_total) VALUES ('discord', 'c1', '2025-03-10', 'claimed', ?, 'elsewhere|1|x', ?, ?, 0, 1, 195)`,
      [nonceFor('discord', 'c1', '2025-03-10'), Date.parse('2025-03-10T09:00:00Z'), baseRuntime.store.facts[0]!.id],
    );
    clock.set('2025-03-10T09:00:30Z');
    expect(statuses(await daily.scheduler.tick())).toEqual(['skipped']);
    expect(fake.requests).toHaveLength(0);
    clock.set('2025-03-10T09:01:00Z');
    expect(statuses(await daily.scheduler.tick())).toEqual(['sent']);
  });
});

describe.each(ENGINES)('failures (%s)', (engine) => {
  it('permission, missing channel, archived and removed pause that subscription only; subscribing again resumes', async () => {
    const { clock, fake, daily, sub } = await world(engine, '2025-03-10T08:00:00Z');
    const kinds = ['permission', 'missing-channel', 'archived', 'removed'] as const;
    for (const k of kinds) {
      await sub(k);
      fake.always.set(k, { status: k === 'missing-channel' ? 404 : 403, kind: k });
    }
    await sub('fine-1');
    await sub('fine-2');
    clock.set('2025-03-10T09:00:01Z');
    const outcomes = await daily.scheduler.tick();
    expect(statuses(outcomes)).toEqual(['paused', 'paused', 'paused', 'paused', 'sent', 'sent']);
    for (const k of kinds) {
      const st = (await daily.service.status({ platform: 'discord', channelId: k }))!;
      expect(st.sub.pausedReason).toBe(k);
      expect(st.sub.lastError).toContain(k);
      expect(st.nextAt).toBeUndefined();
      // The fact that failed to go out stays in the deck.
      expect(st.factsLeft).toBe(195);
    }
    clock.set('2025-03-11T09:00:01Z');
    await daily.scheduler.tick();
    expect(fake.requests.filter((r) => (kinds as readonly string[]).includes(r.channel))).toHaveLength(4);
    expect(fake.messagesIn('fine-1')).toHaveLength(2);

    fake.always.delete('permission');
    clock.set('2025-03-11T10:00:00Z');
    await sub('permission', '10:30');
    expect((await daily.service.status({ platform: 'discord', channelId: 'permission' }))?.sub.pausedReason).toBeNull();
    clock.set('2025-03-11T10:30:01Z');
    expect(statuses(await daily.scheduler.tick())).toEqual(['sent']);
    expect(fake.messagesIn('permission')[0]?.text).toMatch(/^Fact 1 of 195/);
  });

  it('429s (honouring retry-after) and 5xx are retried; the post goes out once', async () => {
    const { clock, fake, daily, sub } = await world(engine, '2025-03-10T08:00:00Z');
    await sub('busy');
    await sub('calm');
    fake.script.set('busy', [{ status: 429, retryAfterMs: 15 }, { status: 429, retryAfterMs: 5 }, { status: 500 }, { status: 503 }]);
    const maybeSent: boolean[] = [];
    daily.addPlatform('discord', (target, reply, opts) => {
      if (target.channelId === 'busy') maybeSent.push(opts.maybeSent);
      return fake.deliver(target, reply, opts);
    });
    clock.set('2025-03-10T09:00:01Z');
    const outcomes = await daily.scheduler.tick();
    expect(outcomes).toEqual(expect.arrayContaining([expect.objectContaining({ status: 'sent', attempts: 5 }), expect.objectContaining({ status: 'sent', attempts: 1 })]));
    expect(fake.requests.filter((r) => r.channel === 'busy').map((r) => r.status)).toEqual([429, 429, 500, 503, 200]);
    expect(fake.messagesIn('busy')).toHaveLength(1);
    expect((await daily.store.post('discord', 'busy', '2025-03-10'))?.attempt).toBe(5);
    // After a failed attempt the platform may have the message after all; the adapter is told.
    expect(maybeSent).toEqual([false, true, true, true, true]);
    // Recovered: the transient error is not left on the status.
    expect((await daily.service.status({ platform: 'discord', channelId: 'busy' }))?.sub.lastError).toBeNull();
  });

  it('retries stop when the local day ends: the post is given up, not sent late', async () => {
    const { clock, fake, daily, sub } = await world(engine, '2025-03-10T08:00:00Z');
    await sub('down', '23:59', 'Asia/Shanghai');
    fake.always.set('down', { status: 502 });
    clock.set(Date.parse('2025-03-10T16:00:00Z') - 1); // 23:59:59.999 in Shanghai
    const [outcome] = await daily.scheduler.tick();
    expect(outcome?.status).toBe('failed');
    expect(await daily.store.post('discord', 'down', '2025-03-10')).toMatchObject({ state: 'failed', lastError: expect.stringContaining('gave up when the day ended') });
    expect((await daily.service.status({ platform: 'discord', channelId: 'down' }))?.sub.lastError).toContain('transient');
    clock.set('2025-03-10T16:00:01Z');
    expect(await daily.scheduler.tick()).toEqual([]);
  });

  it('a channel that hangs does not hold up the others', async () => {
    const { clock, fake, daily, sub } = await world(engine, '2025-03-10T08:00:00Z', { poster: { concurrency: 4, deliverTimeoutMs: 60_000 } });
    await sub('stuck');
    for (let i = 0; i < 20; i++) await sub(`c${i}`);
    const release = fake.hold('stuck');
    clock.set('2025-03-10T09:00:01Z');
    let stuckDone = false;
    const all = daily.scheduler.tick().then((o) => {
      stuckDone = true;
      return o;
    });
    await vi.waitFor(() => expect(new Set(fake.messages.map((m) => m.channel)).size).toBe(20));
    expect(stuckDone).toBe(false);
    release();
    expect(statuses(await all).every((s) => s === 'sent')).toBe(true);
    expect(fake.messagesIn('stuck')).toHaveLength(1);
  });

  it('a channel waiting to retry holds no delivery slot', async () => {
    const { clock, fake, daily, sub } = await world(engine, '2025-03-10T08:00:00Z', { poster: { concurrency: 1 } });
    await sub('limited');
    for (let i = 0; i < 5; i++) await sub(`c${i}`);
    fake.script.set('limited', [{ status: 429, retryAfterMs: 3_600_000 }]);
    clock.set('2025-03-10T09:00:01Z');
    const pending = daily.scheduler.tick();
    await vi.waitFor(() => expect(fake.messages).toHaveLength(5));
    await daily.stop(); // wakes the sleeping retry, which stops without posting
    expect(statuses(await pending)).toEqual(['sent', 'sent', 'sent', 'sent', 'sent', 'stopped']);
    expect(fake.messagesIn('limited')).toHaveLength(0);
  });

  it('the scheduler survives a broken subscription and a throwing adapter', async () => {
    const { clock, fake, daily, db, sub } = await world(engine, '2025-03-10T08:00:00Z');
    await sub('ok');
    await sub('flaky');
    await db.run(`UPDATE subscriptions SET timezone = 'Mars/Olympus_Mons' WHERE channel_id = 'ok'`);
    await sub('ok2');
    let calls = 0;
    const throwing: Deliver = async (target, reply, opts) => {
      if (target.channelId === 'flaky' && calls++ === 0) throw new Error('socket hang up');
      return fake.deliver(target, reply, opts);
    };
    daily.addPlatform('discord', throwing);
    clock.set('2025-03-10T09:00:01Z');
    expect(statuses(await daily.scheduler.tick())).toEqual(['sent', 'sent']);
    expect(fake.messages.map((m) => m.channel).sort()).toEqual(['flaky', 'ok2']);
  });

  it('the timer fires at the due time with no tick from outside', async () => {
    const base = Date.parse('2025-03-10T08:59:59.800Z');
    let t0 = Date.now();
    const clock = () => base + (Date.now() - t0);
    const fake = new FakePlatform();
    const { daily } = await dailyWorld(await freshLocation(engine, dirs), clock);
    open.push(daily);
    daily.addPlatform('discord', fake.deliver);
    // The clock starts once the database is open, which takes longer on Postgres.
    t0 = Date.now();
    await daily.service.subscribe({ platform: 'discord', channelId: 'c', userId: 'u', time: '09:00', timezone: 'UTC', locale: 'en' });
    await daily.start();
    expect(daily.scheduler.nextWakeAt).toBe(Date.parse('2025-03-10T09:00:00Z'));
    await vi.waitFor(() => expect(fake.messages).toHaveLength(1), { timeout: 5_000 });
    // Nothing else is due today: the timer still looks again within a minute.
    expect(daily.scheduler.nextWakeAt! - clock()).toBeLessThanOrEqual(60_000);
  });
});

describe('plain delivery (the console)', () => {
  it('prints the post as plain text', async () => {
    const { plainDeliver } = await import('../../src/daily/plain-deliver.js');
    const lines: string[] = [];
    const reply: Reply = { kind: 'fact', title: 'Fact 1 of 2: x', blocks: [{ type: 'text', text: '@everyone hi' }], actions: [], data: {} };
    expect(await plainDeliver((t) => lines.push(t))({ channelId: 'console' }, reply, { nonce: 'n', locale: 'en', maybeSent: false })).toMatchObject({ ok: true });
    expect(lines[0]).toContain('Fact 1 of 2');
    expect(lines[0]).not.toContain('@everyone');
  });
});
