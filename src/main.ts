import { startConsole } from './adapters/console/chat.js';
import { ConfigError, loadConfig } from './config.js';
import { FactStoreError } from './facts/load.js';
import { createLogger } from './log.js';
import { createRuntime } from './runtime.js';

/**
 * The composition root. With no platform settings, the console chat; platform adapters load
 * only when their settings are present, so the console never pays for discord.js or Bolt.
 */
async function main(): Promise<number> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    throw err;
  }
  const log = createLogger(config.env.LOG_LEVEL);
  let rt;
  try {
    rt = createRuntime({ log });
  } catch (err) {
    if (err instanceof FactStoreError) {
      process.stderr.write(`Wattson cannot start: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  if (config.discord || config.slack) {
    process.stderr.write('Discord and Slack adapters are not part of this build yet; starting the console chat.\n');
  }
  await startConsole(rt, { input: process.stdin, output: process.stdout, terminal: Boolean(process.stdin.isTTY) });
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`Wattson stopped: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
