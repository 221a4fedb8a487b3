import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');
export const CLI = join(ROOT, 'dist', 'src', 'cli.js');
export const MAIN = join(ROOT, 'dist', 'src', 'main.js');

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built program as a user would (npm test builds first), with a clean environment. */
export function runNode(script: string, args: string[], opts: { input?: string; env?: Record<string, string> } = {}): Run {
  const r = spawnSync(process.execPath, [script, ...args], {
    cwd: ROOT,
    input: opts.input ?? '',
    encoding: 'utf8',
    // A fresh daily-posts database per run, never data/ in the checkout.
    env: { PATH: process.env['PATH'] ?? '', WATTSON_DB: join(mkdtempSync(join(tmpdir(), 'wattson-db-')), 'wattson.db'), ...opts.env },
    timeout: 20_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export const cli = (args: string[], opts?: Parameters<typeof runNode>[2]) => runNode(CLI, args, opts);
