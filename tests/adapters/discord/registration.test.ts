import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { commands } from '../../../commands/index.js';
import { registerCommands } from '../../../src/adapters/discord/register.js';
import { registrationBody } from '../../../src/adapters/discord/registration.js';
import { type Command, defineCommand, defineSubcommand } from '../../../src/dispatch/command.js';
import { about, commonOptionSpecs, type OptionSpec, optionSpecs } from '../../../src/dispatch/options.js';
import { commandProblems, FakeDiscord } from './fake-discord.js';

/**
 * The registration JSON is generated from the registry; these tests read the registry
 * independently and compare, so a drift between what Wattson serves and what Discord shows
 * fails here. Discord's limits are restated, not imported.
 */

const ROOT = join(import.meta.dirname, '..', '..', '..');
const TYPE = { string: 3, integer: 4, number: 10, boolean: 5 } as const;

/** A command with subcommands, integer/number options, choices and bounds, as `project` and `daily` will have. */
const withSubcommands: Command = defineCommand({
  name: 'sample',
  description: { en: 'Project demand forward', zh: '预测未来需求' },
  options: z.object({}),
  subcommands: [
    defineSubcommand({
      name: 'growth',
      description: { en: 'Compound growth', zh: '复合增长' },
      options: z.object({
        note: z.string().max(50).optional().meta(about('Optional note', '备注')),
        years: z.int().min(1).max(50).meta(about('How many years', '多少年')),
        rate: z.number().min(-100).max(1000).meta(about('Growth per year, %', '年增长率，%')),
      }),
      run: () => ({ kind: 'notice', title: 'x', blocks: [], actions: [], data: {} }),
    }),
    defineSubcommand({
      name: 'cluster',
      description: { en: 'A GPU cluster', zh: 'GPU 集群' },
      options: z.object({
        gpu: z.enum(['h100', 'b200']).meta(about('Which GPU', '哪种 GPU', { autocomplete: 'unit', choiceNames: { h100: 'H100', b200: 'B200' } })),
        count: z.literal(100000).meta(about('How many', '数量', { choiceNames: { '100000': '100k' } })),
      }),
      run: () => ({ kind: 'notice', title: 'x', blocks: [], actions: [], data: {} }),
    }),
  ],
  examples: [{ line: '/sample growth 10 20', description: { en: 'x', zh: 'x' } }],
});

const clip100 = (s: string) => (s.length <= 100 ? s : `${s.slice(0, 99)}…`);

function expectOption(json: any, spec: OptionSpec): void {
  expect(json.name).toBe(spec.name);
  expect(json.type).toBe(TYPE[spec.type]);
  expect(json.required).toBe(spec.required);
  expect(json.description).toBe(clip100(spec.description.en));
  expect(json.description_localizations).toEqual({ 'zh-CN': clip100(spec.description.zh) });
  expect(json.max_length).toBe(spec.type === 'string' ? spec.maxLength : undefined);
  expect(json.min_value).toBe(spec.type === 'string' ? undefined : spec.minValue);
  expect(json.max_value).toBe(spec.type === 'string' ? undefined : spec.maxValue);
  if (spec.choices?.length) {
    expect(json.choices).toEqual(spec.choices.map((c) => ({ name: c.name, value: spec.type === 'string' ? c.value : Number(c.value) })));
    expect(json.autocomplete).toBeUndefined();
  } else {
    expect(json.choices).toBeUndefined();
    expect(json.autocomplete).toBe(spec.autocomplete ? true : undefined);
  }
}

/** A command's own options, required first, then the ones every command takes (private). */
function expectOptions(json: any[], specs: readonly OptionSpec[]): void {
  const ordered = [...specs.filter((o) => o.required), ...specs.filter((o) => !o.required), ...commonOptionSpecs()];
  expect(json.map((o) => o.name)).toEqual(ordered.map((o) => o.name));
  ordered.forEach((spec, i) => {
    expectOption(json[i], spec);
  });
}

function expectMatchesRegistry(body: any[], registry: readonly Command[]): void {
  expect(body.map((c) => c.name)).toEqual(registry.map((c) => c.name));
  registry.forEach((cmd, i) => {
    const json = body[i];
    expect(json.type).toBe(1);
    expect(json.description).toBe(clip100(cmd.description.en));
    expect(json.description_localizations).toEqual({ 'zh-CN': clip100(cmd.description.zh) });
    expect(json.name_localizations).toBeUndefined();
    if (cmd.subcommands?.length) {
      expect(json.options.map((o: any) => [o.type, o.name])).toEqual(cmd.subcommands.map((s) => [1, s.name]));
      cmd.subcommands.forEach((s, j) => {
        expect(json.options[j].description).toBe(clip100(s.description.en));
        expect(json.options[j].description_localizations).toEqual({ 'zh-CN': clip100(s.description.zh) });
        expectOptions(json.options[j].options, optionSpecs(s.options));
      });
    } else {
      expectOptions(json.options, optionSpecs(cmd.options));
    }
  });
}

