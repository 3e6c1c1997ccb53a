/**
 * Work that arrives in bursts (the gateway events of hundreds of accounts in one turn of the event
 * loop), run in arrival order in slices of a few milliseconds. Between two slices the loop runs its
 * timers (heartbeats) and answers requests, instead of waiting until the whole burst is through.
 * No job waits longer than `maxWaitMs` for that, though: past it, a slice goes on until the jobs
 * that old are done, so other work cannot starve this one.
 */

/** Finished jobs are cut from the front of the array once there are this many. */
const COMPACT_AFTER = 1024;

interface Job {
  run: () => void;
  pushedAt: number;
}

export class SlicedWork {
  /** Jobs in arrival order; those before `next` are done (and let go of). */
  private jobs: (Job | undefined)[] = [];
  private next = 0;
  private scheduled = false;

  constructor(
    private readonly sliceMs: number,
    private readonly maxWaitMs: number,
    /** A job that throws is reported here; the jobs after it still run. */
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Runs `job` after every job pushed before it, soon (never synchronously). */
  push(run: () => void): void {
    this.jobs.push({ run, pushedAt: performance.now() });
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.runSlice());
  }

  private runSlice(): void {
    const start = performance.now();
    const sliceEnd = start + this.sliceMs;
    const overdue = start - this.maxWaitMs;
    let now: number;
    do {
      const job = this.jobs[this.next] as Job;
      this.jobs[this.next++] = undefined;
      try {
        job.run();
      } catch (error) {
        this.onError(error);
      }
      now = performance.now();
    } while (this.next < this.jobs.length && (now < sliceEnd || (this.jobs[this.next] as Job).pushedAt <= overdue));
    if (this.next < this.jobs.length) {
      // A backlog that never quite drains must not keep growing the array by its finished part.
      if (this.next >= COMPACT_AFTER && this.next * 2 >= this.jobs.length) {
        this.jobs = this.jobs.slice(this.next);
        this.next = 0;
      }
      // The rest in the next turn of the loop, after its timers and I/O.
      setImmediate(() => this.runSlice());
      return;
    }
    this.jobs = [];
    this.next = 0;
    this.scheduled = false;
  }
}
