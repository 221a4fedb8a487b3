import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { commands } from '../../../commands/index.js';
import { type Command, defineCommand } from '../../../src/dispatch/command.js';
import { APP_PERMISSIONS_WITHOUT_EMBEDS, type Option, type RecordedRequest } from './fake-discord.js';
import { type Harness, startHarness } from './harness.js';

/**
 * The real discord.js Client, logged in to a fake Discord on 127.0.0.1, answering through
 * the adapter. Assertions read what reached the fake's REST, as Discord would see it.
 */

const STRING = 3;
const str = (name: string, value: string, focused?: boolean): Option => ({ name, type: STRING, value, ...(focused && { focused }) });

/** Every string in a body, wherever it sits. */
function strings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.flatMap(strings);
  if (v && typeof v === 'object') return Object.values(v).flatMap(strings);
  return [];
}

function embedText(r: RecordedRequest): string {
  const e = r.body.data.embeds ?? [];
  return strings(e).join('\n');
}

describe('Discord adapter against a fake Discord', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('logs in on the gateway with no intents and becomes ready', async () => {
    const { fake, adapter } = h;
    expect(adapter.client.isReady()).toBe(true);
    expect(adapter.client.user.id).toBe(fake.botUser.id);
    const gatewayBot = fake.requests.find((r) => r.path === '/api/v10/gateway/bot');
    expect(gatewayBot?.headers.authorization).toBe(`Bot ${fake.token}`);
    expect(fake.connections[0]?.query.get('v')).toBe('10');
    expect(fake.connections[0]?.query.get('encoding')).toBe('json');
    const identify = await fake.waitForGateway((f) => f.op === 2);
    expect(identify.d.intents).toBe(0);
    expect(h.logs.some((l) => l.msg === 'discord ready')).toBe(true);
    expect(strings(h.logs).some((s) => s.includes(fake.token))).toBe(false);
  });

  it('answers /ask about ChatGPT with an embed carrying the figure, the quote and the source, in a guild it never cached', async () => {
    const { fake, adapter } = h;
    const sent = fake.slash('ask', [str('question', 'how much electricity does ChatGPT use a day?')]);
    const cb = await fake.callbackFor(sent.id);
    expect(cb.status).toBe(204);
    expect(cb.headers.authorization).toBeUndefined();
    expect(cb.body.type).toBe(4);
    const data = cb.body.data;
    expect(data.allowed_mentions).toEqual({ parse: [] });
    expect(data.flags ?? 0).toBe(0);
    const [embed] = data.embeds;
    expect(embed.title).toBe("ChatGPT's electricity use per day");
    expect(embed.description).toContain('它每天的日耗电量它能达到50万千瓦时也就是50万度电');
    expect(embed.fields.some((f: any) => f.value.includes('500,000 kWh/day'))).toBe(true);
    expect(embed.footer.text).toContain('Silicon Valley 101 E149');
    expect(data.components[0].components[0].custom_id).toMatch(/^\/fact [a-z0-9-]+$/);
    expect(adapter.client.guilds.cache.has(fake.guildId)).toBe(false);
  });

  it('answers in a DM', async () => {
    const sent = h.fake.slash('fact', [str('id', 'chatgpt-daily-energy')], { dm: true });
    const cb = await h.fake.callbackFor(sent.id);
    expect(embedText(cb)).toContain('500,000 kWh/day');
  });

  it('answers a zh-CN interaction in Chinese, and zh-TW too', async () => {
    const cn = h.fake.slash('ask', [str('question', 'ChatGPT每天用多少电？')], { locale: 'zh-CN' });
    const cbCn = await h.fake.callbackFor(cn.id);
    expect(cbCn.body.data.embeds[0].title).toBe('ChatGPT 每日耗电量');
    expect(embedText(cbCn)).toContain('50万千瓦时');
    expect(embedText(cbCn)).toContain('向江');
    const tw = h.fake.slash('convert', [str('quantity', '290亿千瓦时')], { locale: 'zh-TW' });
    const cbTw = await h.fake.callbackFor(tw.id);
    expect(embedText(cbTw)).toContain('290亿度');
  });

  it('runs a subcommand-free command with no options (/about) and a help lookup', async () => {
    const about = await h.fake.callbackFor(h.fake.slash('about').id);
    expect(about.body.data.embeds[0].fields.some((f: any) => f.value.includes('https://sv101.fireside.fm/155'))).toBe(true);
    const help = await h.fake.callbackFor(h.fake.slash('help', [str('command', 'convert')]).id);
    expect(help.body.data.embeds[0].title).toBe('/convert');
  });

  it('runs subcommands with integer and choice options as Discord nests them', async () => {
    const cluster = h.fake.slash('project', [{ name: 'cluster', type: 1, options: [{ name: 'gpus', type: 4, value: 100000 }] }]);
    const cb = await h.fake.callbackFor(cluster.id);
    expect(cb.body.data.flags ?? 0).toBe(0);
    expect(cb.body.data.embeds[0].title).toContain('70 MW');
    const growth = h.fake.slash('project', [{ name: 'growth', type: 1, options: [str('preset', 'dc-share')] }], { locale: 'zh-CN' });
    const cbGrowth = await h.fake.callbackFor(growth.id);
    expect(cbGrowth.body.data.flags ?? 0).toBe(0);
    expect(embedText(cbGrowth)).toMatch(/[\u4e00-\u9fff]/);
    expect(embedText(cbGrowth)).toContain('2.5%');
  });

  it('autocompletes fact ids and topics for /fact, within 25 choices of at most 100 characters', async () => {
    const { fake, rt } = h;
    const cb = await fake.callbackFor(fake.autocomplete('fact', [str('id', 'helion', true)]).id);
    expect(cb.body.type).toBe(8);
    const choices: { name: string; value: string }[] = cb.body.data.choices;
    expect(choices.length).toBeGreaterThan(0);
    expect(choices.length).toBeLessThanOrEqual(25);
    for (const c of choices) {
      expect(c.name.length).toBeLessThanOrEqual(100);
      expect(rt.store.byId.has(c.value) || rt.store.topics.some((t) => t.id === c.value) || c.value === 'topics').toBe(true);
    }
    expect(choices.some((c) => c.value.startsWith('helion'))).toBe(true);

    const empty = await fake.callbackFor(fake.autocomplete('fact', [str('id', '', true)], { locale: 'zh-CN' }).id);
    expect(empty.body.data.choices[0]).toEqual({ name: 'topics：列出全部话题', value: 'topics' });
    expect(empty.body.data.choices.length).toBe(25);
  });

  it('autocompletes units for /convert', async () => {
    const cb = await h.fake.callbackFor(h.fake.autocomplete('convert', [str('quantity', '500000 kWh/day to M', true)]).id);
    const values = cb.body.data.choices.map((c: any) => c.value);
    expect(values).toContain('500000 kWh/day to MW');
    expect(values.every((v: string) => v.startsWith('500000 kWh/day to M'))).toBe(true);
  });

  it('answers a user error ephemerally (flags 64) with a correct example', async () => {
    const cb = await h.fake.callbackFor(h.fake.slash('convert', [str('quantity', '5 mw')]).id);
    expect(cb.body.data.flags).toBe(64);
    expect(cb.body.data.embeds[0].title).toBe('Not quite');
    expect(embedText(cb)).toContain('Try: /convert 5 MW');
    const unknown = await h.fake.callbackFor(h.fake.slash('fact', [str('id', 'helion-2028')]).id);
    expect(unknown.body.data.flags).toBe(64);
    expect(unknown.body.data.components[0].components[0].custom_id).toMatch(/^\/fact helion-/);
  });

  it('runs the command line a button carries, and answers a bad one ephemerally', async () => {
    const ok = await h.fake.callbackFor(h.fake.button('/fact chatgpt-20k-households').id);
    expect(ok.body.type).toBe(4);
    expect(ok.body.data.flags ?? 0).toBe(0);
    expect(embedText(ok)).toMatch(/20,000|US households/);
    const bad = await h.fake.callbackFor(h.fake.button('/fcat nothing', { locale: 'zh-CN' }).id);
    expect(bad.body.data.flags).toBe(64);
    expect(embedText(bad)).toContain('/fact');
  });

  it('never lets hostile input ping or break the limits', async () => {
    const hostile = '@everyone <@&1> <@123> @here [x](https://evil.example) how much power does ChatGPT use?';
    const bodies: RecordedRequest[] = [];
    bodies.push(await h.fake.callbackFor(h.fake.slash('ask', [str('question', hostile)]).id));
    bodies.push(await h.fake.callbackFor(h.fake.slash('ask', [str('question', `@everyone <@&1> ${'w'.repeat(10_000)}`)]).id));
    bodies.push(await h.fake.callbackFor(h.fake.slash('fact', [str('id', `@everyone <@&1> ${'z'.repeat(9_980)}`)]).id));
    bodies.push(await h.fake.callbackFor(h.fake.slash('convert', [str('quantity', '<@&1> @everyone 5 flibbles')]).id));
    bodies.push(await h.fake.callbackFor(h.fake.slash('fact', [str('id', '@everyone <@&1>')]).id));
    for (const cb of bodies) {
      expect(cb.status).toBe(204);
      expect(cb.body.data.allowed_mentions).toEqual({ parse: [] });
      for (const s of strings(cb.body.data)) {
        expect(s).not.toMatch(/@(everyone|here)/);
        expect(s).not.toMatch(/<@&?\d/);
      }
    }
    // The 10,000-character question is refused as too long, privately.
    expect(bodies[1]!.body.data.flags).toBe(64);
    expect(embedText(bodies[1]!)).toContain('at most 500 characters');
  });

  it('falls back to plain text where the app may not embed links', async () => {
    const cb = await h.fake.callbackFor(h.fake.slash('ask', [str('question', 'how much electricity does ChatGPT use a day?')], { appPermissions: APP_PERMISSIONS_WITHOUT_EMBEDS }).id);
    expect(cb.body.data.embeds).toBeUndefined();
    expect(cb.body.data.content).toContain('500,000 kWh/day');
    expect(cb.body.data.content.length).toBeLessThanOrEqual(2000);
  });

  it('retries a callback refused with 429 after retry_after, and the answer gets through', async () => {
    const { fake } = h;
    fake.rateLimit((method, path) => method === 'POST' && path.startsWith('/api/v10/interactions/'), 1, 0.2);
    const sent = fake.slash('fact', [str('id', 'chatgpt-daily-energy')]);
    const ok = await fake.callbackFor(sent.id);
    const attempts = fake.requests.filter((r) => r.path.startsWith(`/api/v10/interactions/${sent.id}/`));
    expect(attempts.map((r) => r.status)).toEqual([429, 204]);
    expect(attempts[1]!.body).toEqual(attempts[0]!.body);
    expect(embedText(ok)).toContain('500,000 kWh/day');
    expect(h.logs.some((l) => l.msg === 'discord rate limited')).toBe(true);
    expect(h.logs.some((l) => l.level >= 50)).toBe(false);
  });

  it('resumes after the gateway drops (close 4000), replays what it missed, and keeps answering', async () => {
    const { fake } = h;
    const session = fake.sessionId;
    const seq = fake.lastSeq;
    const resumesBefore = fake.gatewayIn.filter((f) => f.op === 6).length;
    fake.dropGateway(4000);
    // Sent while the client is away: Discord replays it after the resume.
    const missed = fake.slash('fact', [str('id', 'chatgpt-daily-energy')]);
    const resume = await fake.waitForGateway((f) => f.op === 6 && fake.gatewayIn.filter((g) => g.op === 6).indexOf(f) >= resumesBefore);
    expect(resume.d.session_id).toBe(session);
    expect(resume.d.seq).toBe(seq);
    expect(resume.d.token).toBe(fake.token);
    const replayed = await fake.callbackFor(missed.id);
    expect(embedText(replayed)).toContain('500,000 kWh/day');
    const later = await fake.callbackFor(fake.slash('ask', [str('question', 'how much electricity does ChatGPT use a day?')]).id);
    expect(embedText(later)).toContain('500,000 kWh/day');
    expect(fake.gatewayIn.filter((f) => f.op === 2)).toHaveLength(1);
    expect(h.logs.some((l) => l.msg === 'discord gateway resumed')).toBe(true);
  });
});

