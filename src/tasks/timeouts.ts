/**
 * No task stays unfinished forever: a running task fails after its account's timeout counted from
 * its last sign of life, one waiting for a modal confirmation after the modal timeout, one that lost
 * its place in a queue like a running one. A task silent for a while first makes its account read
 * its channels back once (a message no socket heard may be there). Orphaned jobs silent for the
 * timeout are given up, and their slots freed.
 */
import type { AccountPool } from '../accounts/account-pool.js';
import type { AccountSession } from '../accounts/account-session.js';
import type { TaskLifecycle } from './lifecycle.js';
import type { OrphanJobs } from './orphans.js';
import type { TaskRegistry } from './task-registry.js';
import type { StoredTask } from './task.js';
import type { TimeoutSettings } from './timeout-settings.js';
import type { Wording } from './wording.js';

const MAX_CHECK_INTERVAL_MS = 30_000;
const MIN_CHECK_INTERVAL_MS = 50;
/** Silence after which a task's channels are read back once (at most half its timeout). */
const SILENCE_BEFORE_READ_MS = 60_000;

export interface TimeoutParts {
  registry: TaskRegistry;
  pool: AccountPool;
  lifecycle: TaskLifecycle;
  orphans: OrphanJobs;
  wording: Wording;
  settings: TimeoutSettings;
  readBack(account: AccountSession): Promise<void>;
  now?: () => number;
}

export class TaskTimeouts {
  private timer: NodeJS.Timeout | undefined;
  /** Tasks whose current silence already caused a read, with the sign of life it followed. */
  private readonly readFor = new Map<string, number>();
  private readonly now: () => number;

  constructor(private readonly parts: TimeoutParts) {
    this.now = parts.now ?? Date.now;
  }

  /** Checks at an eighth of the shortest timeout. */
  start(): void {
    clearInterval(this.timer);
    const { pool, settings } = this.parts;
    const shortest = Math.min(...pool.all().map((account) => settings.taskMs(account)), settings.modalMs, MAX_CHECK_INTERVAL_MS * 4);
    this.timer = setInterval(() => this.check(), Math.max(MIN_CHECK_INTERVAL_MS, Math.min(MAX_CHECK_INTERVAL_MS, shortest / 8)));
    this.timer.unref();
  }

  /** After the timeouts changed: the checks keep pace with the new shortest one (when they run at all). */
  reschedule(): void {
    if (this.timer !== undefined) this.start();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  check(): void {
    const now = this.now();
    const reads = new Set<AccountSession>();
    const live = new Set<string>();
    for (const entry of this.parts.registry.liveEntries()) {
      live.add(entry.task.id);
      const account = entry.runtime.accountId ? this.parts.pool.get(entry.runtime.accountId) : undefined;
      this.checkTask(entry, account, now, reads);
    }
    for (const id of this.readFor.keys()) if (!live.has(id)) this.readFor.delete(id);
    for (const account of reads) void this.parts.readBack(account);
    for (const orphan of this.parts.orphans.all()) {
      if (now - orphan.lastSignAt > this.parts.settings.taskMs(this.parts.pool.get(orphan.accountId))) this.parts.lifecycle.finishOrphan(orphan.id);
    }
  }

  private checkTask(entry: StoredTask, account: AccountSession | undefined, now: number, reads: Set<AccountSession>): void {
    const { task, runtime } = entry;
    // A waiting task moves when a running one ends, and every running one is timed.
    if (task.status === 'NOT_START' && account?.queue.isWaiting(task.id)) return;
    const { settings } = this.parts;
    const modal = task.status === 'MODAL';
    const limit = modal ? settings.modalMs : settings.taskMs(account);
    const since = runtime.lastProgressAt ?? task.startTime ?? task.submitTime ?? now;
    if (now - since > limit) {
      const minutes = modal ? settings.modalMinutes : settings.taskMinutes(account);
      this.parts.lifecycle.fail(entry, this.parts.wording.say('timeout', { minutes }), 'unknown');
      return;
    }
    const sent = runtime.sentAt !== null && runtime.sentAt !== undefined;
    const quietFor = Math.min(SILENCE_BEFORE_READ_MS, limit / 2);
    if (sent && !modal && account && now - since > quietFor && this.readFor.get(task.id) !== since) {
      this.readFor.set(task.id, since);
      reads.add(account);
    }
  }
}
