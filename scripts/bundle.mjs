// Bundles the built entry points (dist/src/main.js, dist/src/cli.js) into dist/app/, part of
// `npm run build`. Node spends much of a cold start resolving and reading modules one by one
// (≈130 of them before the first answer) and compiling them; each entry point becomes one
// CommonJS file (dist/app/<name>.bundle.cjs) that a small launcher (dist/app/<name>.js, see
// src/boot/run-bundle.ts) runs from V8's code cache, which scripts/code-cache.mjs makes next.
// Libraries that load native code, workers or files of their own stay outside the bundle and
// are still loaded only where used (discord.js, Bolt, mathjs, jieba, SQLite, Postgres, the
// chart renderer).
import { rmSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';

/** Pure-JavaScript libraries read on every start: worth inlining. */
const INLINE = new Set(['zod', 'fuse.js', 'lru-cache', 'stemmer', 'string-width', 'croner', 'p-limit', 'sparkly', 'escape-string-regexp']);

function packageName(spec) {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Inline our own modules, the libraries above and what those import; leave every other package to Node. */
const choosePackages = {
  name: 'choose-packages',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('node:')) return { external: true };
      const fromLibrary = args.importer.includes('/node_modules/');
      if (fromLibrary || INLINE.has(packageName(args.path))) return undefined;
      return { external: true };
    });
  },
};

const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  plugins: [choosePackages],
  // The code asks import.meta.url where it is; in CommonJS that is a variable the launcher
  // (or, for the worker, the banner) sets to the entry file's URL, so paths resolve as before.
  define: { 'import.meta.url': '__importMetaUrl' },
  logLevel: 'warning',
};

// A cache from an earlier build must never sit beside a new bundle (the launcher would refuse it anyway).
rmSync('dist/app', { recursive: true, force: true });
await build({ ...common, entryPoints: { 'main.bundle': 'dist/src/main.js', 'cli.bundle': 'dist/src/cli.js' }, outdir: 'dist/app', outExtension: { '.js': '.cjs' } });
// The launchers: what `npm start` and `npm run cli` run.
for (const name of ['main', 'cli']) {
  await build({
    ...common,
    stdin: { contents: `import { runBundle } from '../src/boot/run-bundle.js';\nrunBundle(__filename, '${name}');\n`, resolveDir: 'dist/app', sourcefile: `launch-${name}.js` },
    outfile: `dist/app/${name}.js`,
    define: {},
  });
}
// The chart worker, which piscina loads from a file of its own.
await build({
  ...common,
  entryPoints: { worker: 'dist/src/charts/worker.js' },
  outdir: 'dist/app',
  banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
});
// The package is "type": "module"; the files here are CommonJS.
writeFileSync('dist/app/package.json', '{ "type": "commonjs" }\n');
