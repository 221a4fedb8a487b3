import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import * as z from 'zod';
import { commands } from '../../../commands/index.js';
import { BOT_SCOPES, buildManifest, commandUsage, type SlackManifest } from '../../../src/adapters/slack/manifest.js';
import { manifestCli } from '../../../src/adapters/slack/manifest-cli.js';
import { type Command, defineCommand, defineSubcommand } from '../../../src/dispatch/command.js';
import { about } from '../../../src/dispatch/options.js';
import { ROOT, runNode } from '../../helpers/run.js';

const slashOf = (m: SlackManifest) => m.features.slash_commands;

describe('the Slack manifest matches the registry', () => {
  it('declares /wattson with every registry command in its usage hint and descriptions', () => {
    const m = buildManifest(commands);
    const [umbrella, ...rest] = slashOf(m);
    expect(rest).toEqual([]);
    expect(umbrella!.command).toBe('/wattson');
    expect(umbrella!.usage_hint).toBe(commands.map(commandUsage).join(' | '));
    for (const c of commands) {
      expect(umbrella!.description).toContain(c.name);
      expect(m.display_information.long_description).toContain(`/wattson ${commandUsage(c)}: ${c.description.en}`);
    }
    expect(umbrella!.should_escape).toBe(false);
  });

  it("with --individual, declares exactly the registry's commands beside /wattson, each with its description and usage", () => {
    const slash = slashOf(buildManifest(commands, { individual: true }));
    expect(slash.map((s) => s.command)).toEqual(['/wattson', ...commands.map((c) => `/${c.name}`)]);
    for (const c of commands) {
      const s = slash.find((x) => x.command === `/${c.name}`)!;
      expect(s.description).toBe(c.description.en.length <= 140 ? c.description.en : `${c.description.en.slice(0, 139)}…`);
      const own = commandUsage(c).slice(c.name.length).trim();
      expect(s.usage_hint).toBe(own || undefined);
    }
  });

  it('describes commands with subcommands generically', () => {
    const notice = () => ({ kind: 'notice' as const, title: 't', blocks: [], actions: [], data: {} });
    const daily = defineCommand({
      name: 'daily',
      description: { en: 'Daily fact posts', zh: '每日事实' },
      options: z.object({}),
      subcommands: [
        defineSubcommand({ name: 'start', description: { en: 'Start', zh: '开始' }, options: z.object({ channel: z.string().meta(about('c', 'c')) }), run: notice }),
        defineSubcommand({ name: 'stop', description: { en: 'Stop', zh: '停止' }, options: z.object({}), run: notice }),
      ],
      examples: [{ line: '/daily start', description: { en: 'Start', zh: '开始' } }],
    });
    const registry: Command[] = [...commands, daily];
    const [umbrella] = slashOf(buildManifest(registry));
    expect(umbrella!.usage_hint).toContain('daily start|stop …');
    expect(commandUsage(commands.find((c) => c.name === 'convert')!)).toBe('convert <quantity>');
  });

  it('asks only for the scopes Wattson uses, and subscribes to mentions and DMs', () => {
    const m = buildManifest(commands);
    expect(m.oauth_config).toEqual({ scopes: { bot: ['commands', 'app_mentions:read', 'chat:write', 'files:write', 'im:history', 'users:read', 'channels:history', 'groups:history'] } });
    expect(Object.keys(BOT_SCOPES)).toEqual(m.oauth_config.scopes.bot);
    expect(m.settings.event_subscriptions.bot_events).toEqual(['app_mention', 'message.im', 'app_uninstalled', 'tokens_revoked']);
    expect(m.features.app_home.messages_tab_enabled).toBe(true);
    expect(m.features.bot_user.display_name).toBe('Wattson');
  });

  it('uses Socket Mode without a URL, and request URLs everywhere with one', () => {
    const socket = buildManifest(commands);
    expect(socket.settings.socket_mode_enabled).toBe(true);
    expect(JSON.stringify(socket)).not.toContain('request_url');
    expect(JSON.stringify(socket)).not.toContain('"url"');
    const http = buildManifest(commands, { requestUrl: 'https://wattson.example.com/', individual: true });
    const url = 'https://wattson.example.com/slack/events';
    expect(http.settings.socket_mode_enabled).toBe(false);
    expect(http.settings.event_subscriptions.request_url).toBe(url);
    expect(http.settings.interactivity).toEqual({ is_enabled: true, request_url: url });
    expect(slashOf(http).every((s) => s.url === url)).toBe(true);
    expect(buildManifest(commands, { requestUrl: url }).settings.event_subscriptions.request_url).toBe(url);
  });

  it('lists the OAuth redirect URL beside the events URL when there is one, for "Add to Slack"', () => {
    expect(buildManifest(commands).oauth_config.redirect_urls).toBeUndefined();
    for (const u of ['https://wattson.example.com', 'https://wattson.example.com/', 'https://wattson.example.com/slack/events'])
      expect(buildManifest(commands, { requestUrl: u }).oauth_config.redirect_urls).toEqual(['https://wattson.example.com/slack/oauth_redirect']);
  });

  it("stays within the manifest schema's limits", () => {
    const m = buildManifest(commands, { individual: true });
    expect(m.display_information.name.length).toBeLessThanOrEqual(35);
    expect(m.display_information.description.length).toBeLessThanOrEqual(140);
    expect(m.display_information.long_description.length).toBeGreaterThanOrEqual(174);
    expect(m.display_information.long_description.length).toBeLessThanOrEqual(4000);
    expect(slashOf(m).length).toBeLessThanOrEqual(50);
    for (const s of slashOf(m)) {
      expect(s.command).toMatch(/^\/[a-z0-9_-]{1,31}$/);
      expect(s.description.length).toBeLessThanOrEqual(140);
      expect((s.usage_hint ?? '').length).toBeLessThanOrEqual(1000);
    }
  });
});

describe('npm run slack:manifest', () => {
  it('prints JSON by default and the same manifest as YAML with --yaml', () => {
    const json = manifestCli([]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual(buildManifest(commands));
    const yaml = manifestCli(['--yaml', '--url', 'https://w.example.com']);
    expect(parse(yaml.stdout)).toEqual(buildManifest(commands, { requestUrl: 'https://w.example.com' }));
  });

  it('refuses unknown options and non-https URLs with exit status 2 and the usage', () => {
    for (const args of [['--bogus'], ['--url'], ['--url', 'http://w.example.com']]) {
      const r = manifestCli(args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('usage: npm run --silent slack:manifest');
    }
  });

  it('runs as built, with no Slack settings in the environment', () => {
    const r = runNode(join(ROOT, 'dist', 'src', 'adapters', 'slack', 'manifest-cli.js'), ['--individual']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(buildManifest(commands, { individual: true }));
  });
});
