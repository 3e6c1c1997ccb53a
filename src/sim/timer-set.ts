/** The world's clock: setTimeout callbacks that are all cancelled, and no longer accepted, on close. */
export class TimerSet {
  private readonly pending = new Set<NodeJS.Timeout>();
  private closed = false;

  /** Without `onError`, an exception thrown by a callback is left uncaught. */
  constructor(private readonly onError?: (error: unknown) => void) {}

  later(ms: number, fn: () => void): void {
    if (this.closed) return;
    const timer = setTimeout(() => {
      this.pending.delete(timer);
      this.run(fn);
    }, ms);
    this.pending.add(timer);
  }

  close(): void {
    this.closed = true;
    for (const timer of this.pending) clearTimeout(timer);
    this.pending.clear();
  }

  private run(fn: () => void): void {
    if (!this.onError) {
      fn();
      return;
    }
    try {
      fn();
    } catch (error) {
      this.onError(error);
    }
  }
}
