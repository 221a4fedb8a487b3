import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../../commands/index.js';
import { registrationBody } from '../../../src/adapters/discord/registration.js';
import type { Deliver } from '../../../src/daily/deliver.js';
import { createDaily, type Daily } from '../../../src/daily/index.js';
import { dailyPost } from '../../../src/daily/post-reply.js';
import { withServices } from '../../../src/dispatch/runtime.js';
import { MEMBER_PERMISSIONS_MANAGE_CHANNELS, type Option, type RecordedRequest, snowflake } from './fake-discord.js';
import { type Harness, startHarness } from './harness.js';

/**
 * /daily through the real discord.js Client, and the adapter's Deliver posting daily facts to
 * the fake's channel-message endpoint through the client's own REST.
 */

const sub = (name: string, options: Option[] = []): Option[] => [{ name, type: 1, options }];
const str = (name: string, value: string): Option => ({ name, type: 3, value });

function texts(v: unknown): string {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map(texts).join('\n');
  if (v && typeof v === 'object') return Object.values(v).map(texts).join('\n');
  return '';
}

describe('/daily registration', () => {
  it('registers /daily with subcommands and no default member permissions, so everyone sees status', async () => {
    for (const scope of ['global', 'guild'] as const) {
      const d = registrationBody(commands, scope).find((c) => c.name === 'daily');
      expect(d?.options?.map((o) => o.name)).toEqual(['subscribe', 'unsubscribe', 'status', 'preview']);
      expect(d && 'default_member_permissions' in d).toBe(false);
    }
  });
});

