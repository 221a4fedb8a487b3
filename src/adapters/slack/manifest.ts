import type { Command } from '../../dispatch/command.js';
import { type OptionSpec, optionSpecs } from '../../dispatch/options.js';
import { UMBRELLA } from './answer.js';

/**
 * The Slack app manifest, generated from the command registry: what a workspace admin pastes
 * into api.slack.com/apps → Create New App → From a manifest. Plain JSON in Slack's manifest
 * schema (version 2); no Slack settings are needed to produce it.
 */

export const APP_NAME = 'Wattson';

/** Every bot scope Wattson uses, and why; nothing more is requested. */
export const BOT_SCOPES: Readonly<Record<string, string>> = {
  commands: 'the /wattson slash command',
  'app_mentions:read': 'answering "@Wattson …" in channels it has been added to',
  'chat:write': 'posting answers to mentions and DMs, and private (ephemeral) error notes',
  'im:history': 'reading the messages users send it in a DM, to answer them',
  'users:read': "reading a user's Slack language and role (users.info): Chinese-language users get Chinese answers, and only workspace admins and owners may subscribe a channel to /wattson daily",
  'channels:history': 'finding its own daily post in a public channel after a restart (by message metadata), so a day is never posted twice',
  'groups:history': 'the same for private channels it has been invited to',
};

/**
 * Mentions and DMs are answered; app_uninstalled and tokens_revoked tell Wattson a workspace
 * removed it (the installation is deleted, its daily subscriptions paused). The last two need
 * no scope.
 */
export const BOT_EVENTS = ['app_mention', 'message.im', 'app_uninstalled', 'tokens_revoked'] as const;

/** Where Slack sends the browser back after "Add to Slack" (Bolt's installer serves it). */
export const REDIRECT_PATH = '/slack/oauth_redirect';

export interface ManifestSlashCommand {
  command: string;
  description: string;
  usage_hint?: string;
  should_escape: boolean;
  url?: string;
}

/** The parts of Slack's manifest schema (version 2) that Wattson fills in. */
export interface SlackManifest {
  _metadata: { major_version: number; minor_version: number };
  display_information: { name: string; description: string; long_description: string; background_color: string };
  features: {
    app_home: { home_tab_enabled: boolean; messages_tab_enabled: boolean; messages_tab_read_only_enabled: boolean };
    bot_user: { display_name: string; always_online: boolean };
    slash_commands: ManifestSlashCommand[];
  };
  oauth_config: { redirect_urls?: string[]; scopes: { bot: string[] } };
  settings: {
    event_subscriptions: { request_url?: string; bot_events: string[] };
    interactivity: { is_enabled: boolean; request_url?: string };
    org_deploy_enabled: boolean;
    socket_mode_enabled: boolean;
    token_rotation_enabled: boolean;
  };
}

export interface ManifestOptions {
  /** Public HTTPS base (https://host or https://host/slack/events) for HTTP mode; Socket Mode when absent. */
  requestUrl?: string;
  /** Also declare each registry command as its own slash command (/ask, /fact …), beside /wattson. */
  individual?: boolean;
}

const DESCRIPTION_MAX = 140;
const USAGE_MAX = 1000;

function clip(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

function optionUsage(options: readonly OptionSpec[]): string {
  return options.map((o) => (o.required ? `<${o.name}>` : `[${o.name}]`)).join(' ');
}

/** `convert <quantity>`, or `project growth|cluster|buildout …` for a command with subcommands. */
export function commandUsage(cmd: Command): string {
  if (cmd.subcommands?.length) {
    const subs = cmd.subcommands.map((s) => s.name).join('|');
    const anyOptions = cmd.subcommands.some((s) => optionSpecs(s.options).length > 0);
    return `${cmd.name} ${subs}${anyOptions ? ' …' : ''}`;
  }
  return `${cmd.name} ${optionUsage(optionSpecs(cmd.options))}`.trim();
}

function usageOwn(cmd: Command): string {
  return commandUsage(cmd).slice(cmd.name.length).trim();
}

export function eventsUrl(base: string): string {
  const trimmed = base.replace(/\/+$/, '');
  return /\/slack\/events$/.test(trimmed) ? trimmed : `${trimmed}/slack/events`;
}

/** The OAuth redirect URL beside the events URL: https://host/slack/oauth_redirect. */
export function redirectUrl(base: string): string {
  return `${eventsUrl(base).replace(/\/slack\/events$/, '')}${REDIRECT_PATH}`;
}

function longDescription(commands: readonly Command[]): string {
  const lines = [
    'Wattson answers questions about AI, electricity and fusion from one podcast episode, Silicon Valley 101 (硅谷101) E149, in English and Chinese.',
    "Every figure says where it comes from: the episode (which speaker), a public source, or Wattson's own arithmetic.",
    '',
    `Type /${UMBRELLA} followed by a command:`,
    ...commands.map((c) => `• /${UMBRELLA} ${commandUsage(c)}: ${c.description.en}`),
    '',
    `Or mention @${APP_NAME} with a question, or send it a direct message. Users whose Slack language is Chinese get Chinese answers.`,
  ];
  return clip(lines.join('\n'), 4000);
}

export function buildManifest(commands: readonly Command[], opts: ManifestOptions = {}): SlackManifest {
  const url = opts.requestUrl ? eventsUrl(opts.requestUrl) : undefined;
  const withUrl = url ? { url } : {};
  const umbrella: ManifestSlashCommand = {
    command: `/${UMBRELLA}`,
    description: clip(`Energy & AI answers from Silicon Valley 101 E149: ${commands.map((c) => c.name).join(', ')}`, DESCRIPTION_MAX),
    usage_hint: clip(commands.map(commandUsage).join(' | '), USAGE_MAX),
    should_escape: false,
    ...withUrl,
  };
  const individual: ManifestSlashCommand[] = opts.individual
    ? commands.map((c) => ({
        command: `/${c.name}`,
        description: clip(c.description.en, DESCRIPTION_MAX),
        ...(usageOwn(c) && { usage_hint: clip(usageOwn(c), USAGE_MAX) }),
        should_escape: false,
        ...withUrl,
      }))
    : [];
  return {
    _metadata: { major_version: 2, minor_version: 1 },
    display_information: {
      name: APP_NAME,
      description: 'Energy-and-AI answers, with sources, from Silicon Valley 101 E149 (English and 中文)',
      long_description: longDescription(commands),
      background_color: '#1f3a2e',
    },
    features: {
      app_home: { home_tab_enabled: false, messages_tab_enabled: true, messages_tab_read_only_enabled: false },
      bot_user: { display_name: APP_NAME, always_online: true },
      slash_commands: [umbrella, ...individual],
    },
    // With a public URL the app can also be distributed ("Add to Slack"): Slack only sends the
    // browser back to a redirect URL listed here.
    oauth_config: { ...(opts.requestUrl && { redirect_urls: [redirectUrl(opts.requestUrl)] }), scopes: { bot: Object.keys(BOT_SCOPES) } },
    settings: {
      event_subscriptions: { ...(url && { request_url: url }), bot_events: [...BOT_EVENTS] },
      interactivity: { is_enabled: true, ...(url && { request_url: url }) },
      org_deploy_enabled: false,
      socket_mode_enabled: !url,
      token_rotation_enabled: false,
    },
  };
}
