import escapeStringRegexp from 'escape-string-regexp';
/**
 * Secrets out of log lines, wherever they sit. pino's `redact` removes values by key
 * (`token`, `headers.authorization`), which misses a token inside a string: an upstream error
 * message that echoes the request's `Authorization: Bearer xoxb-…`, a response body logged as
 * text, a URL with an interaction token in its path. This runs on the finished JSON line (pino's
 * `hooks.streamWrite`), so nothing is written that has not passed it.
 *
 * It replaces, keeping enough to say what was there:
 * - Slack tokens: `xoxb-…`, `xoxp-…`, `xoxa-…`, any `xox?-…`, refresh tokens `xoxe.xoxp-…`, `xapp-…`
 * - Discord bot tokens: three base64url parts joined by dots, the first the base64 of a user id
 * - authorization values: `Bearer …`, `Bot …` (a dotted token)
 * - credentials in URLs: Discord interaction and webhook tokens, Slack response_url paths, and
 *   the `code` and `state` of an OAuth redirect (a code is exchanged for a workspace's token)
 * - the literal values of the configured secrets (signing secret, tokens), however they look
 *
 * Every replacement stays inside the JSON string it was in: the patterns stop at `"` and `\`,
 * and a literal secret is matched in its JSON-escaped form, so the line stays valid JSON.
 */

export const REDACTED = '[redacted]';

/**
 * Where a token may start: after anything but a token character or a backslash, or right after
 * a JSON escape (`\n`, `\t`, `\\`), which puts a letter before it with no separator.
 */
const START = String.raw`(?:(?<![A-Za-z0-9_\\-])|(?<=\\[nrtbf\\]))`;

/**
 * One pass for the shapes that start with a literal (cheap to find); each alternative keeps
 * its prefix in a group and the secret after it is replaced.
 */
const PREFIXED = new RegExp(
  [
    // Slack: the type prefix says which token it was, the rest is the secret.
    String.raw`(xox[a-z](?:\.xox[a-z])?-|xapp-)[A-Za-z0-9-]+`,
    // Any bearer credential, whatever it looks like.
    String.raw`([Bb][Ee][Aa][Rr][Ee][Rr](?:\s|\\[nrt])+)[^\s"'\\,;]+`,
    // Discord's "Bot <token>": a dotted token, so "Bot started" or "Bot ready." are left alone.
    String.raw`(Bot(?:\s|\\[nrt])+)[A-Za-z0-9_-]+\.[A-Za-z0-9_.-]+`,
    // A Discord interaction or webhook token in a REST path: it lets anyone answer as the bot.
    String.raw`(\/(?:interactions|webhooks)\/\d{15,25}\/)[A-Za-z0-9_.%-]+`,
    // A Slack response_url or incoming webhook: anyone holding it can post to the channel.
    String.raw`(hooks\.slack\.com\/[a-z]+\/)[^\s"'\\]+`,
    // An OAuth redirect's grant and state in a query string: the code buys a bot token until it is used.
    String.raw`([?&](?:code|state)=)[^&#\s"'\\]+`,
    // The same grant, or the client secret, as a JSON field inside a logged message (the Web API
    // client logs oauth.v2.access's request body at debug level and redacts only *token* keys).
    String.raw`(\\"(?:code|client_secret)\\":\\")[^"\\]+`,
  ].join('|'),
  'g',
);

/**
 * A Discord bot token anywhere: three dotted base64url parts. Finding one costs a scan from
 * every position, so it runs only on lines with a dotted middle part in them at all (a quick
 * search for a literal dot), and a match counts only if its first part decodes to a user id.
 */
const DISCORD_MIDDLE = /\.[A-Za-z0-9_-]{4,8}\./;
const DISCORD_TOKEN = new RegExp(`${START}([A-Za-z0-9_-]{16,})\\.[A-Za-z0-9_-]{4,8}\\.[A-Za-z0-9_-]{20,}`, 'g');

function replacePrefixed(_m: string, ...groups: (string | undefined)[]): string {
  return `${groups.slice(0, 7).find((g) => g !== undefined) ?? ''}${REDACTED}`;
}

/** The first part of a Discord bot token is the bot's user id (a snowflake), base64-encoded. */
function isSnowflakeBase64(part: string): boolean {
  return /^\d{15,25}$/.test(Buffer.from(part, 'base64url').toString('latin1'));
}

/**
 * A function that scrubs one log line. `secrets` are the configured values (empty and absent
 * ones are ignored); each is matched as JSON escapes it, since the line is JSON.
 */
export function logScrubber(secrets: readonly (string | undefined)[] = []): (line: string) => string {
  const literal = [...new Set(secrets.filter((s): s is string => typeof s === 'string' && s.length > 0))]
    .map((s) => JSON.stringify(s).slice(1, -1))
    // Longest first, so a secret that contains another is replaced whole.
    .sort((a, b) => b.length - a.length)
    .map(escapeStringRegexp);
  const literalPattern = literal.length > 0 ? new RegExp(literal.join('|'), 'g') : undefined;
  return (line) => {
    let out = literalPattern ? line.replace(literalPattern, REDACTED) : line;
    out = out.replace(PREFIXED, replacePrefixed);
    if (DISCORD_MIDDLE.test(out)) out = out.replace(DISCORD_TOKEN, (m: string, first: string) => (isSnowflakeBase64(first) ? REDACTED : m));
    return out;
  };
}
