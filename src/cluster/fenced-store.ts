/**
 * The task store as a cluster instance writes it: each save carries the fencing token this instance
 * last drew for the task's account, and the store applies it only while no newer token wrote the
 * task (in the same statement). A refused save is told, so the instance stops running the account.
 */
import { FencedOutError, type StoredTask, type TaskStore } from '../tasks/task.js';

export function fencedStore(
  store: TaskStore,
  /** The account's last token here; undefined for an account this instance never ran (a new task: anyone's to write). */
  tokenOf: (accountId: string) => number | undefined,
  onFencedOut: (accountId: string) => void,
): TaskStore {
  const save = async (entry: StoredTask): Promise<void> => {
    const accountId = entry.runtime.accountId;
    try {
      await store.save(entry, accountId ? tokenOf(accountId) : undefined);
    } catch (error) {
      if (error instanceof FencedOutError && accountId) onFencedOut(accountId);
      throw error;
    }
  };
  return new Proxy(store, {
    get(target, key) {
      if (key === 'save') return save;
      const value: unknown = Reflect.get(target, key);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
