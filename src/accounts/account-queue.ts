/**
 * One account's job slots: at most `coreSize` tasks run (hold a slot from the moment they are sent
 * to Discord until they end), at most `queueSize` wait in order. Waiting is an entry in a list, not
 * a parked thread.
 */
export type OfferResult = { accepted: true; ahead: number; started: boolean } | { accepted: false };

export class AccountQueue {
  private readonly running = new Set<string>();
  private readonly waiting: string[] = [];

  constructor(
    private coreSize: number,
    private queueSize: number,
    /** Called when a task gets a slot; it must eventually call release(). */
    private readonly onStart: (taskId: string) => void,
  ) {}

  get runningCount(): number {
    return this.running.size;
  }

  get waitingCount(): number {
    return this.waiting.length;
  }

  /** How long a newcomer would wait: negative when a slot is free (best-wait-idle rule). */
  get backlog(): number {
    return this.running.size + this.waiting.length - this.coreSize;
  }

  resize(coreSize: number, queueSize: number): void {
    this.coreSize = coreSize;
    this.queueSize = queueSize;
    this.drain();
  }

  /** Takes a task: starts it at once when a slot is free, else queues it, else refuses. */
  offer(taskId: string): OfferResult {
    if (this.running.has(taskId) || this.waiting.includes(taskId)) return { accepted: true, ahead: 0, started: false };
    if (this.running.size < this.coreSize && this.waiting.length === 0) {
      this.running.add(taskId);
      this.onStart(taskId);
      return { accepted: true, ahead: 0, started: true };
    }
    if (this.waiting.length >= this.queueSize) return { accepted: false };
    this.waiting.push(taskId);
    return { accepted: true, ahead: this.waiting.length - 1, started: false };
  }

  /** Marks a task as running without the start callback (re-attached after a restart). */
  occupy(taskId: string): void {
    this.running.add(taskId);
  }

  /** Frees the slot or the waiting place of a task; the next waiting task starts. */
  release(taskId: string): void {
    const index = this.waiting.indexOf(taskId);
    if (index >= 0) this.waiting.splice(index, 1);
    if (this.running.delete(taskId) || index >= 0) this.drain();
  }

  isWaiting(taskId: string): boolean {
    return this.waiting.includes(taskId);
  }

  isRunning(taskId: string): boolean {
    return this.running.has(taskId);
  }

  /** Takes over another queue's tasks (the same account on a new session), beyond the bounds if need be. */
  adopt(from: AccountQueue): void {
    for (const id of from.running) this.running.add(id);
    this.waiting.push(...from.takeWaiting());
    this.drain();
  }

  /** Empties the waiting list without starting anything (the tasks move to another account). */
  takeWaiting(): string[] {
    return this.waiting.splice(0);
  }

  waitingIds(): readonly string[] {
    return this.waiting;
  }

  private drain(): void {
    while (this.running.size < this.coreSize && this.waiting.length > 0) {
      const next = this.waiting.shift() as string;
      this.running.add(next);
      this.onStart(next);
    }
  }
}
