import { describe, expect, it } from 'vitest';
import { executeLine } from '../../src/dispatch/router.js';
import { createRuntime } from '../../src/dispatch/runtime.js';
import { silentLogger } from '../../src/log.js';
import { renderPlain } from '../../src/replies/plain.js';

const rt = createRuntime({ log: silentLogger() });

describe('/ask', () => {
  it("gives the episode's answer for ChatGPT: figure, speaker, quote, homes, source", async () => {
    const { reply } = await executeLine('/ask how much electricity does ChatGPT use a day?', 'en', rt);
    const text = renderPlain(reply, 'en');
    expect(reply.data.facts?.[0]).toBe('chatgpt-daily-energy');
    expect(text).toContain('500,000 kWh/day');
    expect(text).toContain('Xiang Jiang');
    expect(text).toContain('它每天的日耗电量它能达到50万千瓦时也就是50万度电');
    expect(text).toMatch(/17,000 US households/);
    // The working is shown in the yardstick's unit, so both sides of the division read alike.
    expect(text).toContain('500,000 kWh/day ÷ 29 kWh/day');
    expect(text).toContain('https://sv101.fireside.fm/155');
    expect(reply.data.facts!.length).toBeLessThanOrEqual(4);
  });

  it('answers a greeting or thanks in kind, with questions to try, instead of "not covered"', async () => {
    const hello = (await executeLine('/ask hey Wattson!', 'en', rt)).reply;
    expect(hello).toMatchObject({ kind: 'notice', title: "Hi, I'm Wattson", data: { facts: [] } });
    expect(hello.actions.map((a) => a.command)).toContain('/ask how much electricity does ChatGPT use a day?');
    expect(renderPlain(hello, 'en')).not.toContain('does not cover');
    expect((await executeLine('/ask thanks a lot', 'en', rt)).reply.title).toBe("You're welcome");
    expect((await executeLine('/ask 你好', 'zh', rt)).reply.title).toBe('你好，我是 Wattson');
    expect((await executeLine('/ask 谢谢', 'zh', rt)).reply.title).toBe('不客气');
    // Thanks with words that name no fact is still thanks; a single word no fact is about is no topic.
    expect((await executeLine('/ask thanks, that was super helpful!', 'en', rt)).reply.title).toBe("You're welcome");
    expect((await executeLine('/ask 谢谢，讲得很清楚', 'zh', rt)).reply.title).toBe('不客气');
    expect((await executeLine("/ask what's your name", 'en', rt)).reply.data.match).toBe('none');
    // A real question that happens to open with thanks is still a question.
    expect((await executeLine('/ask thanks! how much electricity does ChatGPT use a day?', 'en', rt)).reply.data.facts?.[0]).toBe('chatgpt-daily-energy');
  });

  it('answers a question about the episode itself with its card: title, date, speakers', async () => {
    for (const q of ['who are the guests on this episode?', 'who hosts this podcast', 'when was this episode released', '这期嘉宾是谁', '这期节目哪天发布的']) {
      const { reply } = await executeLine(`/ask ${q}`, undefined, rt);
      expect(reply.kind, q).toBe('about');
      const text = renderPlain(reply, /[\u4e00-\u9fff]/.test(q) ? 'zh' : 'en');
      expect(text, q).toContain('2024-04-30');
      expect(text, q).toContain('Eason');
    }
    // A topic beside the episode's words is still a question about that topic.
    expect((await executeLine("/ask what did the host say about meta's h100s", 'en', rt)).reply.data.facts?.[0]).toBe('meta-650k-h100');
    expect((await executeLine('/ask 嘉宾说chatgpt一天用多少电', 'zh', rt)).reply.data.facts?.[0]).toBe('chatgpt-daily-energy');
  });

  it('in Chinese, with 万', async () => {
    const text = renderPlain((await executeLine('/ask ChatGPT每天用多少电？', 'zh', rt)).reply, 'zh');
    expect(text).toContain('50万千瓦时');
    expect(text).toContain('向江');
    expect(text).toContain('1.7万');
  });

  it('never shows a disputed figure without its context', async () => {
    const { reply } = await executeLine('/ask how much energy does Google search use a year?', 'en', rt);
    const fact = rt.store.byId.get(reply.data.facts![0]!)!;
    expect(fact.verdict).not.toBe('consistent');
    expect(reply.blocks.some((b) => b.type === 'context')).toBe(true);
  });

  it('says plainly when the episode does not cover a question', async () => {
    const { reply } = await executeLine('/ask what is the capital of Peru?', 'en', rt);
    expect(reply.kind).toBe('notice');
    expect(reply.data.facts).toEqual([]);
    expect(renderPlain(reply, 'en')).toContain('does not cover');
  });

  it('marks how sure it is in reply.data.match', async () => {
    expect((await executeLine('/ask how much electricity does ChatGPT use a day?', 'en', rt)).reply.data.match).toBe('confident');
    expect((await executeLine('/ask what is the capital of Peru?', 'en', rt)).reply.data.match).toBe('none');
    expect((await executeLine('/ask chatgpt-daily-energy', 'en', rt)).reply.data.match).toBe('confident');
  });

  it('answers bad input with a clear error and an example, never a crash', async () => {
    const cases: [string, RegExp][] = [
      ['/ask', /`question` is missing/],
      ['/ask    ', /`question` is missing/],
      ['/ask \u200b\u200d\u0007', /`question` is missing/],
      [`/ask ${'why '.repeat(2500)}`, /at most 500 characters/],
    ];
    for (const [line, msg] of cases) {
      const { reply } = await executeLine(line, 'en', rt);
      expect(reply.kind).toBe('error');
      const text = renderPlain(reply, 'en');
      expect(text).toMatch(msg);
      expect(text).toContain('Try: /ask ');
    }
  });

  it('strips control and zero-width characters before searching', async () => {
    const { reply } = await executeLine('/ask how much electricity does Chat\u200bGPT use a day?\u0000', 'en', rt);
    expect(reply.data.facts?.[0]).toBe('chatgpt-daily-energy');
  });
});
