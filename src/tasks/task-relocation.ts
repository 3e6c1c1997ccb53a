/**
 * Moves the waiting tasks of an account that can take no more work (locked: it needs a human) to
 * other accounts. A task that cannot move (a button on that account's message, nowhere to go, a
 * full queue) fails with the reason.
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
      const target = job && movable(job) ? this.pool.choose({ mode: entry.task.mode }) : undefined;
      from.queue.release(id);
      if (!target || target === from || !this.moveTo(entry, job as TaskJob, target)) {
        this.lifecycle.fail(entry, reason);
        continue;
      }
      this.logger.info({ taskId: id, from: from.id, to: target.id }, 'a waiting task moved to another account');
    }
  }

  private moveTo(entry: StoredTask, job: TaskJob, target: AccountSession): boolean {
    const { task, runtime } = entry;
    const mode = modeOn(target, task.mode);
    runtime.accountId = target.id;
    task.properties.discordInstanceId = target.id;
    task.properties.discordChannelId = target.channelFor(task.botType);
    if (job.kind === 'imagine' && (mode !== task.mode || mode !== target.state.mode)) {
      // The flag makes Midjourney run the task's mode whatever the new account's own mode is.
      const prompt = withModeFlag(job.prompt, mode);
      task.promptEn = prompt;
      runtime.request = asRequest({ ...job, prompt });
    }
    task.mode = mode;
    if (!target.queue.offer(task.id).accepted) return false;
    void this.registry.commit(entry);
    return true;
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