describe('Discord adapter when a command fails', () => {
  const boom: Command = defineCommand({
    name: 'boom',
    description: { en: 'Always throws', zh: '总是出错' },
    options: z.object({}),
    examples: [{ line: '/boom', description: { en: 'x', zh: 'x' } }],
    run() {
      throw new Error('kaboom at /srv/secret/path.ts:12');
    },
  });
  const broken: Command = defineCommand({
    name: 'broken',
    description: { en: 'Returns a malformed reply', zh: '返回错误的回复' },
    options: z.object({}),
    examples: [{ line: '/broken', description: { en: 'x', zh: 'x' } }],
    run: () => ({ kind: 'answer', title: 'x', blocks: null as never, actions: [], data: {} }),
  });
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness((rt) => ({ ...rt, commands: [...commands, boom, broken] }));
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('answers a throwing command with a short apology, logs it, and answers the next interaction', async () => {
    const cb = await h.fake.callbackFor(h.fake.slash('boom').id);
    expect(cb.body.data.flags).toBe(64);
    expect(embedText(cb)).toContain('Sorry, something went wrong on my side');
    expect(JSON.stringify(cb.body)).not.toContain('kaboom');
    expect(h.logs.some((l) => l.msg === 'command failed' && l.err?.message?.includes('kaboom'))).toBe(true);
    const next = await h.fake.callbackFor(h.fake.slash('ask', [str('question', 'how much electricity does ChatGPT use a day?')]).id);
    expect(embedText(next)).toContain('500,000 kWh/day');
  });

  it("catches a failure outside the command (rendering), apologises in the user's language, and stays up", async () => {
    const cb = await h.fake.callbackFor(h.fake.slash('broken', [], { locale: 'zh-CN' }).id);
    expect(cb.body.data.flags).toBe(64);
    expect(cb.body.data.content).toContain('抱歉');
    expect(cb.body.data.allowed_mentions).toEqual({ parse: [] });
    expect(h.logs.some((l) => l.msg === 'discord interaction failed')).toBe(true);
    const next = await h.fake.callbackFor(h.fake.slash('fact', [str('id', 'chatgpt-daily-energy')]).id);
    expect(embedText(next)).toContain('500,000 kWh/day');
    expect(h.adapter.client.isReady()).toBe(true);
  });

  it('stops cleanly: the client closes the gateway with 1000', async () => {
    await h.adapter.stop();
    await h.fake.waitForClose(1000);
    expect(h.adapter.client.isReady()).toBe(false);
  });
});
