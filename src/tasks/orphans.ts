/**
 * Jobs that may still run on Discord although no task waits for them: a task cancelled or failed
 * after its interaction went out, or a send given up for a resend. Their messages are recognised
 * (never handed to another task); a cancelled one keeps its account slot until Discord shows it
 * stopped or finished, so Midjourney never runs more than `coreSize` of the account's jobs.
 */
import type { Claimant } from './claimants.js';

export interface OrphanJob extends Claimant {
  /** The task's slot is still taken by this job. */
  holdsSlot: boolean;
  /** The caller cancelled: stop it on Discord once its job id and start message are known. */
  wantsStop: boolean;
  stopSent: boolean;
  lastSignAt: number;
  /**
   * false for a send given up because Discord showed nothing of it: its messages, should some come
   * after all, are still recognised, but it does not stand in the way of the resend's own result.
   */
  claims: boolean;
}

export class OrphanJobs {
  private readonly byId = new Map<string, OrphanJob>();

  adopt(orphan: OrphanJob): void {
    this.byId.set(orphan.id, orphan);
  }

  get(id: string): OrphanJob | undefined {
    return this.byId.get(id);
  }

  ofAccount(accountId: string): OrphanJob[] {
    return [...this.byId.values()].filter((orphan) => orphan.accountId === accountId);
  }

  all(): OrphanJob[] {
    return [...this.byId.values()];
  }

  remove(id: string): OrphanJob | undefined {
    const orphan = this.byId.get(id);
    this.byId.delete(id);
    return orphan;
  }
}