describe('/daily and daily posts on Discord', () => {
  let h: Harness;
  let daily: Daily;
  let now = Date.parse('2026-03-10T08:00:00Z');
  const dir = mkdtempSync(join(tmpdir(), 'wattson-discord-daily-'));
  const place = () => ({ platform: 'discord', channelId: h.fake.channelId });
  const deliver = (): Deliver => {
    if (!h.adapter.deliver) throw new Error('the Discord adapter returned no deliver');
    return h.adapter.deliver;
  };
  const post = () => dailyPost({ factId: 'chatgpt-daily-energy', number: 1, total: h.rt.store.facts.length }, { ...h.rt, locale: 'en' });
  const channelPosts = (channelId: string): RecordedRequest[] => h.fake.requests.filter((r) => r.method === 'POST' && r.path === `/api/v10/channels/${channelId}/messages`);

  beforeAll(async () => {
    h = await startHarness((rt) => {
      daily = createDaily({ path: join(dir, 'daily.db'), rt, clock: () => now });
      return withServices(rt, { daily: daily.service });
    });
  });
  afterAll(async () => {
    await daily?.stop();
    await h?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses /daily subscribe, privately, from a member without Manage Channels', async () => {
    const cb = await h.fake.callbackFor(h.fake.slash('daily', sub('subscribe', [str('time', '09:00'), str('timezone', 'UTC')])).id);
    expect(cb.body.data.flags).toBe(64);
    expect(texts(cb.body.data)).toContain('Only people who can manage this channel can subscribe');
    expect(await daily.service.status(place())).toBeUndefined();
  });

  it('lets anyone see /daily status', async () => {
    const cb = await h.fake.callbackFor(h.fake.slash('daily', sub('status')).id);
    expect(cb.body.data.flags ?? 0).toBe(0);
    expect(texts(cb.body.data)).toContain('This channel is not subscribed');
  });

  it('accepts /daily subscribe from a member with Manage Channels, recording the channel and its guild', async () => {
    const cb = await h.fake.callbackFor(h.fake.slash('daily', sub('subscribe', [str('time', '09:00'), str('timezone', 'UTC')]), { memberPermissions: MEMBER_PERMISSIONS_MANAGE_CHANNELS }).id);
    expect(cb.body.data.flags ?? 0).toBe(0);
    expect(cb.body.data.embeds[0].title).toBe('Daily fact: subscribed');
    const st = await daily.service.status(place());
    expect(st?.sub.active).toBe(true);
    expect(st?.sub.spaceId).toBe(h.fake.guildId);
    expect(st?.sub.time).toBe('09:00');
  });

  it('still refuses /daily unsubscribe without Manage Channels', async () => {
    const cb = await h.fake.callbackFor(h.fake.slash('daily', sub('unsubscribe')).id);
    expect(cb.body.data.flags).toBe(64);
    expect((await daily.service.status(place()))?.sub.active).toBe(true);
  });

  it('does not subscribe a DM: it answers that daily facts live in a channel', async () => {
    const cb = await h.fake.callbackFor(h.fake.slash('daily', sub('subscribe'), { dm: true }).id);
    expect(cb.body.data.flags).toBe(64);
    expect(cb.body.data.embeds[0].title).toBe('Daily facts live in a channel');
  });

  it('posts the due fact through the scheduler to POST /channels/{id}/messages with the nonce enforced', async () => {
    daily.addPlatform('discord', deliver());
    now = Date.parse('2026-03-10T09:00:01Z');
    const outcomes = await daily.scheduler.tick();
    expect(outcomes).toEqual([expect.objectContaining({ status: 'sent' })]);
    const [req] = channelPosts(h.fake.channelId);
    expect(req?.status).toBe(200);
    expect(req?.headers.authorization).toBe(`Bot ${h.fake.token}`);
    expect(req?.body.enforce_nonce).toBe(true);
    expect(typeof req?.body.nonce).toBe('string');
    expect(req?.body.nonce.length).toBeLessThanOrEqual(25);
    expect(req?.body.allowed_mentions).toEqual({ parse: [] });
    expect(req?.body.flags).toBeUndefined();
    expect(req?.body.embeds[0].title).toMatch(/^Fact \d+ of \d+: /);
    expect(h.fake.channelMessages).toHaveLength(1);
    expect((await daily.service.status(place()))?.lastPost?.sentAt).toBeDefined();
  });

  it('a resend with the same nonce gets the original message back and creates none', async () => {
    const channelId = snowflake();
    h.fake.channels.add(channelId);
    const opts = { nonce: 'discord-resend-test', locale: 'en' as const, maybeSent: false };
    const first = await deliver()({ channelId, spaceId: h.fake.guildId }, post(), opts);
    const again = await deliver()({ channelId, spaceId: h.fake.guildId }, post(), { ...opts, maybeSent: true });
    expect(first).toEqual({ ok: true, messageId: expect.any(String) });
    expect(again).toEqual(first);
    expect(h.fake.channelMessages.filter((m) => m.channelId === channelId)).toHaveLength(1);
    const bodies = channelPosts(channelId).map((r) => r.body);
    expect(bodies).toHaveLength(2);
    expect(bodies.every((b) => b.nonce === 'discord-resend-test' && b.enforce_nonce === true)).toBe(true);
    // Another day's nonce is a new post.
    const nextDay = await deliver()({ channelId }, post(), { ...opts, nonce: 'discord-resend-test-2' });
    expect(nextDay.ok && nextDay.messageId).not.toBe(first.ok && first.messageId);
  });

  it('maps 403 Missing Permissions (50013) to permission and 404 Unknown Channel (10003) to missing-channel', async () => {
    const forbidden = snowflake();
    h.fake.channels.add(forbidden);
    h.fake.forbidden.add(forbidden);
    const opts = { nonce: 'discord-errors', locale: 'en' as const, maybeSent: false };
    const denied = await deliver()({ channelId: forbidden }, post(), opts);
    expect(denied).toMatchObject({ ok: false, kind: 'permission' });
    expect(!denied.ok && denied.detail).toContain('50013');
    const gone = await deliver()({ channelId: snowflake() }, post(), opts);
    expect(gone).toMatchObject({ ok: false, kind: 'missing-channel' });
    expect(!gone.ok && gone.detail).toContain('10003');
    expect(h.logs.some((l) => l.level >= 50)).toBe(false);
  });

  it('a permission failure from the scheduler pauses the subscription, shown in /daily status', async () => {
    h.fake.forbidden.add(h.fake.channelId);
    try {
      now = Date.parse('2026-03-11T09:00:01Z');
      const outcomes = await daily.scheduler.tick();
      expect(outcomes).toEqual([{ status: 'paused', reason: 'permission' }]);
      const cb = await h.fake.callbackFor(h.fake.slash('daily', sub('status')).id);
      expect(texts(cb.body.data)).toContain('Wattson is not allowed to post here');
    } finally {
      h.fake.forbidden.delete(h.fake.channelId);
    }
  });
});