function expectWithinDiscordLimits(body: any[]): void {
  expect(commandProblems(body)).toEqual([]);
  const walk = (opts: any[]) => {
    expect(opts.length).toBeLessThanOrEqual(25);
    for (const o of opts) {
      expect(o.name).toMatch(/^[a-z0-9_-]{1,32}$/);
      expect(o.description.length).toBeGreaterThanOrEqual(1);
      expect(o.description.length).toBeLessThanOrEqual(100);
      expect(o.description_localizations['zh-CN'].length).toBeLessThanOrEqual(100);
      expect((o.choices ?? []).length).toBeLessThanOrEqual(25);
      if (o.options) walk(o.options);
    }
  };
  for (const c of body) {
    expect(c.name).toMatch(/^[a-z0-9_-]{1,32}$/);
    expect(c.description.length).toBeGreaterThanOrEqual(1);
    expect(c.description.length).toBeLessThanOrEqual(100);
    walk(c.options);
    // Discord caps a command's names, descriptions and choices at 4,000 characters together.
    const chars = JSON.stringify(c, ['name', 'description', 'options', 'choices', 'value']).length;
    expect(chars).toBeLessThanOrEqual(4000);
  }
}

describe('Discord registration JSON', () => {
  it("describes every registry command, option by option, within Discord's limits", () => {
    const body = registrationBody(commands, 'global');
    expectMatchesRegistry(body, commands);
    expectWithinDiscordLimits(body);
    for (const c of body) {
      expect(c.contexts).toEqual([0, 1]);
      expect(c.integration_types).toEqual([0]);
    }
  });

  it('handles subcommands, integer and number options, choices and bounds, putting required options first', () => {
    const body = registrationBody([...commands, withSubcommands], 'guild');
    expectMatchesRegistry(body, [...commands, withSubcommands]);
    expectWithinDiscordLimits(body);
    const growth = (body.at(-1)!.options as any[])[0];
    expect(growth.options.map((o: any) => o.name)).toEqual(['years', 'rate', 'note', 'private']);
    expect(growth.options[0]).toMatchObject({ type: 4, min_value: 1, max_value: 50, required: true });
    expect(body.every((c) => !('contexts' in c))).toBe(true);
  });
});

describe('registering with Discord', () => {
  let fake: FakeDiscord;
  beforeAll(async () => {
    fake = await FakeDiscord.start();
  });
  afterAll(async () => {
    await fake.close();
  });

  it('pushes the registry in one global PUT whose body equals the generated JSON', async () => {
    const r = await registerCommands(commands, { token: fake.token, applicationId: fake.applicationId, apiUrl: `${fake.apiUrl}/` });
    const puts = fake.requests.filter((q) => q.method === 'PUT');
    expect(puts).toHaveLength(1);
    expect(puts[0]!.path).toBe(`/api/v10/applications/${fake.applicationId}/commands`);
    expect(puts[0]!.status).toBe(200);
    expect(puts[0]!.headers.authorization).toBe(`Bot ${fake.token}`);
    expect(puts[0]!.body).toEqual(registrationBody(commands, 'global'));
    expectMatchesRegistry(puts[0]!.body, commands);
    expect(r.result.map((c) => c.name)).toEqual(commands.map((c) => c.name));
  });

  it('registers to one guild when given DISCORD_GUILD_ID, through the CLI', async () => {
    const run = await runCli({ DISCORD_TOKEN: fake.token, DISCORD_APPLICATION_ID: fake.applicationId, DISCORD_GUILD_ID: fake.guildId, DISCORD_API_URL: fake.apiUrl });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Registered ${commands.length} commands to server ${fake.guildId}`);
    const put = fake.requests.filter((q) => q.method === 'PUT').at(-1)!;
    expect(put.path).toBe(`/api/v10/applications/${fake.applicationId}/guilds/${fake.guildId}/commands`);
    expect(put.body).toEqual(registrationBody(commands, 'guild'));
  });

  it('explains missing settings and exits 2', async () => {
    const run = await runCli({});
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('DISCORD_TOKEN');
    expect(run.stderr).toContain('DISCORD_APPLICATION_ID');
    expect(run.stdout).toBe('');
  });

  it('reports a refused token with exit 1 and never prints it', async () => {
    const run = await runCli({ DISCORD_TOKEN: 'wrong.token.value', DISCORD_APPLICATION_ID: fake.applicationId, DISCORD_API_URL: fake.apiUrl });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('HTTP 401');
    expect(run.stderr).not.toContain('wrong.token.value');
  });
});

/** The CLI as `npm run discord:register` runs it, from source (tsx), with only the given environment. */
function runCli(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'adapters', 'discord', 'register-cli.ts')], {
      cwd: ROOT,
      env: { PATH: process.env['PATH'] ?? '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('the private option', () => {
  it('is registered once for every command and subcommand, as a boolean Discord shows in Chinese too', () => {
    for (const c of registrationBody(commands, 'global')) {
      const leaves = (c.options ?? []).some((o: any) => o.type === 1) ? (c.options as any[]).map((s) => s.options) : [c.options];
      for (const options of leaves) expect(options.at(-1)).toMatchObject({ name: 'private', type: 5, required: false, description_localizations: { 'zh-CN': expect.stringContaining('只有你') } });
    }
  });
});
