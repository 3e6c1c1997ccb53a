/**
 * The identities that tie Discord events to tasks: request nonce → interaction id → start message
 * id → job hash, plus "a reply to message M" for button results. Never prompt text.
 */
type Key = 'nonce' | 'interaction' | 'message' | 'hash';

export class Correlation {
  private readonly byKey = new Map<string, string>();
  private readonly keysOfTask = new Map<string, Set<string>>();
  private readonly repliesTo = new Map<string, Set<string>>();
  private readonly startDeleted = new Set<string>();

  link(kind: Key, value: string | null | undefined, taskId: string): void {
    if (!value) return;
    const key = `${kind}:${value}`;
    this.byKey.set(key, taskId);
    this.keysOf(taskId).add(key);
  }

  find(kind: Key, value: string | null | undefined): string | undefined {
    return value ? this.byKey.get(`${kind}:${value}`) : undefined;
  }

  /** The task awaits a result that replies to this message (its button's message). */
  awaitReplyTo(parentMessageId: string | null | undefined, taskId: string): void {
    if (!parentMessageId) return;
    const waiting = this.repliesTo.get(parentMessageId) ?? new Set<string>();
    waiting.add(taskId);
    this.repliesTo.set(parentMessageId, waiting);
    this.keysOf(taskId).add(`reply:${parentMessageId}`);
  }

  /** Tasks awaiting a reply to this message, oldest first. */
  awaitingReplyTo(parentMessageId: string | undefined): string[] {
    return parentMessageId ? [...(this.repliesTo.get(parentMessageId) ?? [])] : [];
  }

  /** The task's start message was deleted: its final message, a new one, comes next. */
  markStartDeleted(taskId: string): void {
    this.startDeleted.add(taskId);
  }

  /** Tasks whose start message is gone and whose final has not been matched yet. */
  awaitingFinal(): string[] {
    return [...this.startDeleted];
  }

  /** Drops every identity of a finished task. */
  release(taskId: string): void {
    this.startDeleted.delete(taskId);
    for (const key of this.keysOf(taskId)) {
      if (key.startsWith('reply:')) {
        const parent = key.slice('reply:'.length);
        this.repliesTo.get(parent)?.delete(taskId);
        if (this.repliesTo.get(parent)?.size === 0) this.repliesTo.delete(parent);
      } else if (this.byKey.get(key) === taskId) {
        this.byKey.delete(key);
      }
    }
    this.keysOfTask.delete(taskId);
  }

  private keysOf(taskId: string): Set<string> {
    let keys = this.keysOfTask.get(taskId);
    if (!keys) {
      keys = new Set();
      this.keysOfTask.set(taskId, keys);
    }
    return keys;
  }
}
