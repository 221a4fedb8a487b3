import { describe, expect, it } from 'vitest';
import { executeLine } from '../../src/dispatch/router.js';
import { createRuntime } from '../../src/dispatch/runtime.js';
import { silentLogger } from '../../src/log.js';
import { renderDiscord } from '../../src/replies/discord.js';
import { renderPlain } from '../../src/replies/plain.js';
import { renderSlack } from '../../src/replies/slack.js';

const rt = createRuntime({ log: silentLogger() });

describe('an answer to a question typed in Traditional characters', () => {
  it('is written in them on every platform, the renderers’ own words too; what machines read stays as it was', async () => {
    const tw = await executeLine('/ask 鈾還能用多少年', undefined, rt);
    const cn = await executeLine('/ask 铀还能用多少年', undefined, rt);
    expect(tw.reply.script).toBe('traditional');
    expect(cn.reply.script).toBeUndefined();
    expect(tw.reply.data).toEqual(cn.reply.data);

    const plain = renderPlain(tw.reply, 'zh');
    expect(plain).toContain('鈾資源');
    expect(plain).toContain('來源');
    expect(plain).not.toContain('铀');
    expect(renderPlain(cn.reply, 'zh')).toContain('铀资源');

    const discord = renderDiscord(tw.reply, 'zh');
    const simplified = renderDiscord(cn.reply, 'zh');
    expect(discord.embeds?.[0]?.title).toMatch(/鈾/);
    const ids = (m: typeof discord) => (m.components ?? []).flatMap((row) => row.components.map((c) => ('custom_id' in c ? c.custom_id : undefined)));
    expect(ids(discord)).toEqual(ids(simplified));

    const slack = renderSlack(tw.reply, 'zh');
    const values = (m: ReturnType<typeof renderSlack>) => JSON.stringify(m.blocks).match(/"(?:value|action_id)":"[^"]*"/g);
    expect(values(slack)).toEqual(values(renderSlack(cn.reply, 'zh')));
    expect(slack.text).toMatch(/鈾/);
  });

  it('is not, for a Simplified or an English question, or when the answer is in English', async () => {
    expect((await executeLine('/ask how long will uranium last', undefined, rt)).reply.script).toBeUndefined();
    expect((await executeLine('/ask 鈾還能用多少年', 'en', rt)).reply.script).toBeUndefined();
  });
});
