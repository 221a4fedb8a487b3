import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAILY_EVENT_TYPE } from '../../../src/adapters/slack/daily-deliver.js';
import { type SlackAdapter, startSlack } from '../../../src/adapters/slack/index.js';
import { createDaily, type Daily } from '../../../src/daily/index.js';
import { dailyPost } from '../../../src/daily/post-reply.js';
import { createPoster } from '../../../src/daily/poster.js';
import { localDate } from '../../../src/daily/schedule.js';
import type { Runtime } from '../../../src/dispatch/execute.js';
import { withServices } from '../../../src/dispatch/runtime.js';
import { allTexts, commandBody, FakeSlack, postToApp } from './fake-slack.js';
import { httpEnv, testRuntime } from './setup.js';

/** /wattson daily through the real Bolt App, and the Slack Deliver against the fake Web API. */

const fake = new FakeSlack();
fake.admins.add('U0ADM');
fake.owners.add('U0OWN');
const dir = mkdtempSync(join(tmpdir(), 'wattson-slack-daily-'));
let daily: Daily;
let rt: Runtime;
let app: SlackAdapter;

beforeAll(async () => {
  await fake.start();
  const base = testRuntime().rt;
  daily = createDaily({ path: join(dir, 'daily.db'), rt: base });
  rt = withServices(base, { daily: daily.service });
  app = await startSlack(rt, httpEnv(fake), { host: '127.0.0.1' });
});

