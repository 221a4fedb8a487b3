import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, secretValues, slackMode } from '../src/config.js';

/**
 * The settings that choose a mode: Discord's gateway or HTTP interactions, Slack's Socket Mode,
 * HTTP or OAuth distribution. Each mixed or missing setting is one error naming the variable,
 * and no error ever carries a secret's value.
 */

const APP = '123456789012345678';
const KEY = 'ab'.repeat(32);
const OAUTH = { SLACK_CLIENT_ID: '1111.2222', SLACK_CLIENT_SECRET: 'client-secret-value', SLACK_STATE_SECRET: 's'.repeat(40), SLACK_SIGNING_SECRET: 'signing-secret-value' };

function refusal(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('accepted');
}

describe('settings that choose the mode', () => {
  it('picks Discord over HTTP with a public key and no token, and says it listens', () => {
    const c = loadConfig({ DISCORD_APPLICATION_ID: APP, DISCORD_PUBLIC_KEY: KEY });
    expect(c.platforms).toEqual(['discord-http']);
    expect(c.http).toBe(true);
    expect(loadConfig({ DISCORD_APPLICATION_ID: APP, DISCORD_TOKEN: 'x.y.z' })).toMatchObject({ platforms: ['discord'], http: false });
  });

  it('picks Slack OAuth with the three OAuth settings and a signing secret, one HTTP server with Discord over HTTP', () => {
    const c = loadConfig({ ...OAUTH, DISCORD_APPLICATION_ID: APP, DISCORD_PUBLIC_KEY: KEY });
    expect(slackMode(c.env)).toBe('oauth');
    expect(c.platforms).toEqual(['discord-http', 'slack']);
    expect(c.http).toBe(true);
    expect(slackMode(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }).env)).toBe('socket');
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }).http).toBe(false);
    expect(slackMode(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'x' }).env)).toBe('http');
  });

  it('names the variable for each mixed or missing setting', () => {
    expect(refusal({ DISCORD_PUBLIC_KEY: KEY })).toContain('DISCORD_APPLICATION_ID: required with DISCORD_PUBLIC_KEY');
    expect(refusal({ DISCORD_PUBLIC_KEY: KEY, DISCORD_APPLICATION_ID: APP, DISCORD_TOKEN: 'x.y.z' })).toContain('DISCORD_PUBLIC_KEY: Discord over HTTP');
    expect(refusal({ DISCORD_PUBLIC_KEY: 'not-hex', DISCORD_APPLICATION_ID: APP })).toContain('DISCORD_PUBLIC_KEY: the Public Key');
    expect(refusal({ ...OAUTH, SLACK_STATE_SECRET: '', SLACK_CLIENT_SECRET: 'x' })).toContain('SLACK_STATE_SECRET: required with SLACK_CLIENT_ID and SLACK_CLIENT_SECRET');
    expect(refusal({ ...OAUTH, SLACK_BOT_TOKEN: 'xoxb-1' })).toContain('SLACK_BOT_TOKEN: OAuth distribution');
    expect(refusal({ ...OAUTH, SLACK_APP_TOKEN: 'xapp-1' })).toContain('SLACK_APP_TOKEN: OAuth distribution runs over HTTP');
    expect(refusal({ ...OAUTH, SLACK_SIGNING_SECRET: '' })).toContain('SLACK_SIGNING_SECRET: required with SLACK_CLIENT_ID');
    expect(refusal({ ...OAUTH, SLACK_CLIENT_ID: 'abc' })).toContain('SLACK_CLIENT_ID: the Client ID');
  });

  it('never echoes a secret, and lets the logger scrub the new ones', () => {
    const short = 'tooshort-state-secret';
    const m = refusal({ ...OAUTH, SLACK_STATE_SECRET: short });
    expect(m).toContain('SLACK_STATE_SECRET: at least 32 random characters');
    expect(m).not.toContain(short);
    expect(m).not.toContain(OAUTH.SLACK_CLIENT_SECRET);
    expect(secretValues(loadConfig(OAUTH).env)).toEqual(expect.arrayContaining([OAUTH.SLACK_CLIENT_SECRET, OAUTH.SLACK_STATE_SECRET, OAUTH.SLACK_SIGNING_SECRET]));
  });
});

describe('DISCORD_GLOBAL_RATE', () => {
  it("is Discord's 50 a second by default, a process's share when set, and refused outside 1–50", async () => {
    const { clientOptions } = await import('../src/adapters/discord/index.js');
    expect(clientOptions(loadConfig({}).env).rest?.globalRequestsPerSecond).toBe(50);
    expect(clientOptions(loadConfig({ DISCORD_GLOBAL_RATE: '17' }).env).rest?.globalRequestsPerSecond).toBe(17);
    expect(refusal({ DISCORD_GLOBAL_RATE: '0' })).toContain('DISCORD_GLOBAL_RATE');
    expect(refusal({ DISCORD_GLOBAL_RATE: '51' })).toContain('DISCORD_GLOBAL_RATE');
  });
});
