import { type DiscordHttpAdapter, startDiscordHttp } from '../../../src/adapters/discord/http/index.js';
import { loadConfig } from '../../../src/config.js';
import { leafOf } from '../../../src/dispatch/command.js';
import type { Runtime } from '../../../src/dispatch/execute.js';
import { optionSpecs } from '../../../src/dispatch/options.js';
import { parseLine } from '../../../src/dispatch/parse-line.js';
import { FakeDiscord, type Option } from './fake-discord.js';
import { makeSigner, type Signer } from './signer.js';

/** Discord over HTTP on loopback: the real adapter, a fake Discord for its REST follow-ups, and Discord's signer. */
export interface HttpHarness {
  fake: FakeDiscord;
  signer: Signer;
  adapter: DiscordHttpAdapter;
  stop(): Promise<void>;
}

export async function startHttpHarness(rt: Runtime, opts: { deferAfterMs?: number } = {}): Promise<HttpHarness> {
  const fake = await FakeDiscord.start();
  const signer = makeSigner();
  const env = loadConfig({ DISCORD_APPLICATION_ID: fake.applicationId, DISCORD_PUBLIC_KEY: signer.publicKeyHex, DISCORD_API_URL: fake.apiUrl, PORT: '0', HOST: '127.0.0.1' }).env;
  const adapter = await startDiscordHttp(rt, env, opts);
  return {
    fake,
    signer,
    adapter,
    async stop() {
      await adapter.stop();
      await fake.close();
    },
  };
}

const TYPE = { string: 3, integer: 4, boolean: 5, number: 10 } as const;

/** A typed command line as the options Discord's client would send for it (a subcommand, typed values). */
export function optionsFor(line: string, rt: Runtime): { name: string; options: Option[] } {
  const parsed = parseLine(line, rt.commands);
  if (!parsed.ok) throw new Error(`not a command line: ${line}`);
  const leaf = leafOf(parsed.command, parsed.subcommand)!;
  const specs = optionSpecs(leaf.options);
  const values: Option[] = Object.entries(parsed.args)
    .filter(([, v]) => v !== undefined)
    .map(([name, v]) => {
      const spec = specs.find((s) => s.name === name)!;
      const value = spec.type === 'string' ? String(v) : spec.type === 'boolean' ? v === true || v === 'true' : Number(v);
      return { name, type: TYPE[spec.type], value };
    });
  return { name: parsed.command.name, options: parsed.subcommand ? [{ name: parsed.subcommand, type: 1, options: values }] : values };
}
