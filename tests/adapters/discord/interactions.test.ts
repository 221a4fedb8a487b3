import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { createDaily, type Daily } from '../../../src/daily/index.js';
import { defineCommand } from '../../../src/dispatch/command.js';
import type { Runtime } from '../../../src/dispatch/execute.js';
import { about } from '../../../src/dispatch/options.js';
import { executeLine } from '../../../src/dispatch/router.js';
import { createRuntime, withServices } from '../../../src/dispatch/runtime.js';
import { errorReply } from '../../../src/replies/build.js';
import { renderDiscord } from '../../../src/replies/discord.js';
import { APP_PERMISSIONS_WITHOUT_EMBEDS, MEMBER_PERMISSIONS_MANAGE_CHANNELS, messageProblems } from './fake-discord.js';
import { capturingLogger } from './harness.js';
import { type HttpHarness, optionsFor, startHttpHarness } from './http-helpers.js';
import { makeSigner, postInteraction, postRaw } from './signer.js';

/**
 * Discord over HTTP, end to end on loopback: requests signed with a generated Ed25519 key as
 * Discord signs them, posted to the real adapter's POST /discord/interactions; deferred answers
 * finished through @discordjs/rest against the fake Discord's webhook routes. No gateway.
 */

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const slow = defineCommand({
  name: 'slow',
  description: { en: 'Answers late', zh: '回答得慢' },
  options: z.object({ fail: z.boolean().optional().meta(about('Answer with a mistake', '答错')) }),
  examples: [{ line: '/slow', description: { en: 'Late', zh: '慢' } }],
  run: async ({ fail }, ctx) => {
    await sleep(150);
    if (fail) return errorReply(ctx.locale, 'slow-mistake', { en: 'That was slow and wrong.', zh: '又慢又错。' }, '/slow');
    return { kind: 'notice', title: 'slow answer', blocks: [{ type: 'text', text: 'worth the wait' }], actions: [], data: {} };
  },
});

let h: HttpHarness;
let daily: Daily;
let rt: Runtime;
const logs: Record<string, any>[] = [];

beforeAll(async () => {
  const base = createRuntime({ log: capturingLogger(logs), random: () => 0 });
  const withSlow = { ...base, commands: [...base.commands, slow] };
  daily = createDaily({ path: join(mkdtempSync(join(tmpdir(), 'wattson-dhttp-')), 'w.db'), rt: withSlow });
  rt = withServices(withSlow, { daily: daily.service });
  h = await startHttpHarness(rt, { deferAfterMs: 60 });
});

afterAll(async () => {
  await h?.stop();
  await daily?.stop();
});

const json = (payload: unknown) => JSON.stringify(payload);
function headers(signed: { 'x-signature-ed25519': string; 'x-signature-timestamp': string }): string[] {
  return ['content-type', 'application/json', 'x-signature-ed25519', signed['x-signature-ed25519'], 'x-signature-timestamp', signed['x-signature-timestamp']];
}

describe('POST /discord/interactions: the signature', () => {
  it('answers a signed PING with {"type":1}', async () => {
    const res = await postInteraction(h.adapter.port, h.signer, { type: 1, id: '1', application_id: h.fake.applicationId, token: 't', version: 1 });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.json()).toEqual({ type: 1 });
  });

  it('refuses, with 401 and nothing run, an unsigned, forged, tampered, stale, future or re-spelled request', async () => {
    const body = json({ type: 1 });
    const now = Math.floor(Date.now() / 1000);
    const good = h.signer.sign(body, now);
    const other = makeSigner().sign(body, now);
    const cases: [string, string | Buffer, string[]][] = [
      ['no headers', body, ['content-type', 'application/json']],
      ['signature only', body, ['x-signature-ed25519', good['x-signature-ed25519']]],
      ['another key', body, headers(other)],
      ['tampered body', json({ type: 1, x: 1 }), headers(good)],
      ['timestamp +1', body, headers({ ...good, 'x-signature-timestamp': String(now + 1) })],
      ['garbage signature', body, headers({ ...good, 'x-signature-ed25519': 'zz'.repeat(64) })],
      ['short signature', body, headers({ ...good, 'x-signature-ed25519': good['x-signature-ed25519'].slice(2) })],
      ['stale: six minutes old', body, headers(h.signer.sign(body, now - 360))],
      ['six minutes ahead', body, headers(h.signer.sign(body, now + 360))],
      ['timestamp 0<ts>', body, headers(h.signer.sign(body, `0${now}`))],
      ['timestamp <ts>.0', body, headers(h.signer.sign(body, `${now}.0`))],
      ['two signatures', body, [...headers(good), 'x-signature-ed25519', good['x-signature-ed25519']]],
    ];
    for (const [name, b, hs] of cases) {
      const res = await postRaw(h.adapter.port, b, hs);
      expect(res.status, name).toBe(401);
      expect(res.text, name).toBe('');
    }
  });

  it('serves a signed request once: the same bytes again are a 401, however the signature is spelled', async () => {
    const payload = h.fake.commandPayload('about');
    const body = json(payload);
    const signed = h.signer.sign(body);
    expect((await postRaw(h.adapter.port, body, headers(signed))).status).toBe(200);
    expect((await postRaw(h.adapter.port, body, headers(signed))).status).toBe(401);
    const upper = { ...signed, 'x-signature-ed25519': signed['x-signature-ed25519'].toUpperCase() };
    expect((await postRaw(h.adapter.port, body, headers(upper))).status).toBe(401);
  });
});

