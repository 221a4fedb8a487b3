import type { Env } from '../config.js';
import type { Deliver } from '../daily/deliver.js';
import type { Runtime } from '../dispatch/execute.js';

/**
 * What every platform adapter is to the rest of Wattson. An adapter translates its platform's
 * events into text or options for the dispatch layer, saying who asked, where and in which
 * language (a Caller and a locale), and sends the rendered reply back; it never decides content.
 * The composition root starts it, stops it, and hands it daily posts to deliver.
 */
export interface Adapter {
  name: string;
  /** Disconnects cleanly; safe to call once on SIGINT/SIGTERM. */
  stop(): Promise<void>;
  /** Posts a daily fact to one of this platform's channels, when the adapter supports it. */
  deliver?: Deliver;
}

export type StartAdapter = (rt: Runtime, env: Env) => Promise<Adapter>;
