import type { Env } from '../config.js';
import type { Deliver } from '../daily/deliver.js';
import type { Runtime } from '../dispatch/execute.js';
import type { HttpHost } from './http/server.js';

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

/** What the composition root lends every adapter it starts. */
export interface AdapterContext {
  /**
   * The process's one HTTP server (PORT, HOST), already listening, when any platform serves
   * over HTTP: each adapter adds its own verified routes to it. An adapter started without it
   * (a test, a bench) makes one of its own.
   */
  http?: HttpHost;
}

export type StartAdapter = (rt: Runtime, env: Env, ctx?: AdapterContext) => Promise<Adapter>;
