import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { commands } from '../../commands/index.js';
import { defineCommand, defineSubcommand } from '../../src/dispatch/command.js';
import { executeText, type Surface } from '../../src/dispatch/router.js';
import { createRuntime } from '../../src/dispatch/runtime.js';
import { silentLogger } from '../../src/log.js';
import { hasChinese } from '../../src/text/language.js';

/** The one text router: which command a text runs, and in which language, whatever the platform. */

const rt = createRuntime({ log: silentLogger() });
const route = async (text: string, surface: Surface = 'slash', r = rt) => {
  const o = await executeText({ text, surface }, r);
  return { command: o.command, code: o.reply.data.error?.code, locale: o.locale, message: o.reply.data.error?.message ?? '' };
};

describe('the text router', () => {
  it('runs the command the text starts with, with or without a slash', async () => {
    expect((await route('convert 5 MW to kW')).command).toBe('convert');
    expect((await route('/fact topics', 'message')).command).toBe('fact');
    expect((await route('HELP')).command).toBe('help');
    expect((await route('about', 'message')).command).toBe('about');
  });

  it('asks anything else as a question; an empty text gets help', async () => {
    expect((await route('how much power does ChatGPT use?', 'message')).command).toBe('ask');
    expect((await route('ChatGPT每天用多少电？')).command).toBe('ask');
    expect((await route('  ')).command).toBe('help');
    expect((await route('  ', 'line')).code).toBe('empty');
  });

  it('asks a command word used as an ordinary word as a question', async () => {
    expect((await route('about the grid in Texas', 'message')).command).toBe('ask');
    expect((await route('help me understand fusion', 'message')).command).toBe('ask');
  });

  it('sends a near miss after /wattson to "did you mean"; in messages it is a question', async () => {
    const slip = await route('convrt 5 MW');
    expect(slip).toMatchObject({ command: 'convrt', code: 'unknown-command' });
    expect(slip.message).toContain('Did you mean /convert?');
    expect((await route('abuot')).code).toBe('unknown-command');
    expect((await route('convrt 5 MW', 'message')).command).toBe('ask');
    expect((await route('how about it')).command).toBe('ask');
    expect((await route('hlep')).message).toContain('Did you mean /help?');
    expect((await route('prohect growth')).message).toContain('Did you mean /project?');
    // One changed letter in a short name is more likely a real word than a slip.
    expect((await route('fast charging?')).command).toBe('ask');
    expect((await route('face it')).command).toBe('ask');
    expect((await route('/nope x', 'message')).code).toBe('unknown-command');
  });

  it('serves any command in the registry, subcommands included', async () => {
    const extra = defineCommand({
      name: 'daybook',
      description: { en: 'Daily posts', zh: '每日推送' },
      options: z.object({}),
      subcommands: [
        defineSubcommand({ name: 'start', description: { en: 'Start', zh: '开始' }, options: z.object({}), run: () => ({ kind: 'notice', title: 'started', blocks: [], actions: [], data: {} }) }),
      ],
      examples: [{ line: '/daybook start', description: { en: 'Start', zh: '开始' } }],
    });
    const withExtra = { ...rt, commands: [...commands, extra] };
    expect(await route('daybook start', 'slash', withExtra)).toMatchObject({ command: 'daybook', code: undefined });
  });

  it('answers in the language chosen, else in the question\u2019s; a leading --zh or --en wins', async () => {
    expect((await route('how much power does ChatGPT use?')).locale).toBe('en');
    expect((await route('ChatGPT每天用多少电')).locale).toBe('zh');
    expect((await route('--zh ask how much')).locale).toBe('zh');
    expect((await route('  --EN 用多少电')).locale).toBe('en');
    expect((await executeText({ text: 'how much power does ChatGPT use?', surface: 'message', locale: 'zh' }, rt)).locale).toBe('zh');
    expect((await route('ask --zh x')).locale).toBe('en');
    expect(hasChinese('ChatGPT每天用多少电')).toBe(true);
    expect(hasChinese('how much, 5 MW')).toBe(false);
  });

  it('answers a routing failure with the one apology, never a stack trace', async () => {
    const broken = { ...rt, commands: null as never };
    const o = await executeText({ text: 'hello', surface: 'message' }, broken);
    expect(o.reply.data.error?.code).toBe('internal');
  });
});
