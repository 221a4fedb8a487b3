import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/run.js';

/**
 * The process-level handlers in a real Node process (the built module, as `npm start` loads
 * it): an uncaught exception and an unhandled rejection are logged, and the process goes on.
 */

const script = `
  const { keepServingOnUncaughtErrors } = await import(${JSON.stringify(join(ROOT, 'dist', 'src', 'adapters', 'http-guards.js'))});
  const { createLogger } = await import(${JSON.stringify(join(ROOT, 'dist', 'src', 'log.js'))});
  keepServingOnUncaughtErrors(createLogger('info'));
  setTimeout(() => { throw new TypeError("Cannot read properties of null (reading 'ssl_check')"); }, 1);
  setTimeout(() => { Promise.reject(new Error('a rejection nobody awaited')); }, 5);
  setTimeout(() => { process.stdout.write('still serving'); }, 30);
`;

describe('keepServingOnUncaughtErrors', () => {
  it('logs an uncaught exception and an unhandled rejection, and the process keeps running', () => {
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '' }, timeout: 20_000 });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('still serving');
    const lines = r.stderr
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { level: number; msg: string; err: { message: string; stack: string } });
    expect(lines.map((l) => [l.level, l.msg, l.err.message])).toEqual([
      [50, 'uncaught exception; Wattson keeps serving', "Cannot read properties of null (reading 'ssl_check')"],
      [50, 'unhandled promise rejection; Wattson keeps serving', 'a rejection nobody awaited'],
    ]);
    expect(lines[0]!.err.stack).toContain('TypeError');
  });

  it('without them, the same exception ends the process (the failure the handlers prevent)', () => {
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', "setTimeout(() => { throw new TypeError('boom'); }, 1); setTimeout(() => process.stdout.write('still serving'), 30);"], {
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(r.status).not.toBe(0);
    expect(r.stdout).toBe('');
  });
});
