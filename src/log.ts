import { type DestinationStream, type Logger as PinoLogger, pino } from 'pino';
import { logScrubber } from './log-scrub.js';

export type Logger = PinoLogger;

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
}

/** A logger that drops everything: for benchmarks and tests that assert on stderr silence. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
