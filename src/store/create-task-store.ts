/** Opens the task store named by `store.url` and brings its schema up to date. */
import { Kysely } from 'kysely';
import type { Logger } from '../lib/logger.js';
import type { TaskStore } from '../tasks/task.js';
import { openDialect } from './dialect.js';
import { KyselyTaskStore } from './kysely-task-store.js';
import { migrateToLatest } from './migrations.js';
import type { StoreDatabase } from './schema.js';

/** url: `sqlite:./data/mj-proxy.db` (folder created), `sqlite::memory:` for tests. */
export async function createTaskStore(url: string, logger: Logger): Promise<TaskStore> {
  const { dialect, description } = openDialect(url);
  const db = new Kysely<StoreDatabase>({ dialect });
  try {
    await migrateToLatest(db, logger);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  logger.info({ store: description }, 'task store ready');
  return new KyselyTaskStore(db);
}
