import { startConsole } from './adapters/console/chat.js';
import type { Adapter } from './adapters/contract.js';
import type { OwnedHttpHost } from './adapters/http/server.js';
import { keepServingOnUncaughtErrors } from './adapters/http-guards.js';
import { ADAPTERS } from './adapters/index.js';
import { lazyChartPool } from './charts/lazy-pool.js';
import { type Config, ConfigError, loadConfig, secretValues, slackMode } from './config.js';
import { createDaily, type Daily } from './daily/index.js';
import { plainDeliver } from './daily/plain-deliver.js';
import { DatabaseError } from './db/errors.js';
import { openDatabase } from './db/open.js';
import { databaseServices } from './db/services.js';
import type { Database } from './db/sql.js';
import type { Runtime } from './dispatch/execute.js';
import { createRuntime, withServices } from './dispatch/runtime.js';
import { MemoryShares } from './dispatch/shares.js';
import { FactStoreError } from './facts/load.js';
import { createLogger } from './log.js';

/**
 * The composition root. With no platform settings, the console chat; platform adapters load
 * only when their settings are present, so the console never pays for discord.js or Bolt.
 */
async function main(): Promise<number> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    throw err;
  }
  const log = createLogger(config.env.LOG_LEVEL, { secrets: secretValues(config.env) });
  let rt: Runtime;
  try {
    rt = createRuntime({ log });
  } catch (err) {
    if (err instanceof FactStoreError) {
      process.stderr.write(`Wattson cannot start: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  // Postgres with DATABASE_URL (shared by replicas), else the SQLite file at WATTSON_DB.
  let db: Database;
  try {
    db = await openDatabase(config.env, { log });
  } catch (err) {
    if (err instanceof DatabaseError) {
      process.stderr.write(`Wattson cannot start: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  log.debug({ database: db.where, engine: db.engine }, 'database open');
  const daily: Daily = createDaily({ db, rt });
  // Charts render in a worker pool started on the first chart (or warmed once the process is up).
  const charts = lazyChartPool();
  // Everything a replica must share lives in the database: installations, feedback, and on
  // Postgres the conversations and rateable answers too (one process keeps those in memory).
  rt = withServices(rt, { daily: daily.service, charts, ...(await databaseServices(db, { feedbackDays: config.env.WATTSON_FEEDBACK_DAYS })) });
  if (slackMode(config.env) === 'oauth') log.info({ database: db.where }, 'Slack installations are kept in the database');
  const stopAll = async () => {
    await daily.stop();
    await charts.close();
    await db.close();
  };
  if (config.platforms.length === 0) {
    // The console is one channel whose user owns it: /daily works there with no accounts.
    daily.addPlatform(
      'console',
      plainDeliver((text) => process.stdout.write(`\n${text}\n`)),
    );
    await daily.start();
    await startConsole(rt, {
      input: process.stdin,
      output: process.stdout,
      terminal: Boolean(process.stdin.isTTY),
      who: { platform: 'console', channel: { id: 'console' }, user: { id: 'console' }, canManage: true },
    });
    await stopAll();
    return 0;
  }
  // On chat platforms an answer can be private, and its owner can share it.
  // (Replicas on Postgres keep them in the database, set above; one process keeps them here.)
  if (!rt.services.shares) rt = withServices(rt, { shares: new MemoryShares() });
  // Signal handlers go in before anything is announced: a supervisor that sends SIGTERM the
  // moment it reads "running" must reach this handler, not Node's default of dying at once.
  let stopping: ((signal: string) => void) | undefined;
  const stopped = new Promise<string>((resolve) => (stopping = resolve));
  process.once('SIGINT', () => stopping?.('SIGINT'));
  process.once('SIGTERM', () => stopping?.('SIGTERM'));

  keepServingOnUncaughtErrors(log);
  const running: Adapter[] = [];
  // One HTTP server for every platform served over HTTP: each adapter adds its own verified routes.
  let http: OwnedHttpHost | undefined;
  try {
    if (config.http) {
      // Loaded here, not above: the console never listens, so it never loads node:http.
      const { createHttpHost } = await import('./adapters/http/server.js');
      http = createHttpHost({ port: config.env.PORT, host: config.env.HOST, log });
      await http.listen();
    }
    for (const platform of config.platforms) running.push(await (await ADAPTERS[platform]())(rt, config.env, { ...(http && { http }) }));
  } catch (err) {
    log.fatal({ err }, 'a platform adapter failed to start');
    await Promise.allSettled([stopAll(), ...running.map((a) => a.stop()), http?.close()]);
    return 1;
  }
  if (http) log.info({ host: http.address, port: http.port, paths: http.paths }, 'HTTP listening');
  for (const a of running) if (a.deliver) daily.addPlatform(a.name, a.deliver);
  await daily.start();
  log.info({ adapters: running.map((a) => a.name) }, 'Wattson is running');
  // What /ask builds on first need (the Chinese segmenter, the spelling buckets) is built now,
  // between connecting and the first questions, so no user's question waits for it.
  setImmediate(() => {
    log.debug({ ms: Math.round(rt.search.warm()) }, '/ask warmed up');
    charts.warm();
  });
  const signal = await stopped;
  log.info({ signal }, 'shutting down');
  await daily.stop();
  await Promise.allSettled(running.map((a) => a.stop()));
  await http?.close();
  await charts.close();
  await db.close();
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
