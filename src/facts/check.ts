import { fileURLToPath } from 'node:url';
import { FactStoreError } from './load.js';
import { FACTS_DIR } from './paths.js';
import { openStore } from './store.js';

/** `npm run facts:check`: validates the store and prints a one-line summary, or every problem. */
function main(): number {
  try {
    const store = openStore(FACTS_DIR);
    const disputed = store.facts.filter((f) => f.verdict !== 'consistent').length;
    process.stdout.write(`facts ok: ${store.facts.length} facts in ${store.topics.length} topics, ${store.facts.reduce((n, f) => n + f.values.length, 0)} values, ${disputed} with a context note\n`);
    return 0;
  } catch (err) {
    if (err instanceof FactStoreError) {
      process.stderr.write(`${err.message}\n`);
      return 1;
    }
    throw err;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exitCode = main();
