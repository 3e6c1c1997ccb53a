/**
 * The one place a task changes state: each change is saved, told to the hook listener, and an
 * ending retires the task's identities. A job that may still run on Discord after its task ended
 * becomes an orphan (orphans.ts); a cancelled one keeps the account slot until Discord shows it over.
 */
import type { AccountPool } from '../accounts/account-pool.js';
import { claimantOf } from './claimants.js';
import type { Correlation } from './correlation.js';
import type { OrphanJobs } from './orphans.js';
import type { TaskRegistry } from './task-registry.js';
import type { StoredTask } from './task.js';
import { markCancel, markFailure, markModal, markProgress, markSubmitted, markSuccess } from './transitions.js';

/**
 * What an ending means for the job on Discord. `over`: it finished, failed or never existed;
 * `unknown`: it may still run (no sign for too long, a send nobody confirmed); `cancelled`: the caller
 * cancelled a job that may run: stop it when possible, keep its slot meanwhile.
 */
export type JobFate = 'over' | 'unknown' | 'cancelled';

export class TaskLifecycle {
  constructor(
    private readonly registry: TaskRegistry,
    private readonly correlation: Correlation,
    private readonly orphans: OrphanJobs,
    private readonly pool: AccountPool,
    private readonly now: () => number = Date.now,
  ) {}

  submitted(entry: StoredTask): void {
    if (!markSubmitted(entry.task, this.now())) return;
    this.touch(entry);
    void this.registry.commit(entry);
  }

  progress(entry: StoredTask, percent: number | null, previewUrl: string | null): void {
    this.touch(entry);
    if (markProgress(entry.task, percent, previewUrl, this.now())) void this.registry.commit(entry);
  }

  /** A sign of life that resets the task's timeout. */
  touch(entry: StoredTask): void {
    entry.runtime.lastProgressAt = this.now();
  }

  succeed(entry: StoredTask): void {
    if (markSuccess(entry.task, this.now())) this.end(entry, 'over');
  }

  fail(entry: StoredTask, reason: string, fate: JobFate = 'over'): void {
    if (markFailure(entry.task, reason, this.now())) this.end(entry, fate);
  }

  cancel(entry: StoredTask): void {
    if (markCancel(entry.task, this.now())) this.end(entry, 'cancelled');
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

  /** A send given up for a resend: whatever Discord does with it belongs to no task. */
  abandonAttempt(entry: StoredTask, nonce: string): void {
    const claimant = claimantOf(entry);
    const id = `${entry.task.id}~${nonce}`;
    if (claimant) this.orphans.adopt({ ...claimant, id, holdsSlot: false, wantsStop: false, stopSent: false, lastSignAt: this.now(), claims: false });
    this.correlation.retireKey('nonce', nonce, id);
  }

  /** An orphaned job is over (or given up on): its slot, if it held one, goes to the next task. */
  finishOrphan(id: string): void {
    const orphan = this.orphans.remove(id);
    if (orphan?.holdsSlot) this.pool.get(orphan.accountId)?.queue.release(orphan.id);
  }

  private end(entry: StoredTask, fate: JobFate): void {
    const { task, runtime } = entry;
    const claimant = fate === 'over' ? undefined : claimantOf(entry);
    const queue = runtime.accountId ? this.pool.get(runtime.accountId)?.queue : undefined;
    const holdsSlot = fate === 'cancelled' && claimant !== undefined && (queue?.isRunning(task.id) ?? false);
    if (claimant) this.orphans.adopt({ ...claimant, holdsSlot, wantsStop: fate === 'cancelled', stopSent: false, lastSignAt: this.now(), claims: true });
    if (!holdsSlot) this.releaseSlot(entry);
    this.correlation.retire(task.id);
    void this.registry.commit(entry);
  }
}
