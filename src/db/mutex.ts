/**
 * One transaction at a time on a connection that cannot hold two (better-sqlite3's single
 * handle): transactions queue behind each other, and `open` tells a statement outside any
 * transaction to wait for the one in progress rather than land inside it.
 */
export class TransactionGate {
  private tail: Promise<void> = Promise.resolve();
  /** Settles when the transaction now open ends; undefined while none is open. */
  open: Promise<void> | undefined;

  /** Runs `fn` as the open transaction once every earlier one has finished. */
  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    const before = this.tail;
    let release!: () => void;
    const done = new Promise<void>((r) => (release = r));
    this.tail = done;
    await before;
    this.open = done;
    try {
      return await fn();
    } finally {
      this.open = undefined;
      release();
    }
  }

  /** Runs `f` (synchronous) at a moment when no transaction is open. */
  async outside<T>(f: () => T): Promise<T> {
    while (this.open) await this.open;
    return f();
  }
}
