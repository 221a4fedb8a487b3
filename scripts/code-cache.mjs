// Makes V8's code cache for the bundled entry points (dist/app/<name>.cache), part of
// `npm run build`: each launcher runs once through a few ordinary requests and, at exit, writes
// what V8 compiled for them (src/boot/run-bundle.ts reads it on every later start). The
// requests are a first session's usual ones (help, a question in each language, a conversion);
// the code any other request runs that they did not is compiled on use, as without a cache.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const WARM_UP = ['/help', 'when will fusion power reach the grid?', '核聚变什么时候能发电', '/convert 3 GWh to MWh', '/fact'];

const scratch = mkdtempSync(join(tmpdir(), 'wattson-code-cache-'));
const env = { PATH: process.env.PATH ?? '', WATTSON_CODE_CACHE: 'write', WATTSON_DB: join(scratch, 'warm-up.db') };
const runs = {
  main: { args: [], input: `${WARM_UP.join('\n')}\n` },
  cli: { args: ['--batch'], input: `${WARM_UP.join('\n')}\n` },
};
try {
  for (const [name, { args, input }] of Object.entries(runs)) {
    const r = spawnSync(process.execPath, [join('dist', 'app', `${name}.js`), ...args], { input, env, encoding: 'utf8' });
    const cache = join('dist', 'app', `${name}.cache`);
    if (r.status !== 0 || !existsSync(cache)) throw new Error(`the warm-up run of dist/app/${name}.js failed (exit ${r.status}): ${r.stderr}`);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
console.log('code cache made: dist/app/main.cache, dist/app/cli.cache');
