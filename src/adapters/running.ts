import type { Deliver } from '../daily/deliver.js';

/** What the composition root gets back from starting a platform adapter. */
export interface RunningAdapter {
  name: string;
  /** Disconnects cleanly; safe to call once on SIGINT/SIGTERM. */
  stop(): Promise<void>;
  /** Posts a daily fact to one of this platform's channels, when the adapter supports it. */
  deliver?: Deliver;
}
