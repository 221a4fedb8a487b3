import { commands as registry } from '../../commands/index.js';
import { MemoryConversations } from '../conversation/memory.js';
import { FACTS_DIR } from '../facts/paths.js';
import { buildIndex } from '../facts/search.js';
import { openStore } from '../facts/store.js';
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
  const store = openStore(opts.factsDir ?? process.env['WATTSON_FACTS'] ?? FACTS_DIR);
  const search = buildIndex(store.facts, new Map(store.topics.map((t) => [t.id, t.name])));
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
