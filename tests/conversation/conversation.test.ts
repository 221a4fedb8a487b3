import { describe, expect, it } from 'vitest';
import { conversationKey } from '../../src/conversation/key.js';
import { MemoryConversations } from '../../src/conversation/memory.js';
import type { Turn } from '../../src/conversation/turn.js';
import { createRuntime, withServices } from '../../src/dispatch/runtime.js';
import { silentLogger } from '../../src/log.js';
import { renderPlain } from '../../src/replies/plain.js';
import { person } from '../helpers/conversation.js';

/**
 * A conversation through the one router, as every platform has it: follow-ups in both languages
 * resolved against the last answer, each saying what "that" was; numbers in questions; what
 * happens with nothing to refer to, after an error, between two people, and when memory fills.
 */

const base = createRuntime({ log: silentLogger() });
const text = (o: { reply: Parameters<typeof renderPlain>[0]; locale: 'en' | 'zh' }) => renderPlain(o.reply, o.locale);

describe('conversation keys', () => {
  it('is one per person in a channel, one per thread, one per DM, none without a user', () => {
    const ann = conversationKey({ platform: 'slack', user: { id: 'U1' }, channel: { id: 'C1', space: 'T1' } });
    const bob = conversationKey({ platform: 'slack', user: { id: 'U2' }, channel: { id: 'C1', space: 'T1' } });
    expect(ann).not.toBe(bob);
    const annThread = conversationKey({ platform: 'slack', user: { id: 'U1' }, channel: { id: 'C1', space: 'T1', thread: '1.1' } });
    const bobThread = conversationKey({ platform: 'slack', user: { id: 'U2' }, channel: { id: 'C1', space: 'T1', thread: '1.1' } });
    expect(annThread).toBe(bobThread);
    expect(annThread).not.toBe(ann);
    expect(conversationKey({ platform: 'discord', user: { id: 'U1' } })).not.toBe(conversationKey({ platform: 'slack', user: { id: 'U1' } }));
    expect(conversationKey({ platform: 'discord', channel: { id: 'C1' } })).toBeUndefined();
    expect(conversationKey(undefined)).toBeUndefined();
  });
});

