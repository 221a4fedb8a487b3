import { z } from 'zod';

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
  SLACK_BOT_TOKEN: z.string().startsWith('xoxb-', 'a bot token starting with xoxb-').optional(),
  SLACK_SIGNING_SECRET: optional,
  SLACK_APP_TOKEN: z.string().startsWith('xapp-', 'an app-level token starting with xapp-').optional(),
  SLACK_API_URL: z.url().optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  // Absent: every interface, which a deployment behind a reverse proxy or in a container needs.
  HOST: z.union([z.ipv4(), z.ipv6(), z.hostname()], 'an interface address to listen on, such as 127.0.0.1, ::1, 0.0.0.0 or localhost').optional(),
  WATTSON_DB: z.string().min(1).default('data/wattson.db'),
  // The message never repeats the value: a URL carries a password.
  DATABASE_URL: z.string().refine(isPostgresUrl, 'a PostgreSQL URL such as postgres://wattson:PASSWORD@db.example.com:5432/wattson (the value is not shown: it may hold a password)').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Env = z.infer<typeof env>;

/** A platform Wattson serves; src/adapters/index.ts maps each to its adapter. */
export type Platform = 'discord' | 'slack';

export interface Config {
  env: Env;
  /** The platforms whose settings are present, in start order; none means the console chat. */
  platforms: readonly Platform[];
}

/** The settings whose values are secrets: the logger scrubs these values from every line. */
export function secretValues(e: Env): (string | undefined)[] {
  return [e.DISCORD_TOKEN, e.SLACK_BOT_TOKEN, e.SLACK_SIGNING_SECRET, e.SLACK_APP_TOKEN, e.DATABASE_URL, databasePassword(e.DATABASE_URL)];
}

function databasePassword(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return decodeURIComponent(new URL(url).password) || undefined;
  } catch {
    return undefined;
  }
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Empty strings count as unset, as in most .env files. */
function present(source: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(source).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1].trim() !== ''));
}

export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const parsed = env.safeParse(present(source));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Configuration error:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.DISCORD_TOKEN && !e.DISCORD_APPLICATION_ID) {
    throw new ConfigError('Configuration error:\n  DISCORD_APPLICATION_ID: required with DISCORD_TOKEN (Developer Portal → General Information → Application ID)');
  }
  if (e.SLACK_BOT_TOKEN && !e.SLACK_APP_TOKEN && !e.SLACK_SIGNING_SECRET) {
    throw new ConfigError('Configuration error:\n  SLACK_SIGNING_SECRET: required with SLACK_BOT_TOKEN for HTTP mode, or set SLACK_APP_TOKEN for Socket Mode');
  }
  if (!e.SLACK_BOT_TOKEN && (e.SLACK_APP_TOKEN || e.SLACK_SIGNING_SECRET)) {
    throw new ConfigError('Configuration error:\n  SLACK_BOT_TOKEN: required with SLACK_APP_TOKEN or SLACK_SIGNING_SECRET (OAuth & Permissions → Bot User OAuth Token)');
  }
  const platforms: Platform[] = [];
  if (e.DISCORD_TOKEN) platforms.push('discord');
  if (e.SLACK_BOT_TOKEN) platforms.push('slack');
  return { env: e, platforms };
}
