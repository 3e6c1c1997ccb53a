/**
 * The account as the admin API and /mj/health show it (docs/admin-api.md): its fields with the token
 * masked, and the live block (connection, queue, draws, what Midjourney last said).
 */
import { maskSecret } from '../config/secrets.js';
import type { AccountSession } from './account-session.js';
import type { DrawCounter, ModeCounts } from './draw-counter.js';
import type { ManagedAccount } from './managed-account.js';
import type { AccountMode } from './midjourney-state.js';
import { midjourneyView, type InfoView, type MidjourneyView } from './midjourney-view.js';

export interface AccountLive {
  connection: string;
  running: number;
  waiting: number;
  today: ModeCounts;
  total: ModeCounts;
  jobMode: AccountMode;
  info: InfoView | null;
  settings: MidjourneyView['settings'];
}

export type AccountView = Omit<ManagedAccount, 'origin' | 'disabledReason' | 'timeoutMinutes'> & {
  disabledReason: string | null;
  timeoutMinutes: number | null;
  lock: MidjourneyView['lock'];
  live: AccountLive;
};

export function liveView(session: AccountSession | undefined, accountId: string, draws: DrawCounter): AccountLive {
  const said = session && midjourneyView(session.state);
  return {
    connection: session?.status ?? 'disabled',
    running: session?.queue.runningCount ?? 0,
    waiting: session?.queue.waitingCount ?? 0,
    today: draws.todayOf(accountId),
    total: draws.totalOf(accountId),
    jobMode: said?.jobMode ?? 'FAST',
    info: said?.info ?? null,
    settings: said?.settings ?? null,
  };
}

export function accountView(account: ManagedAccount, session: AccountSession | undefined, draws: DrawCounter): AccountView {
  const { origin: _origin, disabledReason, timeoutMinutes, ...fields } = account;
  const stopped = account.status !== 'DISABLED' ? session?.disabledReason ?? null : null;
  return {
    ...fields,
    userToken: maskSecret(account.userToken),
    disabledReason: account.status === 'DISABLED' ? disabledReason || null : stopped,
    timeoutMinutes: timeoutMinutes ?? null,
    lock: session ? midjourneyView(session.state).lock : null,
    live: liveView(session, account.id, draws),
  };
}
