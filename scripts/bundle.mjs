// Bundles the built entry points (dist/src/main.js, dist/src/cli.js) into dist/app/, part of
// `npm run build`. Node spends most of a cold start resolving and reading modules one by one
// (≈130 of them before the first answer); one file per entry point, with shared chunks, takes
// most of that away. Libraries that load native code, workers or files of their own stay
// outside the bundle and are still loaded only where used (discord.js, Bolt, mathjs, jieba,
// SQLite, Postgres, the chart renderer).
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

await build({
  entryPoints: { main: 'dist/src/main.js', cli: 'dist/src/cli.js', worker: 'dist/src/charts/worker.js' },
  outdir: 'dist/app',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  plugins: [choosePackages],
  // Inlined CommonJS libraries call require(); an ES module has none of its own.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  logLevel: 'warning',
});
