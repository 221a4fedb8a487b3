import * as z from 'zod';
import { type Env, loadConfig } from '../../../src/config.js';
import { type Command, defineCommand, type Leaf } from '../../../src/dispatch/command.js';
import type { Runtime } from '../../../src/dispatch/execute.js';
import { createRuntime } from '../../../src/dispatch/runtime.js';
import { type Logger, silentLogger } from '../../../src/log.js';
import { type FakeSlack, SIGNING_SECRET } from './fake-slack.js';

/**
 * A runtime copy with a command that throws and counted runs (/about alone, and every command),
 * for failure, replay and forgery tests.
 */
export function testRuntime(log: Logger = silentLogger()): { rt: Runtime; runs: { about: number; all: number } } {
  const base = createRuntime({ log });
  const runs = { about: 0, all: 0 };
  const boom = defineCommand({
    name: 'boom',
    description: { en: 'Always fails', zh: '总是失败' },
    options: z.object({}),
    examples: [{ line: '/boom', description: { en: 'Fails', zh: '失败' } }],
    run() {
      throw new Error('kaboom: internal detail that must not reach a chat');
    },
  });
  const counted =
    (name: string, run: Leaf['run']): Leaf['run'] =>
    (...args) => {
      runs.all += 1;
      if (name === 'about') runs.about += 1;
      return run(...args);
    };
  const commands: Command[] = base.commands.map((c) => ({
    ...c,
    ...(c.run && { run: counted(c.name, c.run) }),
    ...(c.subcommands && { subcommands: c.subcommands.map((sub) => ({ ...sub, run: counted(c.name, sub.run) })) }),
  }));
  return { rt: { ...base, commands: [...commands, boom] }, runs };
}

export function httpEnv(fake: FakeSlack): Env {
  return loadConfig({ SLACK_BOT_TOKEN: 'xoxb-fake', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.apiUrl, PORT: '0', LOG_LEVEL: 'silent' }).env;
}

export function socketEnv(fake: FakeSlack): Env {
  return loadConfig({ SLACK_BOT_TOKEN: 'xoxb-fake', SLACK_APP_TOKEN: 'xapp-fake', SLACK_API_URL: fake.apiUrl, LOG_LEVEL: 'silent' }).env;
}
