/**
 * How long a task may go without a sign of life, and how long one may wait in MODAL for its
 * confirmation. The defaults are the configuration's `timeouts` and change at run time; an
 * account's own `timeoutMinutes` wins for its tasks.
 */
import type { AccountSession } from '../accounts/account-session.js';
import type { Config } from '../config/schema.js';

const MINUTE_MS = 60_000;

export type TimeoutLimits = Config['timeouts'];

export class TimeoutSettings {
  private limits: TimeoutLimits;

  constructor(limits: TimeoutLimits) {
    this.limits = { ...limits };
  }

  /** Minutes a task of this account (or of an account no longer known) may go without a sign of life. */
  taskMinutes(account?: AccountSession): number {
    return account?.config.timeoutMinutes ?? this.limits.taskMinutes;
  }

  taskMs(account?: AccountSession): number {
    return this.taskMinutes(account) * MINUTE_MS;
  }

  get modalMinutes(): number {
    return this.limits.modalMinutes;
  }

  get modalMs(): number {
    return this.limits.modalMinutes * MINUTE_MS;
  }

  set(limits: TimeoutLimits): void {
    this.limits = { ...limits };
  }
}
