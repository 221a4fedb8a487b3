import { describe, expect, it } from 'vitest';
import { type Asker, SlackAnswers } from '../../../src/adapters/slack/answer.js';
import { UserLocales } from '../../../src/adapters/slack/user-locale.js';
import { createRuntime } from '../../../src/dispatch/runtime.js';
import { silentLogger } from '../../../src/log.js';

const answers = new SlackAnswers(createRuntime({ log: silentLogger() }), new UserLocales());
const asker = (locale: string): Asker => ({ teamId: 'T1', userId: `U-${locale}`, channelId: 'C1', lookup: () => Promise.resolve({ locale, canManage: false }) });

describe('SlackAnswers', () => {
  it('renders a shared fact answer once per language and reuses it', async () => {
    const a = await answers.answer('ask how much electricity does ChatGPT use a day?', 'slash', asker('en-US'));
    const b = await answers.answer('ask hey Wattson, how much electricity does ChatGPT use a day', 'slash', asker('en-US'));
    expect(b.message).toBe(a.message);
    const zh = await answers.answer('ask how much electricity does ChatGPT use a day?', 'slash', asker('zh-CN'));
    expect(zh.message).not.toBe(a.message);
    expect(zh.message.blocks[0]).toMatchObject({ type: 'header' });
    expect(JSON.stringify(zh.message)).toMatch(/[\u4e00-\u9fff]/);
  });

  it('asks users.info once per user, then answers from what it learnt', async () => {
    let calls = 0;
    const who: Asker = { teamId: 'T1', userId: 'U-new', lookup: () => Promise.resolve({ locale: 'zh-CN', canManage: (calls += 1) < 0 }) };
    expect((await answers.answer('ask how much electricity does ChatGPT use a day?', 'slash', who)).locale).toBe('zh');
    expect((await answers.answer('ask how much electricity does ChatGPT use a day?', 'slash', who)).locale).toBe('zh');
    expect(calls).toBe(1);
  });

  it('renders answers built for one question afresh each time', async () => {
    const a = await answers.answer('ask how tall is the Eiffel tower', 'slash', asker('en-US'));
    const b = await answers.answer('ask how tall is the Eiffel tower', 'slash', asker('en-US'));
    expect(a.message).toEqual(b.message);
    expect(b.message).not.toBe(a.message);
  });
});
