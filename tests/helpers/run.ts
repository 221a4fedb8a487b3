import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');
// The bundled entry points, as `npm start` and `npm run cli` run them (scripts/bundle.mjs).
export const CLI = join(ROOT, 'dist', 'app', 'cli.js');
export const MAIN = join(ROOT, 'dist', 'app', 'main.js');

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

export interface MainRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Starts the built `npm start` with platform settings, waits for "Wattson is running", runs
 * `whileRunning`, then sends SIGTERM and waits for the exit. A fresh daily database each time.
 */
export async function runMain(env: Record<string, string>, whileRunning: (stderr: () => string) => Promise<void>): Promise<MainRun> {
  const child = spawn(process.execPath, [MAIN], {
    cwd: ROOT,
    env: { PATH: process.env['PATH'] ?? '', LOG_LEVEL: 'info', WATTSON_DB: join(mkdtempSync(join(tmpdir(), 'wattson-db-')), 'wattson.db'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  child.stdout.on('data', (d) => (stdout += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  try {
    await new Promise<void>((resolve, reject) => {
      child.stderr.on('data', (d) => {
        stderr += d;
        if (stderr.includes('"Wattson is running"')) resolve();
      });
      void exited.then((code) => reject(new Error(`main exited ${code} before running: ${stderr}`)));
    });
    await whileRunning(() => stderr);
    child.kill('SIGTERM');
    return { code: await exited, stdout, stderr };
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}
