/**
 * The account as the admin API and /mj/health show it (docs/admin-api.md): its fields with the token
 * masked, and the live block (connection, queue, draws, what Midjourney last said).
 */
import { maskSecret } from '../config/secrets.js';
import type { AccountSession } from './account-session.js';
import type { DrawCounter, ModeCounts } from './draw-counter.js';
import type { ManagedAccount } from './managed-account.js';
import type { AccountMjState, AccountMode } from './midjourney-state.js';

export interface AccountLock {
  reason: string;
  url: string | null;
  since: number;
}

export interface InfoView {
  subscription: string | null;
  jobMode: string | null;
  fastTimeRemaining: string | null;
  fastHoursLeft: number | null;
  relaxedUsage: string | null;
  lifetimeUsage: string | null;
  queuedJobsFast: number | null;
  queuedJobsRelax: number | null;
  runningJobs: number | null;
  updatedAt: number | null;
}

export interface AccountLive {
  connection: string;
  running: number;
  waiting: number;
  today: ModeCounts;
  total: ModeCounts;
  jobMode: AccountMode;
  info: InfoView | null;
  settings: unknown;
}

export type AccountView = Omit<ManagedAccount, 'origin' | 'disabledReason' | 'timeoutMinutes'> & {
  disabledReason: string | null;
  timeoutMinutes: number | null;
  lock: AccountLock | null;
  live: AccountLive;
};

/** What the state tracker may carry beyond today's fields (the lock and /settings, kept by the upkeep). */
type TrackedState = AccountMjState & { lock?: AccountLock | null; settings?: unknown; info: (AccountMjState['info'] & { updatedAt?: number }) | null };

function infoView(info: NonNullable<TrackedState['info']>): InfoView {
  const running = info.runningJobs === null ? null : Number.parseInt(info.runningJobs, 10);
  return {
    subscription: info.subscription, jobMode: info.jobMode, fastTimeRemaining: info.fastTimeRemaining, fastHoursLeft: info.fastHoursLeft,
    relaxedUsage: info.relaxedUsage, lifetimeUsage: info.lifetimeUsage, queuedJobsFast: info.queuedFast, queuedJobsRelax: info.queuedRelax,
    runningJobs: Number.isNaN(running) ? null : running, updatedAt: info.updatedAt ?? null,
  };
}

export function liveView(session: AccountSession | undefined, accountId: string, draws: DrawCounter): AccountLive {
  const state = session?.state as TrackedState | undefined;
  return {
    connection: session?.status ?? 'disabled',
    running: session?.queue.runningCount ?? 0,
    waiting: session?.queue.waitingCount ?? 0,
    today: draws.todayOf(accountId),
    total: draws.totalOf(accountId),
    jobMode: state?.mode ?? 'FAST',
    info: state?.info ? infoView(state.info) : null,
    settings: state?.settings ?? null,
  };
}

export function accountView(account: ManagedAccount, session: AccountSession | undefined, draws: DrawCounter): AccountView {
  const { origin: _origin, disabledReason, timeoutMinutes, ...fields } = account;
  const state = session?.state as TrackedState | undefined;
  const stopped = account.status !== 'DISABLED' ? session?.disabledReason ?? null : null;
  return {
    ...fields,
    userToken: maskSecret(account.userToken),
    disabledReason: account.status === 'DISABLED' ? disabledReason || null : stopped,
    timeoutMinutes: timeoutMinutes ?? null,
    lock: state?.lock ?? null,
    live: liveView(session, account.id, draws),
  };
}
