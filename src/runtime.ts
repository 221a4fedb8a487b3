import { commands } from '../commands/index.js';
import type { Runtime } from './execute.js';
import { FACTS_DIR } from './facts/paths.js';
import { buildIndex } from './facts/search.js';
import { openStore } from './facts/store.js';
import type { Logger } from './log.js';

export interface RuntimeOptions {
  log: Logger;
  factsDir?: string;
  random?: () => number;
  now?: () => Date;
}

/** Loads and validates the fact store and builds its index: the part of start-up every platform shares. */
export function createRuntime(opts: RuntimeOptions): Runtime {
  const store = openStore(opts.factsDir ?? process.env['WATTSON_FACTS'] ?? FACTS_DIR);
  const search = buildIndex(store.facts, new Map(store.topics.map((t) => [t.id, t.name])));
  return {
    store,
    search,
    commands,
    random: opts.random ?? Math.random,
    now: opts.now ?? (() => new Date()),
    log: opts.log,
  };
}
