/** Schema migrations, kept in code so the store needs no migration folder at run time. */
import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
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

/**
 * Tasks saved before SPEC §3 said "null, never []" hold `"imageUrls":[]` / `"videoUrls":[]`; front ends
 * read those as "media to show" and show nothing. task_json is compact JSON.stringify output, where
 * `"imageUrls":[]` can only be that key (inside a string value the quotes would be escaped), so a
 * plain text replacement is exact and runs the same on every SQL engine.
 */
const emptyMediaListsAsNull: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`UPDATE tasks SET task_json = REPLACE(REPLACE(task_json, ${'"imageUrls":[]'}, ${'"imageUrls":null'}), ${'"videoUrls":[]'}, ${'"videoUrls":null'})
      WHERE task_json LIKE ${'%"imageUrls":[]%'} OR task_json LIKE ${'%"videoUrls":[]%'}`.execute(db);
  },
};

/** Names sort in the order they run; never rename or edit a shipped one, add a new one. */
const MIGRATIONS: Record<string, Migration> = {
  '0001_create_tasks': createTasksTable,
  '0002_empty_media_lists_as_null': emptyMediaListsAsNull,
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
