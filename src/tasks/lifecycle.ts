/**
 * The one place a task changes state: each change is saved, told to the hook listener, and an
 * ending frees the account slot and the task's identities.
 */
import type { AccountPool } from '../accounts/account-pool.js';
import type { Correlation } from './correlation.js';
import type { TaskRegistry } from './task-registry.js';
import type { StoredTask } from './task.js';
import { markCancel, markFailure, markModal, markProgress, markSubmitted, markSuccess } from './transitions.js';

export class TaskLifecycle {
  constructor(
    private readonly registry: TaskRegistry,
    private readonly correlation: Correlation,
    private readonly pool: AccountPool,
    private readonly now: () => number = Date.now,
  ) {}

  submitted(entry: StoredTask): void {
    if (markSubmitted(entry.task, this.now())) this.touch(entry);
    void this.registry.commit(entry);
  }

  progress(entry: StoredTask, percent: number | null, previewUrl: string | null): void {
    this.touch(entry);
    if (markProgress(entry.task, percent, previewUrl)) void this.registry.commit(entry);
  }

  /** A sign of life that resets the task's timeout. */
  touch(entry: StoredTask): void {
    entry.runtime.lastProgressAt = this.now();
  }

  succeed(entry: StoredTask): void {
    if (markSuccess(entry.task, this.now())) this.end(entry);
  }

  fail(entry: StoredTask, reason: string): void {
    if (markFailure(entry.task, reason, this.now())) this.end(entry);
  }

  cancel(entry: StoredTask): void {
    if (markCancel(entry.task, this.now())) this.end(entry);
  }

  /** Midjourney asked for a confirmation nobody planned: the task waits for /submit/modal, holding no slot. */
  awaitModal(entry: StoredTask): void {
    if (!markModal(entry.task)) return;
    this.releaseSlot(entry);
    void this.registry.commit(entry);
  }

  /** Gives a task's slot back without ending it. */
  releaseSlot(entry: StoredTask): void {
    if (entry.runtime.accountId) this.pool.get(entry.runtime.accountId)?.queue.release(entry.task.id);
  }

  private end(entry: StoredTask): void {
    this.correlation.release(entry.task.id);
    this.releaseSlot(entry);
    void this.registry.commit(entry);
  }
}
