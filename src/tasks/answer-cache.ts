/**
 * The public JSON (UTF-8 bytes) of the tasks that changed or were read lately, as fetch answers it:
 * put here at each change, so that polling a task costs no serialization, and after a read of the
 * store, so that polling a finished task costs no read. Bounded in bytes; an answer is kept only a
 * while: instances sharing a store may change a finished task (a re-hosting retry), and this instance
 * then reads the store again.
 */
interface Answer {
  json: Buffer;
  at: number;
}

export class AnswerCache {
  /** Oldest put first (a Map keeps insertion order, and a put moves its id last). */
  private readonly answers = new Map<string, Answer>();
  private bytes = 0;
  /** Counts every put and delete: a read of the store that began before one may be older than the cache. */
  private changes = 0;

  constructor(
    private readonly limitBytes: number,
    private readonly maxAgeMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The answer put last for the task, unless it has aged out. */
  get(id: string): Buffer | undefined {
    const answer = this.answers.get(id);
    if (answer === undefined) return undefined;
    if (this.now() - answer.at <= this.maxAgeMs) return answer.json;
    // Aged out, not changed: a read of the store in flight stays good to keep.
    this.drop(id);
    return undefined;
  }

  /** The bytes of the answers held. */
  get bytesKept(): number {
    return this.bytes;
  }

  /** A mark to hand to `putRead`, taken before reading the store. */
  mark(): number {
    return this.changes;
  }

  /** A change of the task: its answer from now on. */
  put(id: string, json: Buffer): void {
    this.changes++;
    this.keep(id, json);
  }

  /** An answer read from the store: kept unless anything was put or deleted since `mark` (it may be older). */
  putRead(id: string, json: Buffer, mark: number): void {
    if (mark === this.changes) this.keep(id, json);
  }

  delete(id: string): void {
    this.changes++;
    this.drop(id);
  }

  private keep(id: string, json: Buffer): void {
    this.drop(id);
    const at = this.now();
    this.answers.set(id, { json, at });
    this.bytes += json.length;
    // The oldest go first: those over the budget, and those aged out (so that memory is given back after a burst).
    for (const [oldest, answer] of this.answers) {
      if (this.bytes <= this.limitBytes && at - answer.at <= this.maxAgeMs) break;
      this.drop(oldest);
    }
  }

  private drop(id: string): void {
    const answer = this.answers.get(id);
    if (answer === undefined) return;
    this.bytes -= answer.json.length;
    this.answers.delete(id);
  }
}
