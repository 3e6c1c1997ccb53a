/**
 * A message that reaches us without any identity (its start message went with a session that could
 * not resume, or with a restart) goes to a job only when it is the sole claimant (claimants.ts). Two
 * jobs it cannot tell apart, anonymous on one account at the same time, would leave both results to
 * nobody: two paid jobs lost. So a job is not sent while a confusable one in flight has no identity
 * yet. That is normally the moment its start message arrives, well under a second; when that message
 * was lost, until its result comes and names it.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { claimantOf, confusable, isAnonymous, type Claimant } from './claimants.js';
import type { TaskRegistry } from './task-registry.js';
import { isTerminal, type StoredTask } from './task.js';

const CHECK_EVERY_MS = 100;

export class DistinctSends {
  constructor(
    private readonly registry: TaskRegistry,
    /** The account's jobs in flight that claim messages without identity. */
    private readonly claimantsOf: (accountId: string) => Claimant[],
    private readonly checkEveryMs = CHECK_EVERY_MS,
  ) {}

  /**
   * Resolves once the task's job could be told apart from every anonymous one on its account, when
   * the task ended, or after `capMs` (then it goes out anyway: waiting longer would fail it).
   */
  async wait(entry: StoredTask, capMs: number): Promise<void> {
    const deadline = Date.now() + capMs;
    while (!isTerminal(entry.task.status) && Date.now() < deadline && this.rivalled(entry)) await sleep(this.checkEveryMs);
  }

  private rivalled(entry: StoredTask): boolean {
    const accountId = entry.runtime.accountId;
    const mine = accountId ? claimantOf(entry, Date.now()) : undefined;
    if (!accountId || !mine) return false;
    return this.claimantsOf(accountId).some((other) => other.id !== mine.id && isAnonymous(other) && !this.waitsForModal(other.id) && confusable(mine, other));
  }

  /** A task waiting for its modal to be confirmed has no job running yet. */
  private waitsForModal(id: string): boolean {
    return this.registry.liveEntry(id)?.task.status === 'MODAL';
  }
}
