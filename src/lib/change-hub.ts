/**
 * A fan-out of change notifications: listeners of every change (notify hooks) and listeners of one
 * key (a live stream following one task). Publishing never throws and never waits on a listener.
 */
export type Unsubscribe = () => void;
type Listener<T> = (value: T) => void;

export class ChangeHub<T> {
  private readonly everything = new Set<Listener<T>>();
  private readonly byKey = new Map<string, Set<Listener<T>>>();

  /**
   * @param keyOf the key a value is published under (a task's id)
   * @param onListenerError told when a listener throws; the other listeners still run
   */
  constructor(
    private readonly keyOf: (value: T) => string,
    private readonly onListenerError: (error: unknown) => void,
  ) {}

  subscribeAll(listener: Listener<T>): Unsubscribe {
    this.everything.add(listener);
    return () => this.everything.delete(listener);
  }

  subscribe(key: string, listener: Listener<T>): Unsubscribe {
    let listeners = this.byKey.get(key);
    if (listeners === undefined) {
      listeners = new Set();
      this.byKey.set(key, listeners);
    }
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0 && this.byKey.get(key) === listeners) this.byKey.delete(key);
    };
  }

  publish(value: T): void {
    for (const listener of this.everything) this.call(listener, value);
    const listeners = this.byKey.get(this.keyOf(value));
    // A copy: a listener may unsubscribe itself while being told.
    if (listeners !== undefined) for (const listener of [...listeners]) this.call(listener, value);
  }

  /** Listeners of single keys (how many streams are open, for tests and health). */
  keyedListenerCount(): number {
    let count = 0;
    for (const listeners of this.byKey.values()) count += listeners.size;
    return count;
  }

  private call(listener: Listener<T>, value: T): void {
    try {
      listener(value);
    } catch (error) {
      this.onListenerError(error);
    }
  }
}
