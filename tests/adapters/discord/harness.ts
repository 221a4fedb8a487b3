import { pino } from 'pino';
import { type DiscordAdapter, startDiscord } from '../../../src/adapters/discord/index.js';
import { loadConfig } from '../../../src/config.js';
import type { Runtime } from '../../../src/dispatch/execute.js';
import { createRuntime } from '../../../src/dispatch/runtime.js';
import { FakeDiscord } from './fake-discord.js';

/** A fake Discord, the real adapter logged in to it, and the adapter's logs as parsed lines. */
export interface Harness {
  fake: FakeDiscord;
  adapter: DiscordAdapter;
  rt: Runtime;
  logs: Record<string, any>[];
  stop(): Promise<void>;
}

export function capturingLogger(logs: Record<string, any>[]) {
  return pino({ level: 'debug', base: null }, { write: (line: string) => void logs.push(JSON.parse(line)) });
}

export async function startHarness(customise: (rt: Runtime) => Runtime | Promise<Runtime> = (rt) => rt): Promise<Harness> {
  const logs: Record<string, any>[] = [];
  const rt = await customise(createRuntime({ log: capturingLogger(logs), random: () => 0 }));
  const fake = await FakeDiscord.start();
  const env = loadConfig({ DISCORD_TOKEN: fake.token, DISCORD_APPLICATION_ID: fake.applicationId, DISCORD_API_URL: fake.apiUrl }).env;
  let adapter: DiscordAdapter;
  try {
    adapter = await startDiscord(rt, env);
  } catch (err) {
    await fake.close();
    throw err;
  }
  return {
    fake,
    adapter,
    rt,
    logs,
    async stop() {
      await adapter.stop();
      await fake.close();
    },
  };
}
