import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DiscordAdapter, startDiscord } from '../../../src/adapters/discord/index.js';
import { loadConfig } from '../../../src/config.js';
import { createRuntime } from '../../../src/dispatch/runtime.js';
import { FakeDiscord } from './fake-discord.js';
import { capturingLogger } from './harness.js';

/**
 * Gateway sharding with `shards: 'auto'`: the fake Discord's /gateway/bot recommends two
 * shards, and the real discord.js client opens two connections, identified as [0, 2] and
 * [1, 2], and answers interactions that arrive on either.
 */

let fake: FakeDiscord;
let adapter: DiscordAdapter;
const logs: Record<string, any>[] = [];

beforeAll(async () => {
  fake = await FakeDiscord.start({ shards: 2 });
  const env = loadConfig({ DISCORD_TOKEN: fake.token, DISCORD_APPLICATION_ID: fake.applicationId, DISCORD_API_URL: fake.apiUrl }).env;
  adapter = await startDiscord(createRuntime({ log: capturingLogger(logs) }), env);
});

afterAll(async () => {
  await adapter?.stop();
  await fake?.close();
});

describe('gateway sharding', () => {
  it('identifies once per recommended shard, as [0, 2] and [1, 2]', () => {
    const identifies = fake.gatewayIn.filter((f) => f.op === 2).map((f) => f.d.shard);
    expect(identifies.sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect(fake.identifiedShards.map(([id]) => id).sort()).toEqual([0, 1]);
    expect(adapter.client.ws.shards.size).toBe(2);
    expect(logs.find((l) => l.msg === 'discord ready')?.shards).toBe(2);
  });

  it('answers interactions on both shards', async () => {
    for (const shard of [0, 1]) {
      const sent = fake.slash('convert', [{ name: 'quantity', type: 3, value: `${shard + 5} MW to kW` }], { shard });
      const cb = await fake.callbackFor(sent.id);
      expect(cb.body.type).toBe(4);
      expect(JSON.stringify(cb.body.data)).toContain(`${shard + 5},000 kW`);
    }
  });
});
