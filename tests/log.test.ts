import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/log.js';
import { REDACTED } from '../src/log-scrub.js';

/**
 * Secrets never reach a log line: by shape and by configured value, wherever they sit in the
 * line (messages, error messages, nested bodies), through the real pino logger `npm start` uses.
 */

function capture(secrets: string[] = []) {
  const lines: string[] = [];
  const log = createLogger('debug', { secrets, destination: { write: (line: string) => void lines.push(line) } });
  return { log, lines, parsed: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

/** A Discord bot token as Discord makes them: base64 of the bot's id, a timestamp part, an HMAC part. */
function discordToken(): string {
  return `${Buffer.from('1234567890123456789').toString('base64url')}.${randomBytes(5).toString('base64url').slice(0, 6)}.${randomBytes(27).toString('base64url')}`;
}

const SLACK_TOKENS = [
  'xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOpQrStUvWx',
  'xoxp-1111-2222-3333-abcdef0123456789',
  'xapp-1-A0123456789-1234567890123-0123abcd',
  'xoxe.xoxp-1-Mi0yLTEyMzQ1',
  'xoxa-2-abc',
  'xoxs-legacy-42',
];

describe('log scrubbing', () => {
  it('scrubs Slack tokens, bearer and bot authorizations and Discord tokens inside messages, error messages and nested bodies', () => {
    const { log, lines, parsed } = capture();
    const discord = discordToken();
    for (const t of SLACK_TOKENS) log.info(`calling with ${t} now`);
    log.error(
      { err: Object.assign(new Error('An API error occurred: echo Authorization: Bearer xoxb-99-88-secretvalue'), { data: { headers: { Authorization: 'Bearer sk-anything-at-all' } } }) },
      'slack listener failed',
    );
    log.warn({ response: { body: `{"authorization":"Bot ${discord}"}` } }, 'discord said 401');
    log.warn(`token on its own line:\n${discord}\tand after a tab`);
    log.info({ url: 'http://127.0.0.1/api/v10/interactions/1234567890123456789/aW50ZXJhY3Rpb246MTIzOmFiYw/callback', respond: 'https://hooks.slack.com/commands/T0001/1234/AbCdEf123' }, 'posting');
    const all = lines.join('');
    for (const t of [...SLACK_TOKENS, 'secretvalue', 'sk-anything-at-all', discord, 'aW50ZXJhY3Rpb246MTIzOmFiYw', 'AbCdEf123']) expect(all).not.toContain(t);
    // Each line is still JSON, and says what was there.
    const out = parsed();
    expect(out[0]!['msg']).toBe(`calling with xoxb-${REDACTED} now`);
    expect(out[3]!['msg']).toBe(`calling with xoxe.xoxp-${REDACTED} now`);
    expect((out[6]!['err'] as { message: string }).message).toBe(`An API error occurred: echo Authorization: Bearer ${REDACTED}`);
    expect(JSON.stringify(out[7])).toContain(`Bot ${REDACTED}`);
    expect(out[8]!['msg']).toBe(`token on its own line:\n${REDACTED}\tand after a tab`);
    expect(out[9]!['url']).toBe(`http://127.0.0.1/api/v10/interactions/1234567890123456789/${REDACTED}/callback`);
    expect(out[9]!['respond']).toBe(`https://hooks.slack.com/commands/${REDACTED}`);
  });

  it("scrubs the configured secrets' values, whatever they look like, JSON escapes included", () => {
    const signingSecret = '8f14e45fceea167a5a36dedd4bea2543';
    const odd = 'pa"ss\\word with spaces';
    const { log, lines, parsed } = capture([signingSecret, odd, '', undefined as unknown as string]);
    log.info(`computed with ${signingSecret}`);
    log.error({ err: new Error(`bad secret ${odd}`) }, 'failed');
    log.info({ nested: { deep: { value: `${signingSecret}${signingSecret}` } } }, 'deep');
    expect(lines.join('')).not.toContain(signingSecret);
    expect(lines.join('')).not.toContain(JSON.stringify(odd).slice(1, -1));
    const out = parsed();
    expect(out[0]!['msg']).toBe(`computed with ${REDACTED}`);
    expect((out[1]!['err'] as { message: string }).message).toBe(`bad secret ${REDACTED}`);
    expect(JSON.stringify(out[2])).toContain(`${REDACTED}${REDACTED}`);
  });

  it("scrubs an OAuth redirect's code and state, and oauth.v2.access's code and client secret as the Web API client logs them", () => {
    const { log, lines, parsed } = capture();
    log.info({ url: '/slack/oauth_redirect?code=123.456.abcdef&state=eyJhbGciOi.eyJpbnN0YWxs.c2lnbmF0dXJl' }, 'redirect');
    log.debug(`http request body: ${JSON.stringify({ code: '123.456.abcdef', client_id: '111.222', client_secret: 'cafebabe0123' })}`);
    const all = lines.join('');
    for (const t of ['123.456.abcdef', 'eyJpbnN0YWxs', 'cafebabe0123']) expect(all).not.toContain(t);
    const out = parsed();
    expect(out[0]!['url']).toBe(`/slack/oauth_redirect?code=${REDACTED}&state=${REDACTED}`);
    expect(out[1]!['msg']).toBe(`http request body: {"code":"${REDACTED}","client_id":"111.222","client_secret":"${REDACTED}"}`);
  });

  it('leaves ordinary text alone', () => {
    const { log, parsed } = capture();
    const ordinary = [
      'Bot ready.',
      'discord bot started; Bot 1 of 2',
      'Slack listening on /slack/events',
      'signature v0=5d41402abc4b2a76b9719d911017c592 rejected',
      'fact helion-msft-50mw-2028 at https://sv101.fireside.fm/155',
      '@slack:bolt/5.1.0 @slack:web-api/8.2.0 node/20.20.2 v1.2.3',
      'a bot token starting with xoxb-',
      'error code=slack_oauth_missing_state, state of the art',
      'abcdefghijklmnopqrstuvwxyz.abcd.abcdefghijklmnopqrstuvwxyz0123',
    ];
    for (const m of ordinary) log.info(m);
    expect(parsed().map((l) => l['msg'])).toEqual(ordinary);
  });
});

describe('the logger before pino loads', () => {
  it('answers isLevelEnabled as pino itself does, unknown level names included', async () => {
    const { pino } = await import('pino');
    for (const level of ['trace', 'info', 'warn', 'fatal']) {
      const ours = createLogger(level, { destination: { write: () => {} } });
      const theirs = pino({ level }, { write: () => {} });
      for (const asked of ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'verbose', 'nope']) expect(ours.isLevelEnabled(asked), `${level} / ${asked}`).toBe(theirs.isLevelEnabled(asked));
    }
  });
});
