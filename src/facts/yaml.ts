import { createRequire } from 'node:module';

/**
 * The YAML parser, loaded on first use: a start from the prepared snapshot (facts/snapshot.ts)
 * never parses a fact file, so it never needs it. require() rather than import(), because
 * loading the store is synchronous; and it keeps the bundle (scripts/bundle.mjs) from
 * evaluating the library on every start.
 */
const require = createRequire(import.meta.url);

let loaded: typeof import('yaml') | undefined;

export function yaml(): typeof import('yaml') {
  loaded ??= require('yaml') as typeof import('yaml');
  return loaded;
}
