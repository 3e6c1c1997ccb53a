/** Schema migrations, kept in code so the store needs no migration folder at run time. */
import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { Logger } from '../lib/logger.js';

// A migration sees the schema as it was when written, not today's row types: hence Kysely<unknown>.
const createTasksTable: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('tasks')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('status', 'text', (col) => col.notNull())
      .addColumn('submit_time', 'bigint')
      .addColumn('action', 'text', (col) => col.notNull())
      .addColumn('account_id', 'text')
      .addColumn('task_json', 'text', (col) => col.notNull())
      .addColumn('runtime_json', 'text', (col) => col.notNull())
      .execute();
    await db.schema.createIndex('tasks_status').on('tasks').column('status').execute();
    // (submit_time, id) lets "newest first" pages walk the index without a sort step.
    await db.schema.createIndex('tasks_submit_time').on('tasks').columns(['submit_time', 'id']).execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('tasks').execute();
  },
};

/** Names sort in the order they run; never rename or edit a shipped one, add a new one. */
const MIGRATIONS: Record<string, Migration> = {
  '0001_create_tasks': createTasksTable,
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

export async function migrateToLatest<DB>(db: Kysely<DB>, logger: Logger): Promise<void> {
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
  for (const result of results ?? []) {
    if (result.status === 'Success') logger.info({ migration: result.migrationName }, 'store migration applied');
    if (result.status === 'Error') logger.error({ migration: result.migrationName }, 'store migration failed');
  }
  if (error) throw error instanceof Error ? error : new Error(`store migration failed: ${String(error)}`);
}
