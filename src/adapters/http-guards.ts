import type { Logger } from '../log.js';

/**
 * Process-level handlers for a Wattson that serves platforms. Node's default for an uncaught
 * exception or an unhandled rejection is to print it and exit, so one request that trips a
 * library bug (Bolt's receiver runs each request in an async closure nobody awaits) would
 * take every channel down with it. Here such an error is logged, as an error with its stack
 * and through the redacting logger, and the process keeps serving.
 *
 * The request paths are built so that nothing reaches these handlers (every malformed request
 * is answered 4xx before a library sees it); a line from here is a bug to fix, not a way of
 * working. Wattson's state lives in SQLite transactions and bounded caches, which an
 * exception thrown between two awaits of a request does not leave half-written.
 */

let installed = false;

/** Installs the handlers once; later calls change nothing. */
export function keepServingOnUncaughtErrors(log: Logger): void {
  if (installed) return;
  installed = true;
  const guardLog = log.child({ component: 'process' });
  process.on('uncaughtException', (err, origin) => {
    guardLog.error({ err, origin }, 'uncaught exception; Wattson keeps serving');
  });
  process.on('unhandledRejection', (reason) => {
    guardLog.error({ err: reason }, 'unhandled promise rejection; Wattson keeps serving');
  });
}