afterAll(async () => {
  await app?.stop();
  await daily?.stop();
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

const slash = (text: string, fields: Record<string, string> = {}) => postToApp(app.port!, commandBody({ text, ...fields }));
const sub = (channelId: string) => daily.store.subscription('slack', channelId);

describe('/wattson daily over HTTP', () => {
  it('lets a workspace admin subscribe a channel, recording the team for delivery', async () => {
    const res = (await slash('daily subscribe 9am America/New_York', { user_id: 'U0ADM', channel_id: 'C0ADM' })).json();
    expect(res['response_type']).toBe('in_channel');
    expect(allTexts(res).join('\n')).toContain('Daily fact: subscribed');
    expect(await sub('C0ADM')).toMatchObject({ active: true, time: '09:00', timezone: 'America/New_York', spaceId: 'T0FAKE', createdBy: 'U0ADM' });
  });

  it('lets a workspace owner subscribe too', async () => {
    const res = (await slash('daily subscribe', { user_id: 'U0OWN', channel_id: 'C0OWN' })).json();
    expect(res['response_type']).toBe('in_channel');
    expect((await sub('C0OWN'))?.active).toBe(true);
  });

  it('refuses a member who is not an admin, privately, and subscribes nothing', async () => {
    const res = (await slash('daily subscribe 21:30 Asia/Shanghai', { user_id: 'U0ANN', channel_id: 'C0ANN' })).json();
    expect(res['response_type']).toBe('ephemeral');
    expect(allTexts(res).join('\n')).toContain('Only people who can manage this channel can subscribe it');
    expect(await sub('C0ANN')).toBeUndefined();
    const stop = (await slash('daily unsubscribe', { user_id: 'U0ANN', channel_id: 'C0ADM' })).json();
    expect(stop['response_type']).toBe('ephemeral');
    expect((await sub('C0ADM'))?.active).toBe(true);
  });

  it('shows anyone the status, and asks users.info once per user for both language and role', async () => {
    const res = (await slash('daily status', { user_id: 'U0ANN', channel_id: 'C0ADM' })).json();
    expect(allTexts(res).join('\n')).toContain('Daily fact: status');
    await slash('daily status', { user_id: 'U0ADM', channel_id: 'C0ADM' });
    expect(fake.callsTo('/api/users.info').filter((c) => c.body['user'] === 'U0ADM')).toHaveLength(1);
    expect(fake.callsTo('/api/users.info').filter((c) => c.body['user'] === 'U0ANN')).toHaveLength(1);
  });
});

describe('the Slack Deliver', () => {
  const post = () => dailyPost({ factId: rt.store.facts[0]!.id, number: 3, total: rt.store.facts.length }, { ...rt, locale: 'en' });
  const posts = (channel: string) => fake.callsTo('/api/chat.postMessage').filter((c) => c.body['channel'] === channel);
  const histories = (channel: string) => fake.callsTo('/api/conversations.history').filter((c) => c.body['channel'] === channel);

  it('posts with chat.postMessage: Block Kit, fallback text and the nonce as metadata', async () => {
    const result = await app.deliver!({ channelId: 'C0D1', spaceId: 'T0FAKE' }, post(), { nonce: 'n-one', locale: 'en', maybeSent: false });
    const [call] = posts('C0D1');
    expect(call).toBeDefined();
    expect(result).toEqual({ ok: true, messageId: fake.history.get('C0D1')![0]!.ts });
    expect(call!.body['metadata']).toEqual({ event_type: DAILY_EVENT_TYPE, event_payload: { nonce: 'n-one' } });
    expect(call!.body['text']).toEqual(expect.any(String));
    const blocks = call!.body['blocks'] as { type: string }[];
    expect(blocks[0]!.type).toBe('header');
    expect(allTexts(blocks).join('\n')).toContain(`Fact 3 of ${rt.store.facts.length}`);
    // Commands in the post are the form a Slack user can type.
    expect(allTexts(blocks).join('\n')).not.toMatch(/(^|[\s(])\/fact /);
    expect(histories('C0D1')).toHaveLength(0);
  });

  it('after a possible earlier send, finds the message carrying the nonce and does not post again', async () => {
    const first = await app.deliver!({ channelId: 'C0D2' }, post(), { nonce: 'n-two', locale: 'en', maybeSent: false });
    // Others talk in the channel after the post.
    for (let i = 0; i < 5; i++) fake.history.get('C0D2')!.push({ type: 'message', ts: `9${i}.0`, text: 'chatter' });
    const again = await app.deliver!({ channelId: 'C0D2' }, post(), { nonce: 'n-two', locale: 'en', maybeSent: true });
    expect(first.ok && again).toEqual(first);
    expect(posts('C0D2')).toHaveLength(1);
    const [lookup] = histories('C0D2');
    expect(lookup!.body).toMatchObject({ include_all_metadata: 'true', limit: '50' });
  });

  it('posts when the recent history holds no message with this nonce', async () => {
    await app.deliver!({ channelId: 'C0D3' }, post(), { nonce: 'yesterday', locale: 'en', maybeSent: false });
    const today = await app.deliver!({ channelId: 'C0D3' }, post(), { nonce: 'today', locale: 'en', maybeSent: true });
    expect(today.ok).toBe(true);
    expect(posts('C0D3').map((c) => (c.body['metadata'] as { event_payload: { nonce: string } }).event_payload.nonce)).toEqual(['yesterday', 'today']);
  });

  const failures: [string, Parameters<FakeSlack['script']>[1], Record<string, unknown>][] = [
    ['429 with Retry-After', { status: 429, body: { ok: false, error: 'ratelimited' }, headers: { 'retry-after': '7' } }, { kind: 'rate-limited', retryAfterMs: 7000 }],
    ['not_in_channel', { body: { ok: false, error: 'not_in_channel' } }, { kind: 'permission' }],
    ['channel_not_found', { body: { ok: false, error: 'channel_not_found' } }, { kind: 'missing-channel' }],
    ['is_archived', { body: { ok: false, error: 'is_archived' } }, { kind: 'archived' }],
    ['missing_scope', { body: { ok: false, error: 'missing_scope', needed: 'chat:write' } }, { kind: 'permission' }],
    ['restricted_action', { body: { ok: false, error: 'restricted_action' } }, { kind: 'permission' }],
    ['not_allowed_token_type', { body: { ok: false, error: 'not_allowed_token_type' } }, { kind: 'permission' }],
    ['account_inactive', { body: { ok: false, error: 'account_inactive' } }, { kind: 'removed' }],
    ['token_revoked', { body: { ok: false, error: 'token_revoked' } }, { kind: 'removed' }],
    ['invalid_auth', { body: { ok: false, error: 'invalid_auth' } }, { kind: 'removed' }],
    ['HTTP 503', { status: 503, body: { ok: false } }, { kind: 'transient' }],
    ['a connection cut without an answer', { hangUp: true }, { kind: 'transient' }],
    ['an unknown Slack error', { body: { ok: false, error: 'fatal_error' } }, { kind: 'transient' }],
  ];

  it.each(failures)('maps %s from chat.postMessage, calling it exactly once', async (_name, answer, expected) => {
    const channel = `C0E${Math.random().toString(36).slice(2, 8)}`;
    fake.script('/api/chat.postMessage', answer);
    const result = await app.deliver!({ channelId: channel }, post(), { nonce: 'n-err', locale: 'en', maybeSent: false });
    expect(result).toMatchObject({ ok: false, ...expected });
    if (expected['kind'] !== 'rate-limited') expect(result).not.toHaveProperty('retryAfterMs');
    expect((result as { detail?: string }).detail).toMatch(/^chat\.postMessage: /);
    // No retry inside the client: a 5xx may still have posted, and only the nonce lookup may decide.
    expect(posts(channel)).toHaveLength(1);
  });

  it('reports a failed nonce lookup instead of posting blind', async () => {
    fake.script('/api/conversations.history', { body: { ok: false, error: 'missing_scope', needed: 'channels:history' } });
    const result = await app.deliver!({ channelId: 'C0D4' }, post(), { nonce: 'n-four', locale: 'en', maybeSent: true });
    expect(result).toMatchObject({ ok: false, kind: 'permission', detail: 'conversations.history: missing_scope' });
    fake.script('/api/conversations.history', { status: 500, body: {} });
    expect(await app.deliver!({ channelId: 'C0D4' }, post(), { nonce: 'n-four', locale: 'en', maybeSent: true })).toMatchObject({ ok: false, kind: 'transient' });
    expect(posts('C0D4')).toHaveLength(0);
  });
});

describe('the poster with the Slack Deliver', () => {
  it('posts once when Slack took the first post but its answer was lost', async () => {
    await slash('daily subscribe 9am UTC', { user_id: 'U0ADM', channel_id: 'C0LOST' });
    const poster = createPoster({ store: daily.store, rt, platforms: new Map([['slack', app.deliver!]]), clock: Date.now, backoffBaseMs: 1, backoffMaxMs: 5 });
    fake.script('/api/chat.postMessage', { doneThenHangUp: true });
    const outcome = await poster.post((await sub('C0LOST'))!, localDate(Date.now(), 'UTC'));
    await poster.stop();
    const landed = fake.history.get('C0LOST') ?? [];
    expect(landed).toHaveLength(1);
    expect(outcome).toMatchObject({ status: 'sent', messageId: landed[0]!.ts, attempts: 2 });
    expect(fake.callsTo('/api/chat.postMessage').filter((c) => c.body['channel'] === 'C0LOST')).toHaveLength(1);
    expect(fake.callsTo('/api/conversations.history').filter((c) => c.body['channel'] === 'C0LOST')).toHaveLength(1);
  });
});