describe('POST /discord/interactions: hostile bodies', () => {
  const signedPost = (body: string | Buffer) => postRaw(h.adapter.port, body, headers(h.signer.sign(body)));

  it('answers malformed, null, wrong-typed and unserved bodies with 400, signed or not', async () => {
    const bodies = [
      'null',
      '[]',
      '1',
      '"x"',
      '{',
      '',
      '{"type":2}',
      '{"type":2,"data":null}',
      '{"type":3,"data":{"custom_id":""}}',
      '{"type":5}',
      '{"type":"1"}',
      json({ ...h.fake.commandPayload('about'), member: undefined, user: undefined }),
    ];
    for (const b of bodies) expect((await signedPost(b)).status, b.slice(0, 40)).toBe(400);
    const invalidUtf8 = Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x7d]);
    expect((await postRaw(h.adapter.port, invalidUtf8, headers(h.signer.sign(invalidUtf8)))).status).toBe(400);
    // Options nested deeper than Discord ever sends (a group, a subcommand, its options) are cut at that depth, not followed.
    const levels = 20_000;
    const deep = `${'{"name":"x","type":2,"options":['.repeat(levels)}${']}'.repeat(levels)}`;
    const payload = json({ ...h.fake.commandPayload('fact'), data: { name: 'fact', options: ['DEEP'] } }).replace('"DEEP"', deep);
    expect((await signedPost(payload)).status).toBe(200);
  });

  it('refuses a body over 1 MB with 413 before reading it, and other methods and paths', async () => {
    const big = Buffer.alloc(1024 * 1024 + 1, 0x20);
    expect((await postRaw(h.adapter.port, big, ['content-type', 'application/json'])).status).toBe(413);
    expect((await postRaw(h.adapter.port, '', [], { method: 'GET' })).status).toBe(405);
    expect((await postRaw(h.adapter.port, '{}', [], { path: '/discord/other' })).status).toBe(404);
    expect((await postRaw(h.adapter.port, '{}', [], { path: '/%zz' })).status).toBe(404);
  });

  it('opened no gateway connection and sent nothing with a bot token', () => {
    expect(h.fake.connections).toEqual([]);
    expect(h.fake.requests.filter((r) => r.path === '/api/v10/gateway/bot' || r.headers.authorization)).toEqual([]);
  });
});

