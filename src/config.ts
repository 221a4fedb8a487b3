import * as z from 'zod';

/** postgres:// or postgresql:// with a host part; what node-postgres's parser reads as a URL. */
function isPostgresUrl(text: string): boolean {
  if (!/^postgres(ql)?:\/\//i.test(text)) return false;
  try {
    const u = new URL(text);
    return Boolean(u.hostname || u.searchParams.get('host'));
  } catch {
    return false;
  }
}

/**
 * Environment settings, validated once at start-up. An error names the variable and what it
 * expects; secret values are never echoed back.
 */
const optional = z.string().trim().min(1).optional();

const env = z.object({
  DISCORD_TOKEN: optional,
  DISCORD_APPLICATION_ID: z
    .string()
    .regex(/^\d{15,25}$/, 'a numeric application id (Developer Portal → General Information)')
    .optional(),
  DISCORD_GUILD_ID: z
    .string()
    .regex(/^\d{15,25}$/, 'a numeric server (guild) id')
    .optional(),
  DISCORD_API_URL: z.url().optional(),
  // Discord allows a bot token 50 requests a second in all; processes that share one token
  // (replicas sending daily posts) each take a share, or they spend a fan-out waiting out 429s.
  DISCORD_GLOBAL_RATE: z.coerce.number().int().min(1).max(50).default(50),
  // Developer Portal → General Information → Public Key: 32 bytes, shown as 64 hex digits.
  DISCORD_PUBLIC_KEY: z
    .string()
    .trim()
    .regex(/^[0-9a-fA-F]{64}$/, 'the Public Key from Developer Portal → General Information (64 hex digits)')
    .optional(),
  SLACK_BOT_TOKEN: z.string().startsWith('xoxb-', 'a bot token starting with xoxb-').optional(),
  SLACK_SIGNING_SECRET: optional,
  SLACK_APP_TOKEN: z.string().startsWith('xapp-', 'an app-level token starting with xapp-').optional(),
  SLACK_API_URL: z.url().optional(),
  SLACK_CLIENT_ID: z
    .string()
    .trim()
    .regex(/^\d+\.\d+$/, 'the Client ID from Basic Information → App Credentials (digits, a dot, digits)')
    .optional(),
  SLACK_CLIENT_SECRET: optional,
  // Signs the OAuth state parameter (a JWT); a short one could be guessed offline from one state seen.
  SLACK_STATE_SECRET: z.string().trim().min(32, 'at least 32 random characters, e.g. the output of `openssl rand -hex 32`').optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  // Absent: every interface, which a deployment behind a reverse proxy or in a container needs.
  HOST: z.union([z.ipv4(), z.ipv6(), z.hostname()], 'an interface address to listen on, such as 127.0.0.1, ::1, 0.0.0.0 or localhost').optional(),
  WATTSON_DB: z.string().min(1).default('data/wattson.db'),
  // The message never repeats the value: a URL carries a password.
  DATABASE_URL: z.string().refine(isPostgresUrl, 'a PostgreSQL URL such as postgres://wattson:PASSWORD@db.example.com:5432/wattson (the value is not shown: it may hold a password)').optional(),
  /** How long votes and recorded misses are kept, in days. */
  WATTSON_FEEDBACK_DAYS: z.coerce.number().int().min(1).max(3650).default(180),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Env = z.infer<typeof env>;

/** Every setting Wattson reads from the environment (.env.example lists each). */
export const SETTING_NAMES: readonly string[] = Object.keys(env.shape);

/**
 * A platform Wattson serves, in one of its modes; src/adapters/index.ts maps each to its
 * adapter. `discord` is the gateway (DISCORD_TOKEN), `discord-http` the Interactions Endpoint
 * (DISCORD_PUBLIC_KEY, no token); `slack` is one adapter for all three of Slack's modes.
 */
export type Platform = 'discord' | 'discord-http' | 'slack';

/** How Slack is connected: one workspace over Socket Mode or HTTP, or many through OAuth ("Add to Slack"). */
export type SlackMode = 'socket' | 'http' | 'oauth';

export interface Config {
  env: Env;
  /** The platforms whose settings are present, in start order; none means the console chat. */
  platforms: readonly Platform[];
  /** Whether any platform listens on PORT: Slack over HTTP or OAuth, Discord interactions over HTTP. One server serves them all. */
  http: boolean;
}

/** The settings whose values are secrets: the logger scrubs these values from every line. */
export function secretValues(e: Env): (string | undefined)[] {
  return [e.DISCORD_TOKEN, e.SLACK_BOT_TOKEN, e.SLACK_SIGNING_SECRET, e.SLACK_APP_TOKEN, e.SLACK_CLIENT_SECRET, e.SLACK_STATE_SECRET, e.DATABASE_URL, databasePassword(e.DATABASE_URL)];
}

function databasePassword(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return decodeURIComponent(new URL(url).password) || undefined;
  } catch {
    return undefined;
  }
}

/** The Slack mode these settings select, or none. loadConfig has already refused mixed settings. */
export function slackMode(e: Env): SlackMode | undefined {
  if (e.SLACK_CLIENT_ID) return 'oauth';
  if (!e.SLACK_BOT_TOKEN) return undefined;
  return e.SLACK_APP_TOKEN ? 'socket' : 'http';
}

const OAUTH_SETTINGS = ['SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET'] as const;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Empty strings count as unset, as in most .env files. */
function present(source: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(source).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1].trim() !== ''));
}

