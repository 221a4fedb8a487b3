import { describe, expect, it } from 'vitest';
import { slackToPlain, stripBotMention } from '../../../src/adapters/slack/incoming.js';

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
