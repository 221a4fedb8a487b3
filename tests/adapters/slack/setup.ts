import { z } from 'zod';
import { type Env, loadConfig } from '../../../src/config.js';
import { type Command, defineCommand } from '../../../src/dispatch/command.js';
import type { Runtime } from '../../../src/dispatch/execute.js';
import { createRuntime } from '../../../src/dispatch/runtime.js';
import { silentLogger } from '../../../src/log.js';
import { type FakeSlack, SIGNING_SECRET } from './fake-slack.js';

/** A runtime copy with a command that throws and a counted /about, for failure and replay tests. */
export function testRuntime(): { rt: Runtime; runs: { about: number } } {
  const base = createRuntime({ log: silentLogger() });
  const runs = { about: 0 };
  const boom = defineCommand({
    name: 'boom',
    description: { en: 'Always fails', zh: '总是失败' },
    options: z.object({}),
    examples: [{ line: '/boom', description: { en: 'Fails', zh: '失败' } }],
    run() {
      throw new Error('kaboom: internal detail that must not reach a chat');
    },
  });
  const commands: Command[] = base.commands.map((c) => {
    const run = c.run;
    if (c.name !== 'about' || !run) return c;
    return {
      ...c,
      run: (...args: Parameters<typeof run>) => {
        runs.about += 1;
        return run(...args);
      },
    };
  });
  return { rt: { ...base, commands: [...commands, boom] }, runs };
}

export function httpEnv(fake: FakeSlack): Env {
  return loadConfig({ SLACK_BOT_TOKEN: 'xoxb-fake', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.apiUrl, PORT: '0', LOG_LEVEL: 'silent' }).env;
}

export function socketEnv(fake: FakeSlack): Env {
  return loadConfig({ SLACK_BOT_TOKEN: 'xoxb-fake', SLACK_APP_TOKEN: 'xapp-fake', SLACK_API_URL: fake.apiUrl, LOG_LEVEL: 'silent' }).env;
}
