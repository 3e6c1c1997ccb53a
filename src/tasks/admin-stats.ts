/** The dashboard's numbers: accounts by state, today's draws, the last day's failures, fast hours left. */
import type { AccountPool } from '../accounts/account-pool.js';
import type { AccountHealth, AdminStats } from './api-port.js';
import type { TaskStore } from './task.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const READY = 'ready';

function accountCounts(health: readonly AccountHealth[]): AdminStats['accounts'] {
  const counts = { up: 0, down: 0, locked: 0 };
  for (const account of health) {
    if (account.lock !== null) counts.locked += 1;
    else if (account.status === READY) counts.up += 1;
    else counts.down += 1;
  }
  return counts;
}

/** "Today" starts at midnight of the server's time zone. */
export async function adminStats(store: Pick<TaskStore, 'stats'>, health: readonly AccountHealth[], pool: AccountPool, now = new Date()): Promise<AdminStats> {
  const todayStart = new Date(now).setHours(0, 0, 0, 0);
  const { todayByMode, todayByAction, failures } = await store.stats({ todayStart, failuresSince: now.getTime() - DAY_MS });
  const fastHoursLeft = pool.all().flatMap((account) => {
    const hours = account.state.info?.fastHoursLeft;
    return hours === null || hours === undefined ? [] : [{ id: account.id, hours }];
  });
  return { accounts: accountCounts(health), today: { byMode: todayByMode, byAction: todayByAction }, failures24h: failures, fastHoursLeft };
}
