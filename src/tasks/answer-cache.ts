/**
 * The public JSON (UTF-8 bytes) of the tasks that changed lately (in flight, or just finished), as fetch answers
 * it: put here at each change, so that polling a task costs no serialization. Bounded in count,
 * and a finished task's answer is kept only a while: instances sharing a store may change a finished
 * task (a re-hosting retry), and this instance then reads the store again.
 */
interface Answer {
  json: Buffer;
  at: number;
}

export class AnswerCache {
  /** Oldest change first (a Map keeps insertion order). */
  private readonly answers = new Map<string, Answer>();

  constructor(
    private readonly limit: number,
    private readonly maxAgeMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The answer put at the task's last change, unless it has aged out. */
  get(id: string): Buffer | undefined {
    const answer = this.answers.get(id);
    if (answer === undefined) return undefined;
    if (this.now() - answer.at <= this.maxAgeMs) return answer.json;
    this.answers.delete(id);
    return undefined;
  }

  put(id: string, json: Buffer): void {
    this.answers.delete(id);
    this.answers.set(id, { json, at: this.now() });
    if (this.answers.size > this.limit) {
      const oldest = this.answers.keys().next().value;
      if (oldest !== undefined) this.answers.delete(oldest);
    }
  }

  delete(id: string): void {
    this.answers.delete(id);
  }
}
