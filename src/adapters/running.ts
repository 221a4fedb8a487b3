/** What the composition root gets back from starting a platform adapter. */
export interface RunningAdapter {
  name: string;
  /** Disconnects cleanly; safe to call once on SIGINT/SIGTERM. */
  stop(): Promise<void>;
}
