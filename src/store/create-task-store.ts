/** The task store alone (tests, benchmarks); closing it closes the whole store. */
import type { Logger } from '../lib/logger.js';
import type { TaskStore } from '../tasks/task.js';
import { openStore } from './open-store.js';
import type { StoreOptions } from './store.js';

export async function createTaskStore(url: string, logger: Logger, options: Omit<StoreOptions, 'url'> = {}): Promise<TaskStore> {
  return (await openStore({ ...options, url }, logger)).tasks;
}
