import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';

/**
 * Runs a bundled entry point (dist/app/<name>.bundle.cjs) from V8's code cache for it, made at
 * build time (scripts/code-cache.mjs). Compiling the ~900 KB bundle and then every function the
 * first answer calls is most of what a start costs beyond Node's own boot; with the cache, V8
 * reads the bytecode instead (measured: the console's first answer 148 → 100 ms).
 *
 * Node 22's module.enableCompileCache() does this; Node 20 has nothing like it. The library
 * for it, v8-compile-cache, asks V8 for the cache right after compiling, which holds only the
 * top level (it saved 5 ms of the 48 here); V8's createCachedData() after a whole run also holds
 * the functions the run compiled. So this file does the one job by hand.
 *
 * The cache is used only for the exact bundle it was made from (its size and mtime are in the
 * cache's first line), and only if V8 accepts it (same V8, same flags); otherwise the bundle is
 * compiled from source as usual, so a stale or foreign cache costs time, never correctness.
 */

export type CacheUse = 'accepted' | 'rejected' | 'stale' | 'absent';

/** What the bundle's wrapper receives: CommonJS's five, and the entry's own URL for `import.meta.url`. */
type Wrapper = (exports: object, require: NodeJS.Require, module: { exports: object }, filename: string, dirname: string, importMetaUrl: string) => void;

/** The bundle's size and modification time: cheap to read, and any rebuild or edit changes them. */
function stampOf(file: string): string {
  const s = statSync(file);
  return `${s.size}:${s.mtimeMs}`;
}

function readCache(file: string, stamp: string): { data?: Buffer; use: CacheUse } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return { use: 'absent' };
  }
  const eol = bytes.indexOf(0x0a);
  if (eol < 0 || bytes.toString('latin1', 0, eol) !== stamp) return { use: 'stale' };
  return { data: bytes.subarray(eol + 1), use: 'accepted' };
}

/**
 * `entry` is the file Node was started with (dist/app/main.js): the bundle, its cache and every
 * path the code works out from `import.meta.url` are beside it.
 */
export function runBundle(entry: string, name: string): void {
  const dir = dirname(entry);
  const bundle = join(dir, `${name}.bundle.cjs`);
  const cacheFile = join(dir, `${name}.cache`);
  const stamp = stampOf(bundle);
  const cache = readCache(cacheFile, stamp);
  const source = readFileSync(bundle, 'utf8');
  // One line, so that line numbers in stack traces are the bundle's own.
  const wrapped = `(function (exports, require, module, __filename, __dirname, __importMetaUrl) {${source}\n})`;
  const script = new vm.Script(wrapped, {
    filename: bundle,
    ...(cache.data && { cachedData: cache.data }),
    // The bundle imports platform libraries with import() where it needs them.
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const use: CacheUse = cache.data && script.cachedDataRejected ? 'rejected' : cache.use;
  if (process.env['WATTSON_CODE_CACHE'] === 'report') process.stderr.write(`code cache: ${use}\n`);
  // The build's warm-up run writes the cache once it has answered, holding what that compiled.
  if (process.env['WATTSON_CODE_CACHE'] === 'write') process.once('exit', () => writeFileSync(cacheFile, Buffer.concat([Buffer.from(`${stamp}\n`, 'latin1'), script.createCachedData()])));
  const run = script.runInThisContext() as Wrapper;
  const module = { exports: {} };
  run.call(module.exports, module.exports, createRequire(bundle), module, bundle, dir, pathToFileURL(entry).href);
}