describe('POST /discord/interactions: answers', () => {
  it('answers every example of every command with what the same dispatch and renderer give, within Discord’s limits', async () => {
    let n = 0;
    for (const cmd of rt.commands) {
      if (cmd.name === 'daily' || cmd.name === 'slow') continue;
      for (const ex of cmd.examples) {
        const { name, options } = optionsFor(ex.line, rt);
        const res = await postInteraction(h.adapter.port, h.signer, h.fake.commandPayload(name, options));
        expect(res.status, ex.line).toBe(200);
        const body = res.json();
        expect(body.type, ex.line).toBe(4);
        expect(messageProblems(body.data), ex.line).toEqual([]);
        const expected = renderDiscord((await executeLine(ex.line, 'en', rt)).reply, 'en');
        expect(body.data, ex.line).toEqual(JSON.parse(JSON.stringify(expected)));
        n += 1;
      }
    }
    expect(n).toBeGreaterThan(15);
  });

  it('runs /daily with the member’s Manage Channels from the payload, in the payload’s guild and channel', async () => {
    const sub = optionsFor('/daily subscribe 9am America/New_York', rt);
    const refused = (await postInteraction(h.adapter.port, h.signer, h.fake.commandPayload(sub.name, sub.options))).json();
    expect(refused.data.flags).toBe(64);
    expect(JSON.stringify(refused.data)).toContain('Manage Channel');
    const ok = (await postInteraction(h.adapter.port, h.signer, h.fake.commandPayload(sub.name, sub.options, { memberPermissions: MEMBER_PERMISSIONS_MANAGE_CHANNELS }))).json();
    expect(ok.data.flags ?? 0).toBe(0);
    const status = await daily.service.status({ platform: 'discord', channelId: h.fake.channelId });
    expect(status?.sub).toMatchObject({ spaceId: h.fake.guildId, time: '09:00', timezone: 'America/New_York' });
    const dm = optionsFor('/daily status', rt);
    expect(JSON.stringify((await postInteraction(h.adapter.port, h.signer, h.fake.commandPayload(dm.name, dm.options, { dm: true }))).json())).toContain('Daily facts live in a channel');
  });

  it('answers in Chinese for a zh-CN client, and as text where Embed Links is missing', async () => {
    const zh = (await postInteraction(h.adapter.port, h.signer, h.fake.commandPayload('fact', [{ name: 'id', type: 3, value: 'topics' }], { locale: 'zh-CN' }))).json();
    expect(JSON.stringify(zh.data)).toContain('话题');
    const plain = (await postInteraction(h.adapter.port, h.signer, h.fake.commandPayload('about', [], { appPermissions: APP_PERMISSIONS_WITHOUT_EMBEDS }))).json();
    expect(plain.data.embeds).toBeUndefined();
    expect(plain.data.content).toContain('Silicon Valley 101');
    expect(plain.data.allowed_mentions).toEqual({ parse: [] });
  });

  it('runs a button’s command line for whoever clicked', async () => {
    const res = (await postInteraction(h.adapter.port, h.signer, h.fake.buttonPayload('/fact topics'))).json();
    expect(res.type).toBe(4);
    expect(JSON.stringify(res.data)).toContain('Topics (195 facts)');
  });

  it('answers autocomplete with choices (type 8) for the focused option', async () => {
    const res = (await postInteraction(h.adapter.port, h.signer, h.fake.autocompletePayload('fact', [{ name: 'id', type: 3, value: 'helion', focused: true }]))).json();
    expect(res.type).toBe(8);
    expect(res.data.choices.length).toBeGreaterThan(0);
    expect(res.data.choices.length).toBeLessThanOrEqual(25);
    expect(res.data.choices.some((c: { value: string }) => c.value.startsWith('helion-'))).toBe(true);
    const none = (await postInteraction(h.adapter.port, h.signer, h.fake.autocompletePayload('about', [{ name: 'nothing', type: 3, value: 'x', focused: true }]))).json();
    expect(none).toEqual({ type: 8, data: { choices: [] } });
  });

  it('defers an answer that is not ready within the budget, then edits it in through the webhook', async () => {
    const payload = h.fake.commandPayload('slow');
    h.fake.track(payload, true);
    const res = (await postInteraction(h.adapter.port, h.signer, payload)).json();
    expect(res).toEqual({ type: 5 });
    const edit = await h.fake.waitForRequest((r) => r.method === 'PATCH' && r.path === `/api/v10/webhooks/${h.fake.applicationId}/${payload.token}/messages/%40original`);
    expect(edit.status).toBe(200);
    expect(edit.body.embeds[0].title).toBe('slow answer');
    expect(edit.body.allowed_mentions).toEqual({ parse: [] });
    expect(edit.headers.authorization).toBeUndefined();
  });

  it('sends a deferred mistake privately: the public placeholder deleted, an ephemeral follow-up', async () => {
    const payload = h.fake.commandPayload('slow', [{ name: 'fail', type: 5, value: true }]);
    h.fake.track(payload, true);
    expect((await postInteraction(h.adapter.port, h.signer, payload)).json()).toEqual({ type: 5 });
    const followUp = await h.fake.waitForRequest((r) => r.method === 'POST' && r.path === `/api/v10/webhooks/${h.fake.applicationId}/${payload.token}`);
    expect(followUp.status).toBe(200);
    expect(followUp.body.flags).toBe(64);
    expect(JSON.stringify(followUp.body)).toContain('That was slow and wrong.');
    expect(h.fake.requests.some((r) => r.method === 'DELETE' && r.path.endsWith(`/${payload.token}/messages/%40original`))).toBe(true);
  });

  it('logged no failure', () => {
    expect(logs.filter((l) => l.level >= 50)).toEqual([]);
  });
});
