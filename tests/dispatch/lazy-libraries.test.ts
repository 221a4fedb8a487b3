import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAIN, ROOT, runNode } from '../helpers/run.js';

/**
 * Issue 11: /ask never loads mathjs, and the CLI never loads a platform library. Run in a
 * child process so that this test file's own imports do not count; the probe reports which
 * libraries ended up in the module cache after a conversation of plain questions.
 */
const PROBE = join(ROOT, 'dist', 'lazy-probe.mjs');

describe('libraries loaded only where used', () => {
  it('a conversation of questions and follow-ups answers without mathjs, discord.js or Bolt', () => {
    writeFileSync(
      PROBE,
      `import { createRequire } from 'node:module';
import { createRuntime } from './src/dispatch/runtime.js';
import { executeLine } from './src/dispatch/router.js';
import { mathLoaded } from './src/quantities/math.js';
const rt = createRuntime({ log: { info() {}, warn() {}, error() {}, debug() {} } });
const caller = { platform: 'console', user: 'u1', space: 's1' };
const answers = [];
for (const line of JSON.parse(process.argv[2])) {
  const o = await executeLine(line, undefined, rt, caller);
  answers.push(o.reply?.kind ?? o.kind ?? 'answer');
}
const cache = Object.keys(createRequire(import.meta.url).cache);
console.log(JSON.stringify({ math: mathLoaded(), platform: cache.filter((k) => /discord\\.js|@slack/.test(k)).length, answers }));
`,
    );
    const lines = [
      '/ask ChatGPT一天用多少度电',
      '/ask how much power will AI data centers need',
      'how many homes could Helion power?',
      'what about in 2030?',
      'who said that?',
      '/ask how many H100s does Meta have',
    ];
    const r = runNode(PROBE, [JSON.stringify(lines)]);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
    expect(out.answers).toHaveLength(lines.length);
    expect(out.math).toBe(false);
    expect(out.platform).toBe(0);
  });

  it('the console answers a question with SQLite, loading neither Postgres nor a platform library nor mathjs', () => {
    const r = spawnSync(process.execPath, ['--import', join(ROOT, 'tests', 'helpers', 'loaded-preload.mjs'), MAIN], {
      cwd: ROOT,
      input: 'how much electricity does ChatGPT use a day?\n',
      encoding: 'utf8',
      stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
      env: { PATH: process.env['PATH'] ?? '', WATTSON_DB: join(mkdtempSync(join(tmpdir(), 'wattson-lazy-')), 'w.db') },
      timeout: 20_000,
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('500,000 kWh');
    const loaded = JSON.parse(String(r.output[3])) as string[];
    expect(loaded.some((f) => f.includes('/better-sqlite3/'))).toBe(true);
    expect(loaded.filter((f) => /\/node_modules\/(pg|pg-pool|discord\.js|@discordjs|@slack|mathjs)\//.test(f))).toEqual([]);
  });
});
