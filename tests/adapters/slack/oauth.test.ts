import oauth from '@slack/oauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOT_SCOPES } from '../../../src/adapters/slack/manifest.js';
import { STATE_TTL_S } from '../../../src/adapters/slack/oauth.js';
import { dailyPost } from '../../../src/daily/post-reply.js';
import { commandBody, eventBody, postToApp, SIGNING_SECRET, workspace } from './fake-slack.js';
import { CLIENT_SECRET, decodeHtml, install, type OAuthHarness, STATE_SECRET, startOAuth } from './oauth-setup.js';

/**
 * Slack OAuth distribution against a fake Slack: "Add to Slack", the redirect back, two
 * workspaces each answered and posted to with their own token, reinstall, uninstall and
 * revoked tokens (installation gone, daily subscriptions paused with the reason), and the
 * redirect's state refused when forged, replayed, missing, expired or from another browser.
 */

let h: OAuthHarness;
const acme = workspace('T0ACME', 'Acme <Ops> & Co');
const beta = workspace('T0BETA', 'Beta');

beforeAll(async () => {
  h = await startOAuth();
});
afterAll(async () => {
  await h?.stop();
});

const bearerOf = (c: { headers: Record<string, unknown> }) => String(c.headers['authorization'] ?? '').replace(/^Bearer /, '');

describe('Slack OAuth: installing', () => {
  it('serves the "Add to Slack" page: Slack\'s authorize URL with the client id, every bot scope and a state also set as a cookie', async () => {
    const res = await fetch(`${h.base}/slack/install`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^slack-app-oauth-state=[^;]+; Secure; HttpOnly; Path=\/; Max-Age=600$/);
    const html = await res.text();
    expect(html).not.toMatch(/<img|<script|src=/);
    const url = new URL(decodeHtml(/id="add-to-slack" href="([^"]+)"/.exec(html)![1]!));
    expect(`${url.origin}${url.pathname}`).toBe(`http://127.0.0.1:${h.fake.port}/oauth/v2/authorize`);
    expect(url.searchParams.get('client_id')).toBe('1111111111.2222222222');
    expect(url.searchParams.get('scope')?.split(',')).toEqual(Object.keys(BOT_SCOPES));
    expect(url.searchParams.get('state')).toBe(cookie.split(';')[0]!.split('=')[1]);
  });

  it('completes an install: the code exchanged once, the installation stored with its token, scopes and installer, the team name escaped', async () => {
    const done = await install(h, acme);
    expect(done.status).toBe(200);
    expect(done.html).toContain('Wattson is installed in Acme &lt;Ops&gt; &amp; Co');
    expect(h.fake.callsTo('/api/oauth.v2.access')).toHaveLength(1);
    const stored = await h.installations.find({ teamId: 'T0ACME', isEnterpriseInstall: false });
    expect(stored).toMatchObject({
      teamId: 'T0ACME',
      isEnterpriseInstall: false,
      botToken: h.fake.tokensOf('T0ACME')[0],
      botUserId: acme.botUserId,
      botId: acme.botId,
      installerUserId: acme.installerId,
      scopes: Object.keys(BOT_SCOPES),
    });
    expect(JSON.parse(stored!.raw).bot.token).toBe(stored!.botToken);
  });

  it('answers two workspaces, each with its own token: slash commands, users.info and mentions', async () => {
    expect((await install(h, beta)).status).toBe(200);
    const [acmeToken] = h.fake.tokensOf('T0ACME');
    const [betaToken] = h.fake.tokensOf('T0BETA');
    for (const [team, user, token] of [
      ['T0ACME', 'U0ANNA', acmeToken],
      ['T0BETA', 'U0BOB', betaToken],
    ] as const) {
      const res = await postToApp(h.adapter.port!, commandBody({ team_id: team, user_id: user, text: 'convert 5 MW to kW' }));
      expect(res.status).toBe(200);
      expect(res.json()['text']).toBe('5 MW = 5,000 kW');
      const info = await h.fake.waitFor('/api/users.info', (c) => c.body['user'] === user);
      expect(bearerOf(info)).toBe(token);
    }
    const mention = eventBody({ type: 'app_mention', user: 'U0BOB', text: `<@${beta.botUserId}> about`, channel: 'C0BETA', ts: '1700000000.000100' }, undefined, 'T0BETA', beta.botUserId);
    expect((await postToApp(h.adapter.port!, mention, { contentType: 'application/json' })).status).toBe(200);
    const posted = await h.fake.waitFor('/api/chat.postMessage', (c) => c.body['channel'] === 'C0BETA');
    expect(bearerOf(posted)).toBe(betaToken);
  });

  it('a reinstall replaces the token, and answers use the new one', async () => {
    expect((await install(h, acme)).status).toBe(200);
    const tokens = h.fake.tokensOf('T0ACME');
    expect(tokens).toHaveLength(2);
    expect((await h.installations.find({ teamId: 'T0ACME', isEnterpriseInstall: false }))?.botToken).toBe(tokens[1]);
    const mention = eventBody({ type: 'app_mention', user: 'U0ANNA', text: `<@${acme.botUserId}> about`, channel: 'C0ACME2', ts: '1700000000.000200' }, undefined, 'T0ACME', acme.botUserId);
    await postToApp(h.adapter.port!, mention, { contentType: 'application/json' });
    expect(bearerOf(await h.fake.waitFor('/api/chat.postMessage', (c) => c.body['channel'] === 'C0ACME2'))).toBe(tokens[1]);
    expect(h.lines.join('\n')).toContain('Slack workspace reinstalled Wattson');
  });

  it("posts each workspace's daily fact with that workspace's token", async () => {
    const reply = post();
    for (const [team, channel] of [
      ['T0ACME', 'C0DAILYA'],
      ['T0BETA', 'C0DAILYB'],
    ] as const) {
      const result = await h.adapter.deliver!({ channelId: channel, spaceId: team }, reply, { nonce: `n-${channel}`, locale: 'en', maybeSent: false });
      expect(result.ok).toBe(true);
      const posted = await h.fake.waitFor('/api/chat.postMessage', (c) => c.body['channel'] === channel);
      expect(bearerOf(posted)).toBe(h.fake.tokensOf(team).at(-1));
    }
    expect(await h.adapter.deliver!({ channelId: 'C0X', spaceId: 'T0NOBODY' }, reply, { nonce: 'n-x', locale: 'en', maybeSent: false })).toMatchObject({ ok: false, kind: 'removed' });
  });

  it('answers nothing for a workspace that never installed (Bolt acks, no token is used)', async () => {
    const before = h.fake.calls.length;
    const res = await postToApp(h.adapter.port!, commandBody({ team_id: 'T0NOBODY', user_id: 'U0X', text: 'about' }));
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    expect(h.fake.calls.slice(before)).toEqual([]);
  });
});

