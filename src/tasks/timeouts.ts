/**
 * No task stays unfinished forever: a running task fails after its account's timeout counted from
 * its last sign of progress; a task waiting for a modal confirmation gets a longer grace.
 */
import type { AccountPool } from '../accounts/account-pool.js';
import type { TaskLifecycle } from './lifecycle.js';
import type { TaskRegistry } from './task-registry.js';
import type { Wording } from './wording.js';

const MINUTE_MS = 60_000;
const MODAL_GRACE_FACTOR = 6;
const MAX_CHECK_INTERVAL_MS = 30_000;

export class TaskTimeouts {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly registry: TaskRegistry,
    private readonly pool: AccountPool,
    private readonly lifecycle: TaskLifecycle,
    private readonly wording: Wording,
    private readonly now: () => number = Date.now,
  ) {}

  start(): void {
    const shortest = Math.min(...this.pool.all().map((account) => account.config.timeoutMinutes * MINUTE_MS), MAX_CHECK_INTERVAL_MS * 4);
    this.timer = setInterval(() => this.check(), Math.max(50, Math.min(MAX_CHECK_INTERVAL_MS, shortest / 4)));
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  check(): void {
    const now = this.now();
    for (const entry of this.registry.liveEntries()) {
      const { task, runtime } = entry;
      if (task.status === 'NOT_START') continue;
      const account = runtime.accountId ? this.pool.get(runtime.accountId) : undefined;
      const minutes = account?.config.timeoutMinutes ?? 5;
      const limit = minutes * MINUTE_MS * (task.status === 'MODAL' ? MODAL_GRACE_FACTOR : 1);
      const since = runtime.lastProgressAt ?? task.startTime ?? task.submitTime ?? now;
      if (now - since > limit) this.lifecycle.fail(entry, this.wording.say('timeout', { minutes: task.status === 'MODAL' ? minutes * MODAL_GRACE_FACTOR : minutes }));
    }
  }
}
