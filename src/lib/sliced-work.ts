/**
 * Work that arrives in bursts (the gateway events of hundreds of accounts in one turn of the event
 * loop), run in arrival order in slices of a few milliseconds. Between two slices the loop runs its
 * timers (heartbeats) and answers requests, instead of waiting until the whole burst is through.
 */
/** Finished jobs are cut from the front of the array once there are this many. */
const COMPACT_AFTER = 1024;

export class SlicedWork {
  /** Jobs in arrival order; those before `next` are done (and let go of). */
  private jobs: ((() => void) | undefined)[] = [];
  private next = 0;
  private scheduled = false;

  constructor(
    private readonly sliceMs: number,
    /** A job that throws is reported here; the jobs after it still run. */
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Runs `job` after every job pushed before it, soon (never synchronously). */
  push(job: () => void): void {
    this.jobs.push(job);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.runSlice());
  }

  private runSlice(): void {
    const end = performance.now() + this.sliceMs;
    do {
      const job = this.jobs[this.next] as () => void;
      this.jobs[this.next++] = undefined;
      try {
        job();
      } catch (error) {
        this.onError(error);
      }
    } while (this.next < this.jobs.length && performance.now() < end);
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
