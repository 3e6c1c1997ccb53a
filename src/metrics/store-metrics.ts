/**
 * Store latency: a decorator around the TaskStore port that times every call by operation (the
 * method's name) and counts the calls that failed. Built in main.ts around whichever backend runs.
 */
import { performance } from 'node:perf_hooks';
import { Counter, Histogram, type Registry } from 'prom-client';
import type { TaskStore } from '../tasks/task.js';

const MS_PER_SECOND = 1000;
/** SQLite answers in well under a millisecond, a remote database in a few; a stuck one in seconds. */
const STORE_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

type Call = (...args: unknown[]) => unknown;

export class StoreMetrics {
  private readonly seconds: Histogram<'operation'>;
  private readonly errors: Counter<'operation'>;

  constructor(registry: Registry) {
    const options = { labelNames: ['operation'] as const, registers: [registry] };
    this.seconds = new Histogram({
      name: 'mj_store_operation_duration_seconds', help: 'Task store calls, by operation (save, get, list, search ...), failed ones included.',
      buckets: STORE_BUCKETS, ...options,
    });
    this.errors = new Counter({ name: 'mj_store_errors_total', help: 'Task store calls that failed, by operation.', ...options });
  }

  /**
   * The same store, timed. A Proxy rather than a hand-written class: every method of the port, those
   * added later included, is timed without this file changing. Only calls that answer a promise are
   * timed (every method of the port does); `close` is left alone.
   */
  timed(store: TaskStore): TaskStore {
    const wrapped = new Map<string, Call>();
    return new Proxy(store, {
      get: (target, key, receiver) => {
        const member: unknown = Reflect.get(target, key, receiver);
        if (typeof member !== 'function' || typeof key !== 'string' || key === 'close') return member;
        let call = wrapped.get(key);
        if (call === undefined) {
          call = this.timedCall(key, (...args) => (member as Call).apply(target, args));
          wrapped.set(key, call);
        }
        return call;
      },
    });
  }

  private timedCall(operation: string, call: Call): Call {
    // Bound to the label once: fetch reads the store on every poll, and each lookup by label hashes it.
    const seconds = this.seconds.labels(operation);
    return (...args) => {
      const started = performance.now();
      const result = call(...args);
      if (!(result instanceof Promise)) return result;
      const done = (failed: boolean) => {
        seconds.observe((performance.now() - started) / MS_PER_SECOND);
        if (failed) this.errors.inc({ operation });
      };
      return result.then((value: unknown) => {
        done(false);
        return value;
      }, (error: unknown) => {
        done(true);
        throw error;
      });
    };
  }
}
