import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger } from '../../log.js';

/**
 * Bolt's logger interface over Wattson's pino logger, so Bolt's messages are structured JSON
 * on stderr with everything else (and go through the same redaction). Bolt logs strings and
 * sometimes Error objects; errors keep their stack in the log, never in a chat.
 */
export function boltLogger(log: Logger): BoltLogger {
  const child = log.child({ component: 'slack' });
  const emit = (level: 'debug' | 'info' | 'warn' | 'error', parts: unknown[]) => {
    if (!child.isLevelEnabled(level)) return;
    const err = parts.find((p): p is Error => p instanceof Error);
    const msg = parts
      .filter((p) => !(p instanceof Error))
      .map((p) => (typeof p === 'string' ? p : JSON.stringify(p)))
      .join(' ');
    if (err) child[level]({ err }, msg || err.message);
    else child[level](msg);
  };
  return {
    debug: (...m: unknown[]) => emit('debug', m),
    info: (...m: unknown[]) => emit('info', m),
    warn: (...m: unknown[]) => emit('warn', m),
    error: (...m: unknown[]) => emit('error', m),
    // The level is Wattson's (LOG_LEVEL); Bolt asking to change it is ignored.
    setLevel: () => {},
    getLevel: () => {
      if (child.isLevelEnabled('debug')) return LogLevel.DEBUG;
      if (child.isLevelEnabled('info')) return LogLevel.INFO;
      if (child.isLevelEnabled('warn')) return LogLevel.WARN;
      return LogLevel.ERROR;
    },
    setName: () => {},
  };
}
