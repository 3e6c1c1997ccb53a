/**
 * Moves the waiting tasks of an account that can take no more work (locked: it needs a human), or
 * no more fast work (its fast hours ran out), to other accounts their accountFilter allows. A task
 * that cannot move (a button on that account's message, nowhere to go, a full queue) fails with the
 * reason, or, for fast work on an account with `fastExhausted: relax`, stays and runs relaxed.
 */
import type { Logger } from '../lib/logger.js';
import type { AccountPool } from '../accounts/account-pool.js';
import type { AccountSession } from '../accounts/account-session.js';
import type { TaskLifecycle } from './lifecycle.js';
import { withModeFlag } from './prompt-mode.js';
import { modeOn } from './task-context.js';
import { asRequest, isUploaded, jobOf, type TaskJob } from './task-job.js';
import type { TaskRegistry } from './task-registry.js';
import type { StoredTask } from './task.js';

export class TaskRelocation {
  constructor(
    private readonly pool: AccountPool,
    private readonly registry: TaskRegistry,
    private readonly lifecycle: TaskLifecycle,
    private readonly logger: Logger,
  ) {}

  /** Every task waiting for a slot on `from` goes to another account, or fails with `reason`. */
  moveWaiting(from: AccountSession, reason: string): void {
    for (const id of [...from.queue.waitingIds()]) {
      const entry = this.registry.liveEntry(id);
      if (!entry || entry.task.status !== 'NOT_START') continue;
      const job = jobOf(entry.runtime.request);
      const target = job && movable(job) ? this.pool.choose({ ...entry.runtime.accountFilter, mode: entry.task.mode }) : undefined;
      from.queue.release(id);
      if (!target || target === from || !this.moveTo(entry, job as TaskJob, target)) {
        this.lifecycle.fail(entry, reason);
        continue;
      }
      this.logger.info({ taskId: id, from: from.id, to: target.id }, 'a waiting task moved to another account');
    }
  }

  /** Fast work waiting on `from`, whose fast hours ran out: to an account that has some, else relaxed or refused by its `fastExhausted`. */
  moveFastWork(from: AccountSession, refusal: string): void {
    for (const id of [...from.queue.waitingIds()]) {
      const entry = this.registry.liveEntry(id);
      if (!entry || entry.task.status !== 'NOT_START' || entry.task.mode === 'RELAX') continue;
      const job = jobOf(entry.runtime.request);
      const target = job && movable(job) ? this.pool.choose({ ...entry.runtime.accountFilter, mode: entry.task.mode }) : undefined;
      if (job && target && target !== from && !target.state.fastExhausted) {
        from.queue.release(id);
        if (this.moveTo(entry, job, target)) this.logger.info({ taskId: id, from: from.id, to: target.id }, 'fast work moved to an account with fast hours');
        else this.lifecycle.fail(entry, refusal);
      } else if (job && from.config.fastExhausted === 'relax') {
        this.retarget(entry, job, from);
        void this.registry.commit(entry);
      } else {
        from.queue.release(id);
        this.lifecycle.fail(entry, refusal);
      }
    }
  }

  private moveTo(entry: StoredTask, job: TaskJob, target: AccountSession): boolean {
    this.retarget(entry, job, target);
    if (!target.queue.offer(entry.task.id).accepted) return false;
    void this.registry.commit(entry);
    return true;
  }

  /** Puts the task on `target`, in the mode that account can run. */
  private retarget(entry: StoredTask, job: TaskJob, target: AccountSession): void {
    const { task, runtime } = entry;
    const mode = modeOn(target, task.mode);
    runtime.accountId = target.id;
    task.properties.discordInstanceId = target.id;
    task.properties.discordChannelId = target.channelFor(task.botType);
    if (job.kind === 'imagine' && (mode !== task.mode || mode !== target.state.mode)) {
      // The flag makes Midjourney run the task's mode whatever the account's own mode is.
      const prompt = withModeFlag(job.prompt, mode);
      task.promptEn = prompt;
      runtime.request = asRequest({ ...job, prompt });
    }
    task.mode = mode;
  }
}

/** Jobs bound to the old account (a button on its message, files it uploaded) cannot move. */
function movable(job: TaskJob): boolean {
  switch (job.kind) {
    case 'button':
      return false;
    case 'blend':
      return !job.images.some(isUploaded);
    case 'describe':
      return job.image === null || !isUploaded(job.image);
    case 'swap-face':
      return !isUploaded(job.source) && !isUploaded(job.target);
    default:
      return true;
  }
}
