import { commands as registry } from '../../commands/index.js';
import { MemoryConversations } from '../conversation/memory.js';
import { FACTS_DIR } from '../facts/paths.js';
import { openIndex } from '../facts/search.js';
import { loadStore } from '../facts/snapshot.js';
import type { Logger } from '../log.js';
import type { Command, Services } from './command.js';
import type { Runtime } from './execute.js';

export interface RuntimeOptions {
  log: Logger;
  factsDir?: string;
  random?: () => number;
  now?: () => Date;
  services?: Services;
  /** The registry; tests add a throwaway command to show a new one needs no adapter edit. */
  commands?: readonly Command[];
}

/** Loads and validates the fact store and builds its index: the part of start-up every platform shares. */
export function createRuntime(opts: RuntimeOptions): Runtime {
  const dir = opts.factsDir ?? (process.env['WATTSON_FACTS'] || FACTS_DIR);
  const loaded = loadStore(dir);
  if (loaded.from === 'files' && loaded.stale && dir === FACTS_DIR)
    opts.log.info('the fact files changed since the last build; loaded them directly (npm run build prepares them again for a faster start)');
  const { store } = loaded;
  const search = openIndex(loaded.index, store.facts);
  return {
    store,
    search,
    commands: opts.commands ?? registry,
    // Every runtime converses: the memory is in-process unless a service replaces it.
    services: { conversations: new MemoryConversations(), ...opts.services },
    random: opts.random ?? Math.random,
    now: opts.now ?? (() => new Date()),
    log: opts.log,
  };
}

/** The runtime with services a running Wattson adds once they exist (the daily poster needs the runtime first). */
export function withServices(rt: Runtime, services: Services): Runtime {
  return { ...rt, services: { ...rt.services, ...services } };
}
