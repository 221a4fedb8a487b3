import { type Logger as PinoLogger, pino } from 'pino';

export type Logger = PinoLogger;

/**
 * Structured logs on stderr (stdout belongs to answers and the CLI's JSON). Anything that
 * looks like a credential is redacted, wherever it appears in a logged object.
 */
export function createLogger(level = 'info'): Logger {
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
          'config.discordToken',
          'config.slackBotToken',
          'config.slackSigningSecret',
          'config.slackAppToken',
        ],
        censor: '[redacted]',
      },
    },
    pino.destination({ fd: 2, sync: true }),
  );
}

/** A logger that drops everything: for benchmarks and tests that assert on stderr silence. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