describe('follow-ups', () => {
  it('the issue: ChatGPT a day, then homes, who said it, the source, /convert that', async () => {
    const ann = person(base, 'U-issue');
    expect((await ann('/ask how much electricity does ChatGPT use a day?')).reply.data.facts?.[0]).toBe('chatgpt-daily-energy');
    const homes = await ann('and how many homes is that?');
    expect(homes.command).toBe('convert');
    expect(homes.reply.title).toBe("ChatGPT's electricity use per day (500,000 kWh/day) = 17,200 US households");
    expect(homes.reply.data.quantity?.value).toBeCloseTo(17_241.4, 1);
    const who = await ann('who said that?');
    expect(who.reply.data.speaker).toEqual({ id: 'xiang', name: 'Xiang Jiang' });
    expect(text(who)).toContain('它每天的日耗电量它能达到50万千瓦时也就是50万度电');
    const source = await ann("what's the source?");
    expect(source.reply.data.facts).toEqual(['chatgpt-daily-energy']);
    expect(text(source)).toMatch(/The New Yorker/);
    const again = await ann('/convert that to households');
    expect(again.reply.title).toMatch(/^ChatGPT's electricity use per day \(500,000 kWh\/day\) = 17,200 US households$/);
  });

  it.each([
    ['and in homes?', /^ChatGPT's electricity use per day \(500,000 kWh\/day\) = 17,200 US households$/, { value: 17_241.4, unit: 'homes' }],
    ['that in GWh', /^ChatGPT's electricity use per day \(500,000 kWh\/day\), over 1 day = 0\.5 GWh$/, { value: 0.5, unit: 'GWh' }],
    // Chinese in the message: the answer is in Chinese.
    ['convert that to 度', /^ChatGPT 每日耗电量（50万千瓦时（度）\/天），一天 = 50万度$/, { value: 500_000, unit: 'kWh' }],
  ])('"%s" converts the last figure and says what it was', async (say, title, quantity) => {
    const ann = person(base, `U-${say}`);
    await ann('/ask how much electricity does ChatGPT use a day?');
    const o = await ann(say);
    expect(o.reply.title).toMatch(title);
    expect(text(o)).toMatch(/“That” is ChatGPT|“那个”指的是ChatGPT/);
    expect(o.reply.data.quantity?.unit).toBe(quantity.unit);
    expect(o.reply.data.quantity?.value).toBeCloseTo(quantity.value, 1);
  });

  it('in Chinese: 那换算成度呢, 谁说的, 出处呢, 详细点', async () => {
    const li = person(base, 'U-zh');
    await li('ChatGPT每天用多少电？');
    const du = await li('那换算成度呢');
    expect(du.locale).toBe('zh');
    expect(du.reply.title).toBe('ChatGPT 每日耗电量（50万千瓦时（度）/天），一天 = 50万度');
    expect(text(du)).toContain('“那个”指的是ChatGPT 每日耗电量');
    expect((await li('谁说的')).reply.data.speaker).toEqual({ id: 'xiang', name: '向江' });
    const source = await li('出处呢');
    expect(source.reply.title).toMatch(/^出处：ChatGPT 每日耗电量/);
    expect(text(source)).toContain('https://sv101.fireside.fm/155');
    const more = await li('详细点');
    expect(more.reply.title).toMatch(/^更多：ChatGPT 每日耗电量/);
    expect(more.reply.data.facts?.[0]).toBe('chatgpt-daily-energy');
  });

  it('in Traditional characters, and with 那个数字 for "that": the follow-up stays on the figure asked about', async () => {
    // After a closest match, which lists other facts: "那个数字" is the figure answered, not one of those.
    for (const [ask, who, convert] of [
      ['ChatGPT一天用多少電', '那個數字是誰說的', '換算成千瓦時'],
      ['ChatGPT一天用多少电', '那个数字是谁说的', '换算成千瓦时'],
    ] as const) {
      const tw = person(base, `U-${ask}`);
      expect((await tw(ask)).reply.data.facts?.[0], ask).toBe('chatgpt-daily-energy');
      const said = await tw(who);
      expect(said.reply.data.speaker, who).toEqual({ id: 'xiang', name: '向江' });
      expect(said.reply.data.facts, who).toEqual(['chatgpt-daily-energy']);
      const kwh = await tw(convert);
      expect(kwh.reply.data.converted?.value, convert).toBe(500000);
      expect(kwh.locale).toBe('zh');
    }
  });

  it('"more" and "why?" stay on the figure', async () => {
    const ann = person(base, 'U-more');
    await ann('how much power do 100,000 H100s draw?');
    const more = await ann('more');
    expect(more.reply.data.facts?.[0]).toBe('h100-100k-70mw');
    expect(more.reply.title).toMatch(/^More: /);
    const why = await ann('why?');
    expect(why.reply.title).toMatch(/^Why: /);
    expect(text(why)).toMatch(/“That” is /);
  });

  it('a short question that points back ("when will it ease?", "那它什么时候能缓解") stays with the last answer and its related facts', async () => {
    for (const [first, then] of [
      ['what did musk say about transformers?', 'when will it ease?'],
      ['马斯克说变压器怎么了', '那它什么时候能缓解'],
    ] as const) {
      const bo = person(base, `U-back-${first}`);
      expect((await bo(first)).reply.data.facts?.[0]).toBe('musk-transformers');
      expect((await bo(then)).reply.data.facts?.[0], then).toBe('transformer-shortage-1-2yr');
    }
    // Alone, the same words name nothing the episode is sure of.
    expect((await person(base, 'U-back-alone')('when will it ease?')).reply.data.facts?.[0]).not.toBe('transformer-shortage-1-2yr');
  });

  it('a follow-up with a duration, or asking for energy or power without a unit', async () => {
    const ann = person(base, 'U-dur');
    await ann('/convert 50 MW to homes');
    const year = await ann("what's that over a year in GWh");
    expect(year.reply.data.quantity).toEqual({ value: 438, unit: 'GWh' });
    const li = person(base, 'U-dur-zh');
    await li('Meta有多少块H100');
    const power = await li('how much power is that');
    expect(power.reply.data.quantity).toEqual({ value: 455, unit: 'MW' });
  });

  it('asks which figure when there is nothing to refer to, never guesses, and takes the answer', async () => {
    for (const say of [
      'and in homes?',
      'who said that?',
      'that in GWh',
      "what's the source?",
      'more',
      '那换算成度呢',
      '谁说的',
      '出处呢',
      '详细点',
      '/convert that to households',
      '/compare that vs nuclear plant',
    ]) {
      const o = await person(base, `U-cold-${say}`)(say);
      expect(o.reply.data.asksWhich, say).toBe(true);
      expect(o.reply.data.facts).toEqual([]);
      expect(o.reply.data.quantity).toBeUndefined();
    }
    const ann = person(base, 'U-cold-then');
    expect((await ann('and how many homes is that?')).reply.data.asksWhich).toBe(true);
    const done = await ann('the chatgpt daily figure');
    expect(done.reply.data.quantity?.value).toBeCloseTo(17_241.4, 1);
  });

  it('after an error, says the last message got no answer', async () => {
    const ann = person(base, 'U-err');
    await ann('/ask how much electricity does ChatGPT use a day?');
    expect((await ann('/convert 5 mw')).reply.kind).toBe('error');
    const o = await ann('that in GWh');
    expect(o.reply.data.asksWhich).toBe(true);
    expect(text(o)).toMatch(/last message got no answer/);
    expect((await ann('/convrt 5 MW')).reply.kind).toBe('error');
    expect((await ann('who said that?')).reply.data.asksWhich).toBe(true);
  });

  it('never answers from another person’s context in a channel; a thread is shared', async () => {
    const ann = person(base, 'U-ann', { channel: 'C-shared' });
    const bob = person(base, 'U-bob', { channel: 'C-shared' });
    await ann('/ask how much electricity does ChatGPT use a day?');
    await bob('/convert 45 GW to nyc');
    expect((await ann('and in homes?')).reply.data.quantity?.value).toBeCloseTo(17_241.4, 1);
    expect((await bob('and in homes?')).reply.data.quantity?.value).toBeCloseTo(37_241_379.3, 0);
    const carol = person(base, 'U-carol', { channel: 'C-shared' });
    expect((await carol('who said that?')).reply.data.asksWhich).toBe(true);
    const annThread = person(base, 'U-ann', { channel: 'C-shared', thread: 't1' });
    const bobThread = person(base, 'U-bob', { channel: 'C-shared', thread: 't1' });
    await annThread('/ask how much electricity does ChatGPT use a day?');
    expect((await bobThread('who said that?')).reply.data.speaker?.id).toBe('xiang');
  });

  it('forgets a conversation after its quiet time', async () => {
    const rt = withServices(base, { conversations: new MemoryConversations({ ttlMs: 30 }) });
    const ann = person(rt, 'U-ttl');
    await ann('/ask how much electricity does ChatGPT use a day?');
    await new Promise((r) => setTimeout(r, 80));
    expect((await ann('and in homes?')).reply.data.asksWhich).toBe(true);
  });

  it('stays bounded under a flood of distinct conversations', async () => {
    const memory = new MemoryConversations({ max: 500 });
    const turn: Turn = { at: 0, locale: 'en', command: 'ask', subjects: ['chatgpt-daily-energy'], shown: [], figures: [], notes: [] };
    for (let i = 0; i < 20_000; i++) await memory.set(`k${i}`, turn);
    expect(memory.size).toBe(500);
    expect(await memory.get('k0')).toBeUndefined();
    expect(await memory.get('k19999')).toBe(turn);
    const rt = withServices(base, { conversations: memory });
    for (let i = 0; i < 600; i++) await person(rt, `flood-${i}`)('/convert 5 MW to kW');
    expect(memory.size).toBe(500);
  });

  it('a broken conversation store costs the follow-up, never the answer', async () => {
    const broken = { get: () => Promise.reject(new Error('db down')), set: () => Promise.reject(new Error('db down')) };
    const rt = withServices(base, { conversations: broken });
    const o = await person(rt, 'U-broken')('/ask how much electricity does ChatGPT use a day?');
    expect(o.reply.data.facts?.[0]).toBe('chatgpt-daily-energy');
    expect((await person(rt, 'U-broken')('and in homes?')).reply.data.asksWhich).toBe(true);
  });
});

describe('numbers in questions', () => {
  it.each([
    ['how many homes could 50 MW power?', 'convert', { value: 41_379.3, unit: 'homes' }, 'helion-msft-50mw-2028'],
    ['how much energy do 100k H100s use in a year?', 'convert', { value: 613.2, unit: 'GWh' }, 'h100-100k-70mw'],
    ['5万张H100一年耗电多少度', 'convert', { value: 306_600_000, unit: 'kWh' }, 'h100-100k-70mw'],
    ['1 GW for a year costs how much at 5 cents?', 'project', { value: 438_000_000, unit: 'USD' }, undefined],
  ] as const)('%s', async (q, command, quantity, linked) => {
    const o = await person(base, `U-num-${q}`)(q);
    expect(o.command).toBe(command);
    expect(o.reply.data.quantity?.unit).toBe(quantity.unit);
    expect(o.reply.data.quantity?.value).toBeCloseTo(quantity.value, 0);
    if (linked) {
      expect(o.reply.data.facts).toContain(linked);
      expect(o.reply.actions.map((a) => a.command)).toContain(`/fact ${linked}`);
    }
    // The working is shown: the yardstick's amount, or the count times it.
    expect(text(o)).toMatch(/[×÷]/);
  });

  it('a figure the episode states gets the fact, with the arithmetic beside it', async () => {
    const o = await person(base, 'U-stated')('how much power do 100,000 H100s draw?');
    expect(o.command).toBe('ask');
    expect(o.reply.kind).toBe('answer');
    expect(o.reply.data.facts?.[0]).toBe('h100-100k-70mw');
    expect(o.reply.data.quantity).toEqual({ value: 70, unit: 'MW' });
    expect(text(o)).toContain("Wattson's arithmetic: 100,000 H100 GPUs = 70 MW");
    expect(text(o)).toContain('100,000 × 700 W');
  });

  it('a count a fact states, restated about its subject ("is that right?"), gets the fact; the same count alone, or with a unit asked, gets the arithmetic', async () => {
    for (const q of ['someone told me chatgpt uses as much power as 20k us homes every day, is that right?', 'ChatGPT一天的耗电真的相当于2万户美国家庭吗']) {
      const o = await person(base, `U-restated-${q}`)(q);
      expect(o.command, q).toBe('ask');
      expect(o.reply.data.facts?.[0], q).toBe('chatgpt-20k-households');
    }
    for (const q of ['how much power do 20k us homes use in a day', 'how many MWh do 20,000 US homes use a day?']) expect((await person(base, `U-count-${q}`)(q)).command, q).toBe('convert');
  });

  it('a number offered to be checked ("…, right?", "…吗") asks about the episode\'s figure, not for arithmetic on it', async () => {
    for (const [q, id] of [
      ['the average US home uses about 40 kWh a day, right?', 'us-household-daily-kwh'],
      ['谷歌搜索一年耗电多少度？有300亿度那么多吗', 'google-search-29bn-kwh'],
      ['100k H100s draw around 90 MW, is that correct?', 'h100-100k-70mw'],
    ] as const) {
      const o = await person(base, `U-check-${q}`)(q);
      expect(o.command, q).toBe('ask');
      expect(o.reply.data.facts?.[0], q).toBe(id);
    }
    // Asked for a unit of its own, or with the ask after the number, it is still arithmetic.
    for (const q of ['how many homes could 50 MW power, roughly?', '5万张H100一年耗电多少度，是不是很多']) expect((await person(base, `U-nocheck-${q}`)(q)).command, q).toBe('convert');
  });

  it('a sum of money ("$1M", "$5 billion") is not read as a price per kWh', async () => {
    const o = await person(base, 'U-sum')('1 GW for a year costs how much? someone said $5 billion');
    expect(o.command).toBe('project');
    expect(text(o)).not.toContain('$5/kWh');
  });

  it('comparisons asked in words go to /compare', async () => {
    const o = await person(base, 'U-cmp')("how does ChatGPT's daily use compare to a nuclear plant?");
    expect(o.command).toBe('compare');
    expect(o.reply.data.compare?.ratio).toBeCloseTo(20_833.33 / 2_500_000, 6);
    const that = person(base, 'U-cmp-that');
    await that('/ask how much electricity does ChatGPT use a day?');
    const vs = await that('and compared to NYC?');
    expect(vs.command).toBe('compare');
    expect(vs.reply.data.compare?.a.fact).toBe('chatgpt-daily-energy');
    expect(vs.reply.data.compare?.b.yardstick).toBe('nyc');
  });

  it('a comparison the episode itself makes gets that fact, not arithmetic on another fact and a yardstick', async () => {
    for (const q of ['How much more energy does an AI query use compared to a normal Google search?', 'how much more power does one AI answer need compared to a google search']) {
      const o = await person(base, `U-${q}`)(q);
      expect(o.command, q).toBe('ask');
      expect(o.reply.data.facts?.[0], q).toBe('ai-query-vs-search');
    }
    // Where the whole question finds the side's own fact, it is still compared.
    expect((await person(base, 'U-cmp-plant')("how does ChatGPT's daily use compare to a big power plant?")).command).toBe('compare');
  });
});
