import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, MAIN, ROOT, runNode } from '../helpers/run.js';

/**
 * The launchers run each bundle from V8's code cache made at build time (src/boot/run-bundle.ts).
 * A cache is a speed-up only: these check that the built one is used, and that a stale or
 * foreign one is never trusted, with V8 itself in the loop.
 */

const RUN_BUNDLE = join(ROOT, 'dist', 'src', 'boot', 'run-bundle.js');

/** A directory holding a launcher for `<name>.bundle.cjs`, run the way dist/app/main.js runs its bundle. */
function fixture(body: string): { dir: string; run: (mode?: string) => { stdout: string; stderr: string; status: number | null } } {
  const dir = mkdtempSync(join(tmpdir(), 'wattson-boot-'));
  writeFileSync(join(dir, 'x.bundle.cjs'), body);
  writeFileSync(join(dir, 'launch.mjs'), `import { runBundle } from ${JSON.stringify(RUN_BUNDLE)};\nrunBundle(${JSON.stringify(join(dir, 'launch.mjs'))}, 'x');\n`);
  const run = (mode = 'report') => {
    const r = spawnSync(process.execPath, [join(dir, 'launch.mjs')], { encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '', WATTSON_CODE_CACHE: mode } });
    return { stdout: r.stdout, stderr: r.stderr, status: r.status };
  };
  return { dir, run };
}

const SAYS = (word: string) => `const words = { a: 'alpha', b: 'bravo' };\nconsole.log(words.${word}, require('node:path').basename(__filename), __importMetaUrl.endsWith('/launch.mjs'));\n`;

describe('the code cache', () => {
  it('is made by the build and accepted by both launchers, which still answer', () => {
    for (const [entry, args, input] of [
      [CLI, ['/ask how much power does a US home use in a day?'], ''],
      [MAIN, [], 'how much power does a US home use in a day?\n'],
    ] as const) {
      const r = runNode(entry, [...args], { input, env: { WATTSON_CODE_CACHE: 'report' } });
      expect(r.status).toBe(0);
      expect(r.stderr).toContain('code cache: accepted');
      expect(r.stdout).toMatch(/kWh/);
    }
  });

  it('is written by a warm-up run and then used; the bundle sees CommonJS and its entry URL', () => {
    const { run } = fixture(SAYS('a'));
    const first = run('write');
    expect(first.status).toBe(0);
    expect(first.stdout.trim()).toBe('alpha x.bundle.cjs true');
    const second = run();
    expect(second.stderr).toContain('code cache: accepted');
    expect(second.stdout.trim()).toBe('alpha x.bundle.cjs true');
  });

  it('is never used for a bundle that changed, even to one of the same length', () => {
    const { dir, run } = fixture(SAYS('a'));
    run('write');
    writeFileSync(join(dir, 'x.bundle.cjs'), SAYS('b'));
    const r = run();
    expect(r.stderr).toContain('code cache: stale');
    expect(r.stdout.trim()).toBe('bravo x.bundle.cjs true');
  });

  it('that V8 refuses (damaged, or from another V8) costs only the compile', () => {
    const { dir, run } = fixture(SAYS('a'));
    run('write');
    const cache = join(dir, 'x.cache');
    const bytes = readFileSync(cache);
    const eol = bytes.indexOf(0x0a);
    // The stamp still matches; the cached bytes after it are V8's, overwritten.
    writeFileSync(cache, Buffer.concat([bytes.subarray(0, eol + 1), Buffer.alloc(bytes.length - eol - 1, 7)]));
    const r = run();
    expect(r.stderr).toContain('code cache: rejected');
    expect(r.stdout.trim()).toBe('alpha x.bundle.cjs true');
  });

  it('absent, or stamped for another file time, leaves the bundle to compile from source', () => {
    const { dir, run } = fixture(SAYS('b'));
    expect(run().stderr).toContain('code cache: absent');
    run('write');
    utimesSync(join(dir, 'x.bundle.cjs'), new Date(), new Date(Date.now() - 86_400_000));
    const r = run();
    expect(r.stderr).toContain('code cache: stale');
    expect(r.stdout.trim()).toBe('bravo x.bundle.cjs true');
  });
});