describe('Slack OAuth: leaving', () => {
  it("app_uninstalled deletes the installation and pauses only that workspace's daily subscriptions, with the reason", async () => {
    const svc = h.daily.service;
    await svc.subscribe({ platform: 'slack', channelId: 'C0SUBA', spaceId: 'T0ACME', userId: 'U0ANNA', locale: 'en' });
    await svc.subscribe({ platform: 'slack', channelId: 'C0SUBB', spaceId: 'T0BETA', userId: 'U0BOB', locale: 'en' });
    const body = eventBody({ type: 'app_uninstalled' }, undefined, 'T0ACME', acme.botUserId);
    expect((await postToApp(h.adapter.port!, body, { contentType: 'application/json' })).status).toBe(200);
    await until(async () => (await h.installations.find({ teamId: 'T0ACME', isEnterpriseInstall: false })) === undefined);
    const a = await svc.status({ platform: 'slack', channelId: 'C0SUBA' });
    expect(a?.sub.pausedReason).toBe('uninstalled');
    expect(a?.sub.lastError).toContain('app_uninstalled');
    expect((await svc.status({ platform: 'slack', channelId: 'C0SUBB' }))?.sub.pausedReason).toBeNull();
    // No answer, and no post, with the dead token.
    const res = await postToApp(h.adapter.port!, commandBody({ team_id: 'T0ACME', user_id: 'U0ANNA', text: 'about' }));
    expect(res.text).toBe('');
    expect(await h.adapter.deliver!({ channelId: 'C0SUBA', spaceId: 'T0ACME' }, post(), { nonce: 'n-a', locale: 'en', maybeSent: false })).toMatchObject({ ok: false, kind: 'removed' });
  });

  it('tokens_revoked for the bot does the same; one for user tokens only changes nothing', async () => {
    const userOnly = eventBody({ type: 'tokens_revoked', tokens: { oauth: ['U0BOB'] } }, undefined, 'T0BETA', beta.botUserId);
    expect((await postToApp(h.adapter.port!, userOnly, { contentType: 'application/json' })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 50));
    expect(await h.installations.find({ teamId: 'T0BETA', isEnterpriseInstall: false })).toBeDefined();
    h.fake.revoked.add(h.fake.tokensOf('T0BETA').at(-1)!);
    const bot = eventBody({ type: 'tokens_revoked', tokens: { bot: [beta.botUserId] } }, undefined, 'T0BETA', beta.botUserId);
    expect((await postToApp(h.adapter.port!, bot, { contentType: 'application/json' })).status).toBe(200);
    await until(async () => (await h.installations.find({ teamId: 'T0BETA', isEnterpriseInstall: false })) === undefined);
    const b = await h.daily.service.status({ platform: 'slack', channelId: 'C0SUBB' });
    expect(b?.sub.pausedReason).toBe('tokens-revoked');
    expect(b?.sub.lastError).toContain('tokens_revoked');
  });

  it('installing again works, and /wattson daily subscribe resumes the channel', async () => {
    expect((await install(h, beta)).status).toBe(200);
    expect(h.fake.tokensOf('T0BETA')).toHaveLength(2);
    const res = await postToApp(h.adapter.port!, commandBody({ team_id: 'T0BETA', user_id: 'U0BOB', text: 'convert 1 GW to MW' }));
    expect(res.json()['text']).toBe('1 GW = 1,000 MW');
  });
});

