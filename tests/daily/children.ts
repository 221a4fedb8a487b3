import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ROOT } from '../helpers/run.js';

/** Poster processes (poster-child.ts) for the crash and replica tests, and a replayable random source. */

const CHILD = join(import.meta.dirname, 'poster-child.ts');
const children = new Set<ChildProcess>();

/** SIGKILLs every child still running (afterAll). */
export function killChildren(): void {
  for (const c of children) c.kill('SIGKILL');
}

/** mulberry32: the runs are random but replayable from the printed seed. */
export function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Child {
  proc: ChildProcess;
  line(prefix: string): Promise<string>;
  send(text: string): void;
  exited: Promise<number | null>;
  stderr: () => string;
}

export function startChild(db: string, base: string, env: Record<string, string> = {}): Child {
  const proc = spawn(process.execPath, ['--import', 'tsx', CHILD, db, base], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  children.add(proc);
  let err = '';
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const lines: string[] = [];
  const waiting: { prefix: string; resolve: (l: string) => void }[] = [];
  createInterface({ input: proc.stdout! }).on('line', (l) => {
    const i = waiting.findIndex((w) => l.startsWith(w.prefix));
    if (i >= 0) waiting.splice(i, 1)[0]!.resolve(l);
    else lines.push(l);
  });
  const exited = new Promise<number | null>((resolve) =>
    proc.on('exit', (code) => {
      children.delete(proc);
      resolve(code);
    }),
  );
  return {
    proc,
    exited,
    stderr: () => err,
    send: (text) => proc.stdin!.write(`${text}\n`),
    line(prefix) {
      const i = lines.findIndex((l) => l.startsWith(prefix));
      if (i >= 0) return Promise.resolve(lines.splice(i, 1)[0]!);
      return new Promise((resolve, reject) => {
        waiting.push({ prefix, resolve });
        void exited.then((code) => reject(new Error(`child exited (${code}) before "${prefix}": ${err.slice(-2000)}`)));
      });
    },
  };
}
