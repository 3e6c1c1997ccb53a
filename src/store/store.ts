/** What `store.url` opens: the task, account and runtime-config stores on one connection (pool). */
import type { AccountStore } from '../accounts/account-store.js';
import type { RuntimeConfigStore } from '../config/runtime-config-store.js';
import type { TaskStore } from '../tasks/task.js';

export interface StoreOptions {
  /** `sqlite:…`, `postgres://…` / `postgresql://…`, `mysql://…` / `mariadb://…`, `redis://…` / `rediss://…`. */
  url: string;
  /** Finished tasks older than this many days are pruned (Redis: also expire); 0 keeps them. */
  retentionDays?: number;
  /** Redis only: the prefix of every key. */
  keyPrefix?: string;
}

/** Observers for tests and debugging; not configuration. */
export interface StoreHooks {
  /** Told the text of every SQL statement sent (SQL stores only). */
  onQuery?(sql: string): void;
}

export interface Store {
  tasks: TaskStore;
  accounts: AccountStore;
  runtimeConfig: RuntimeConfigStore;
  /** For the start-up log line: engine, host, database; never credentials. */
  description: string;
  /** Closes the connection of all three (idempotent); so does tasks.close(). */
  close(): Promise<void>;
}

export const DEFAULT_RETENTION_DAYS = 30;
export const DEFAULT_KEY_PREFIX = 'mj:';
export const DAY_MS = 24 * 3600_000;

/** Runs `close` once, however often it is called. */
export function closeOnce(close: () => Promise<void>): () => Promise<void> {
  let closing: Promise<void> | undefined;
  return () => (closing ??= close());
}