export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  // Parsed once per process: zod's compiled fast path (built with eval on a schema's first
  // parse) costs more than it saves for one parse of ~40 variables, about 4 ms of every start.
  const parsed = env.safeParse(present(source), { jitless: true });
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Configuration error:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const problem = crossCheck(e);
  if (problem) throw new ConfigError(`Configuration error:\n  ${problem}`);
  const platforms: Platform[] = [];
  if (e.DISCORD_TOKEN) platforms.push('discord');
  else if (e.DISCORD_PUBLIC_KEY) platforms.push('discord-http');
  const slack = slackMode(e);
  if (slack) platforms.push('slack');
  return { env: e, platforms, http: platforms.includes('discord-http') || slack === 'http' || slack === 'oauth' };
}

/** Settings that are each valid but do not make one mode together; the first problem, naming the variable. */
function crossCheck(e: Env): string | undefined {
  if (e.DISCORD_TOKEN && !e.DISCORD_APPLICATION_ID) return 'DISCORD_APPLICATION_ID: required with DISCORD_TOKEN (Developer Portal → General Information → Application ID)';
  if (e.DISCORD_PUBLIC_KEY && e.DISCORD_TOKEN)
    return 'DISCORD_PUBLIC_KEY: Discord over HTTP (the Interactions Endpoint) runs without DISCORD_TOKEN and opens no gateway; unset DISCORD_TOKEN for HTTP, or DISCORD_PUBLIC_KEY for the gateway';
  if (e.DISCORD_PUBLIC_KEY && !e.DISCORD_APPLICATION_ID) return 'DISCORD_APPLICATION_ID: required with DISCORD_PUBLIC_KEY (Developer Portal → General Information → Application ID)';
  const oauth = OAUTH_SETTINGS.filter((k) => e[k] !== undefined);
  if (oauth.length > 0) {
    const missing = OAUTH_SETTINGS.find((k) => e[k] === undefined);
    if (missing) return `${missing}: required with ${oauth.join(' and ')} for Slack OAuth distribution ("Add to Slack"; Basic Information → App Credentials)`;
    if (e.SLACK_BOT_TOKEN) return "SLACK_BOT_TOKEN: OAuth distribution takes each workspace's token from its installation; unset SLACK_BOT_TOKEN, or the SLACK_CLIENT_* settings for one workspace";
    if (e.SLACK_APP_TOKEN) return 'SLACK_APP_TOKEN: OAuth distribution runs over HTTP (PORT); unset SLACK_APP_TOKEN';
    if (!e.SLACK_SIGNING_SECRET) return 'SLACK_SIGNING_SECRET: required with SLACK_CLIENT_ID for OAuth distribution (Basic Information → App Credentials → Signing Secret)';
    return undefined;
  }
  if (e.SLACK_BOT_TOKEN && !e.SLACK_APP_TOKEN && !e.SLACK_SIGNING_SECRET) return 'SLACK_SIGNING_SECRET: required with SLACK_BOT_TOKEN for HTTP mode, or set SLACK_APP_TOKEN for Socket Mode';
  if (!e.SLACK_BOT_TOKEN && (e.SLACK_APP_TOKEN || e.SLACK_SIGNING_SECRET))
    return 'SLACK_BOT_TOKEN: required with SLACK_APP_TOKEN or SLACK_SIGNING_SECRET (OAuth & Permissions → Bot User OAuth Token), or set SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET for OAuth distribution';
  return undefined;
}
