import { fileURLToPath } from 'node:url';
import { FactStoreError } from './load.js';
import { FACTS_DIR } from './paths.js';
import { openStore } from './store.js';

/**
 * `npm run facts:check`: validates the store `npm start` would load (WATTSON_FACTS, as the
 * runtime reads it, or the built-in facts/) and prints a one-line summary, or every problem.
 */
function main(): number {
  const dir = process.env['WATTSON_FACTS'] ?? FACTS_DIR;
  try {
    const store = openStore(dir);
    const disputed = store.facts.filter((f) => f.verdict !== 'consistent').length;
    process.stdout.write(
      `facts ok: ${store.facts.length} facts in ${store.topics.length} topics, ${store.facts.reduce((n, f) => n + f.values.length, 0)} values, ${disputed} with a context note (${dir})\n`,
    );
    return 0;
  } catch (err) {
    if (err instanceof FactStoreError) {
      process.stderr.write(`${dir}: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exitCode = main();
