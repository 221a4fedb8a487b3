import { createRequire } from 'node:module';
import type { Bindings, DestinationStream, Level, LogFn, pino as Pino, Logger as PinoLogger } from 'pino';
import { logScrubber } from './log-scrub.js';

/** What Wattson logs through: pino's level methods, its level check and child loggers. */
export interface Logger {
  trace: LogFn;
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
  fatal: LogFn;
  isLevelEnabled(level: string): boolean;
  child(bindings: Bindings): Logger;
}

export interface LoggerOptions {
  /** The configured secrets' values, scrubbed wherever they appear (see log-scrub.ts). */
  secrets?: readonly (string | undefined)[];
  /** Where lines go; stderr when absent. Tests pass a stream to read what would be written. */
  destination?: DestinationStream;
}

/**
 * Structured logs on stderr (stdout belongs to answers and the CLI's JSON). Credentials are
 * redacted twice over: by key wherever they appear in a logged object, and by shape (and by
 * their configured values) anywhere in the finished line, error messages and bodies included.
 */
export function createLogger(level = 'info', opts: LoggerOptions = {}): Logger {
  return lazyLogger(level, () => {
    const pino = loadPino();
    const scrub = logScrubber(opts.secrets);
    return pino(
      {
        level,
        base: null,
        redact: {
          paths: [
            'token',
            '*.token',
            '*.*.token',
            'headers.authorization',
            '*.headers.authorization',
            'signingSecret',
            '*.signingSecret',
            'appToken',
            '*.appToken',
            'clientSecret',
            '*.clientSecret',
            'client_secret',
            '*.client_secret',
            'stateSecret',
            '*.stateSecret',
            'botToken',
            '*.botToken',
            '*.*.botToken',
            'config.discordToken',
            'config.slackBotToken',
            'config.slackSigningSecret',
            'config.slackAppToken',
          ],
          censor: '[redacted]',
        },
        hooks: { streamWrite: scrub },
      },
      opts.destination ?? pino.destination({ fd: 2, sync: true }),
    );
  });
}

/** A logger that drops everything: for benchmarks and tests that assert on stderr silence. */
export function silentLogger(): Logger {
  return lazyLogger('silent', () => loadPino()({ level: 'silent' }));
}

const RANK: Record<Level | 'silent', number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Number.POSITIVE_INFINITY };
const LEVELS: readonly Level[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];

/**
 * pino, required on the first line that is logged rather than imported: loading it and building
 * a logger with the redaction paths is about 6 ms of a console or CLI start (measured beside the
 * eager import, `WATTSON_BASELINE=… npm run bench -- startup`), and such a start usually logs
 * nothing. A logger's methods are synchronous, so the load is a synchronous require of pino (a
 * CommonJS package).
 */
function loadPino(): typeof Pino {
  return (createRequire(import.meta.url)('pino') as { pino: typeof Pino }).pino;
}

/** A logger that builds the pino logger on its first line at or above `level`; calls below it cost nothing. */
function lazyLogger(level: string, build: () => PinoLogger): Logger {
  const threshold = RANK[level as Level] ?? RANK.info;
  let real: PinoLogger | undefined;
  const pinoLogger = () => (real ??= build());
  const drop: LogFn = () => {};
  const method = (l: Level): LogFn => (RANK[l] < threshold ? drop : (((...args: Parameters<LogFn>) => pinoLogger()[l](...args)) as LogFn));
  const [trace, debug, info, warn, error, fatal] = LEVELS.map(method) as [LogFn, LogFn, LogFn, LogFn, LogFn, LogFn];
  return {
    trace,
    debug,
    info,
    warn,
    error,
    fatal,
    isLevelEnabled: (l) => (RANK[l as Level] ?? Number.NEGATIVE_INFINITY) >= threshold,
    child: (bindings) => lazyLogger(level, () => pinoLogger().child(bindings)),
  };
}
