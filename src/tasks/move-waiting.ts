/** Waiting tasks of an account that leaves service go to another account, or fail. */
import type { AccountPool } from '../accounts/account-pool.js';
import type { AccountSession } from '../accounts/account-session.js';
import type { TaskRegistry } from './task-registry.js';
import type { StoredTask } from './task.js';

/**
 * Each waiting task (not yet sent to Discord) moves to the account the pool picks now for its mode,
 * keeping its place order; `fail` gets those no other account takes. Moved tasks are saved and
 * announced (their discordInstanceId changed).
 */
export function moveWaiting(account: AccountSession, pool: AccountPool, registry: TaskRegistry, fail: (entry: StoredTask) => void): void {
  for (const id of account.queue.takeWaiting()) {
    const entry = registry.liveEntry(id);
    if (!entry) continue;
    const { task, runtime } = entry;
    // The account is out of the pool or not usable by now: the choice is among the others.
    const target = pool.choose({ mode: task.mode });
    if (!target || target === account) {
      fail(entry);
      continue;
    }
    runtime.accountId = target.id;
    task.properties.discordInstanceId = target.id;
    task.properties.discordChannelId = target.channelFor(task.botType);
    if (target.queue.offer(id).accepted) void registry.commit(entry);
    else fail(entry);
  }
}