describe('Slack OAuth: the redirect is protected by its state', () => {
  async function attempt(query: Record<string, string>, cookie?: string) {
    const before = h.fake.callsTo('/api/oauth.v2.access').length;
    const url = new URL(`${h.base}/slack/oauth_redirect`);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    const res = await fetch(url, { headers: cookie ? { cookie } : {} });
    return { status: res.status, html: await res.text(), exchanged: h.fake.callsTo('/api/oauth.v2.access').length - before };
  }
  const fresh = async () => {
    h.fake.nextWorkspace = workspace('T0GAMMA', 'Gamma');
    const page = await fetch(`${h.base}/slack/install`);
    const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0]!;
    const href = decodeHtml(/id="add-to-slack" href="([^"]+)"/.exec(await page.text())![1]!);
    const redirect = new URL(decodeHtml(/id="allow" href="([^"]+)"/.exec(await (await fetch(href)).text())![1]!));
    return { cookie, code: redirect.searchParams.get('code')!, state: redirect.searchParams.get('state')! };
  };

  it('refuses a missing state, a forged one, one signed with another secret and an expired one: 400, no code exchanged', async () => {
    const { code, state } = await fresh();
    const store = new oauth.ClearStateStore('another-secret-that-is-long-enough-0000', STATE_TTL_S);
    const otherSecret = await store.generateStateParam({ scopes: [] }, new Date());
    const expired = await new oauth.ClearStateStore(STATE_SECRET, STATE_TTL_S).generateStateParam({ scopes: [] }, new Date(Date.now() - (STATE_TTL_S + 60) * 1000));
    const forged = `${state.split('.').slice(0, 2).join('.')}.${'A'.repeat(43)}`;
    for (const [name, q, cookie] of [
      ['missing', { code }, `slack-app-oauth-state=${state}`],
      ['forged', { code, state: forged }, `slack-app-oauth-state=${forged}`],
      ['another secret', { code, state: otherSecret }, `slack-app-oauth-state=${otherSecret}`],
      ['expired', { code, state: expired }, `slack-app-oauth-state=${expired}`],
      ['no cookie (another browser)', { code, state }, undefined],
      ['another browser’s cookie', { code, state }, `slack-app-oauth-state=${otherSecret}`],
    ] as const) {
      const r = await attempt(q, cookie);
      expect(r.status, name).toBe(400);
      expect(r.html, name).toContain('Wattson was not installed');
      expect(r.exchanged, name).toBe(0);
    }
    expect(await h.installations.find({ teamId: 'T0GAMMA', isEnterpriseInstall: false })).toBeUndefined();
  });

  it('serves a state once: the same redirect replayed is refused before its code is exchanged again', async () => {
    const { cookie, code, state } = await fresh();
    const first = await attempt({ code, state }, cookie);
    expect(first.status).toBe(200);
    expect(first.exchanged).toBe(1);
    const again = await attempt({ code, state }, cookie);
    expect(again.status).toBe(400);
    expect(again.html).toContain('slack_oauth_invalid_state');
    expect(again.exchanged).toBe(0);
  });

  it("answers Cancel on Slack's page (access_denied) with the failure page", async () => {
    const { cookie, state } = await fresh();
    const r = await attempt({ error: 'access_denied', state }, cookie);
    expect(r.status).toBe(400);
    expect(r.html).toContain('Wattson was not installed');
  });

  it('keeps /slack/events signed: unsigned or wrongly signed is 401, other methods on the OAuth paths 404', async () => {
    expect((await postToApp(h.adapter.port!, commandBody({ team_id: 'T0BETA', text: 'about' }), { signature: null })).status).toBe(401);
    expect((await postToApp(h.adapter.port!, commandBody({ team_id: 'T0BETA', text: 'about' }), { secret: 'not-it' })).status).toBe(401);
    expect((await fetch(`${h.base}/slack/install`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(`${h.base}/slack/events`)).status).toBe(404);
  });

  it('logged no token, code, client secret or state secret, at debug level', () => {
    const all = h.lines.join('\n');
    for (const t of h.fake.issued.keys()) expect(all).not.toContain(t.slice(5));
    expect(all).not.toContain(CLIENT_SECRET);
    expect(all).not.toContain(STATE_SECRET);
    expect(all).not.toContain(SIGNING_SECRET);
    for (const c of h.fake.callsTo('/api/oauth.v2.access')) expect(all).not.toContain(String(c.body['code']));
    expect(all).toContain('oauth.v2.access');
    // Refused redirects are warnings (anyone can send one), not errors with stacks.
    expect(all).toContain('Rejected a request with 400: an OAuth redirect (slack_oauth_missing_state)');
    expect(h.lines.filter((l) => l.includes('"level":50') && l.includes('slack_oauth_'))).toEqual([]);
  });
});

async function until(ok: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await ok()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('condition not met in 2 s');
}

function post() {
  return dailyPost({ factId: h.rt.store.facts[0]!.id, number: 1, total: h.rt.store.facts.length }, { ...h.rt, locale: 'en' });
}
