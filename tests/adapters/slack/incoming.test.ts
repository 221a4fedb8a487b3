import { describe, expect, it } from 'vitest';
import { commands } from '../../../commands/index.js';
import { chooseLine, hasChinese, slackToPlain, stripBotMention, takeLocaleFlag } from '../../../src/adapters/slack/incoming.js';
import { defineCommand } from '../../../src/command.js';

describe('slackToPlain', () => {
  it('turns Slack markup back into what the user typed', () => {
    expect(slackToPlain('hi <@U123|ann> and <@U456>')).toBe('hi @ann and @U456');
    expect(slackToPlain('<!here> <!channel> <!subteam^S1|@ops>')).toBe('@here @channel @ops');
    expect(slackToPlain('see <http://x|y> and <https://a.b/c>')).toBe('see y and https://a.b/c');
    expect(slackToPlain('in <#C1|general> or <#C2>')).toBe('in #general or #C2');
    expect(slackToPlain('5 MW -&gt; kW &amp; &lt;b&gt;')).toBe('5 MW -> kW & <b>');
    expect(slackToPlain('&amp;lt;')).toBe('&lt;');
  });
});

describe('stripBotMention', () => {
  it("removes only the bot's own mention", () => {
    expect(stripBotMention('<@UBOT> how much power?', 'UBOT')).toBe('how much power?');
    expect(stripBotMention('<@UBOT|wattson>: convert 5 MW', 'UBOT')).toBe('convert 5 MW');
    expect(stripBotMention('ask <@U1> and <@UBOT>', 'UBOT')).toBe('ask <@U1> and');
    expect(stripBotMention('<@UBOT> hi', undefined)).toBe('<@UBOT> hi');
  });
});

describe('takeLocaleFlag and hasChinese', () => {
  it('reads a leading --zh or --en', () => {
    expect(takeLocaleFlag('--zh ask how much')).toEqual({ flag: 'zh', text: 'ask how much' });
    expect(takeLocaleFlag('  --EN 用多少电')).toEqual({ flag: 'en', text: '用多少电' });
    expect(takeLocaleFlag('ask --zh x')).toEqual({ flag: undefined, text: 'ask --zh x' });
    expect(hasChinese('ChatGPT每天用多少电')).toBe(true);
    expect(hasChinese('how much, 5 MW')).toBe(false);
  });
});

describe('chooseLine', () => {
  it('runs the command the text starts with, with or without a slash', () => {
    expect(chooseLine('convert 5 MW to kW', commands, 'slash')).toEqual({ line: '/convert 5 MW to kW', guessed: true });
    expect(chooseLine('/fact topics', commands, 'message')).toEqual({ line: '/fact topics', guessed: false });
    expect(chooseLine('HELP', commands, 'slash')).toEqual({ line: '/HELP', guessed: false });
    expect(chooseLine('about', commands, 'message')).toEqual({ line: '/about', guessed: false });
  });

  it('asks anything else as a question; an empty text gets help', () => {
    expect(chooseLine('how much power does ChatGPT use?', commands, 'message')).toEqual({ line: '/ask how much power does ChatGPT use?', guessed: false });
    expect(chooseLine('ChatGPT每天用多少电？', commands, 'slash').line).toBe('/ask ChatGPT每天用多少电？');
    expect(chooseLine('  ', commands, 'slash').line).toBe('/help');
  });

  it('sends a near miss after /wattson to the parser, which suggests the command; in messages it is a question', () => {
    expect(chooseLine('convrt 5 MW', commands, 'slash').line).toBe('/convrt 5 MW');
    expect(chooseLine('abuot', commands, 'slash').line).toBe('/abuot');
    expect(chooseLine('convrt 5 MW', commands, 'message').line).toBe('/ask convrt 5 MW');
    expect(chooseLine('how about it', commands, 'slash').line).toBe('/ask how about it');
    expect(chooseLine('hlep', commands, 'slash').line).toBe('/hlep');
    expect(chooseLine('prohect growth', commands, 'slash').line).toBe('/prohect growth');
    // One changed letter in a short name is more likely a real word than a slip.
    expect(chooseLine('fast charging?', commands, 'slash').line).toBe('/ask fast charging?');
    expect(chooseLine('face it', commands, 'slash').line).toBe('/ask face it');
    expect(chooseLine('/nope x', commands, 'message').line).toBe('/nope x');
  });

  it('serves any command in the registry, subcommands included', () => {
    const daily = defineCommand({
      name: 'daily',
      description: { en: 'Daily posts', zh: '每日推送' },
      options: [],
      subcommands: [{ name: 'start', description: { en: 'Start', zh: '开始' }, options: [] }],
      examples: [{ line: '/daily start', description: { en: 'Start', zh: '开始' } }],
      run: () => ({ kind: 'notice', title: 't', blocks: [], actions: [], data: {} }),
    });
    expect(chooseLine('daily start', [...commands, daily], 'slash')).toEqual({ line: '/daily start', guessed: true });
  });
});
