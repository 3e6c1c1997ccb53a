/**
 * A counting semaphore for outgoing hook calls with a per-receiver share: one slow or dead
 * receiver can hold at most `perKey` of the `total` slots, so other receivers keep being served.
 */
interface Waiter {
  key: string;
  grant: () => void;
}

export type Release = () => void;

export class SlotPool {
  private used = 0;
  private readonly usedByKey = new Map<string, number>();
  private readonly waiters: Waiter[] = [];

  constructor(private total: number, private perKey: number) {}

  get inUse(): number {
    return this.used;
  }

  /** New limits; calls in flight keep their slots, waiters get the room a rise makes. */
  resize(total: number, perKey: number): void {
    this.total = total;
    this.perKey = perKey;
    this.grantWaiters();
  }

  /** Resolves with a release function once a slot is free for `key`; rejects if `signal` aborts first. */
  acquire(key: string, signal: AbortSignal): Promise<Release> {
    if (signal.aborted) return Promise.reject(signal.reason);
    if (this.canTake(key)) return Promise.resolve(this.take(key));
    return new Promise<Release>((resolve, reject) => {
      const waiter: Waiter = {
        key,
        grant: () => {
          signal.removeEventListener('abort', onAbort);
          resolve(this.take(key));
        },
      };
      const onAbort = (): void => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  private canTake(key: string): boolean {
    return this.used < this.total && (this.usedByKey.get(key) ?? 0) < this.perKey;
  }

  private take(key: string): Release {
    this.used += 1;
    this.usedByKey.set(key, (this.usedByKey.get(key) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.used -= 1;
      const left = (this.usedByKey.get(key) ?? 1) - 1;
      if (left === 0) this.usedByKey.delete(key);
      else this.usedByKey.set(key, left);
      this.grantWaiters();
    };
  }

  /** First come, first served, skipping waiters whose receiver is at its share. */
  private grantWaiters(): void {
    for (let i = 0; i < this.waiters.length && this.used < this.total;) {
      const waiter = this.waiters[i] as Waiter;
      if (this.canTake(waiter.key)) {
        this.waiters.splice(i, 1);
        waiter.grant();
      } else {
        i += 1;
      }
    }
  }
}
