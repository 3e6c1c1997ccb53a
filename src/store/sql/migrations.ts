/**
 * Schema migrations, kept in code so the store needs no migration folder at run time. Kysely's
 * Migrator runs them under a lock (an advisory lock on PostgreSQL, GET_LOCK on MySQL, a write
 * transaction on SQLite), so two instances starting at once never both migrate.
 */
import { Migrator, sql, type ColumnDataType, type Expression, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { Logger } from '../../lib/logger.js';
import type { Task } from '../../tasks/task.js';
import { searchTextOf } from '../task-fields.js';
import type { SqlEngine } from './engine.js';

type DataType = ColumnDataType | Expression<unknown>;

/** Column types per engine: MySQL cannot index TEXT and caps it at 64 KB; the others need no sizes. */
interface ColumnTypes {
  /** Ids and keys (primary keys, indexed). */
  key: DataType;
  /** Short enum-like words (status, action, mode). */
  word: DataType;
  text: DataType;
  /** A task's public JSON or a document. */
  json: DataType;
  /** The runtime JSON: holds the request's images, megabytes at times. */
  largeJson: DataType;
}

const PLAIN_TYPES: ColumnTypes = { key: 'text', word: 'text', text: 'text', json: 'text', largeJson: 'text' };
const COLUMN_TYPES: Record<SqlEngine, ColumnTypes> = {
  sqlite: PLAIN_TYPES,
  postgres: PLAIN_TYPES,
  mysql: { key: 'varchar(64)', word: 'varchar(32)', text: 'text', json: sql`mediumtext`, largeJson: sql`longtext` },
};

/** Rows read per step of a backfill, so a large table never sits in memory at once. */
const BACKFILL_BATCH = 500;

// A migration sees the schema as it was when written, not today's row types: hence Kysely<unknown>
// and, where rows are read, the table as that migration knows it.
function buildMigrations(engine: SqlEngine): Record<string, Migration> {
  const types = COLUMN_TYPES[engine];
  // MySQL: utf8mb4 whatever the server's default; binary collation so keys compare exactly, as elsewhere.
  const createTable = (db: Kysely<unknown>, name: string) => {
    const builder = db.schema.createTable(name);
    return engine === 'mysql' ? builder.modifyEnd(sql`default character set utf8mb4 collate utf8mb4_bin`) : builder;
  };

  const createTasksTable: Migration = {
    async up(db) {
      await createTable(db, 'tasks')
        .addColumn('id', types.key, (col) => col.primaryKey())
        .addColumn('status', types.word, (col) => col.notNull())
        .addColumn('submit_time', 'bigint')
        .addColumn('action', types.word, (col) => col.notNull())
        .addColumn('account_id', types.key)
        .addColumn('task_json', types.json, (col) => col.notNull())
        .addColumn('runtime_json', types.largeJson, (col) => col.notNull())
        .execute();
      await db.schema.createIndex('tasks_status').on('tasks').column('status').execute();
      // (submit_time, id) lets "newest first" pages walk the index without a sort step.
      await db.schema.createIndex('tasks_submit_time').on('tasks').columns(['submit_time', 'id']).execute();
    },
  };

  const addSearchColumns: Migration = {
    async up(db) {
      // SQLite adds one column per statement.
      await db.schema.alterTable('tasks').addColumn('mode', types.word).execute();
      await db.schema.alterTable('tasks').addColumn('fail_reason', types.text).execute();
      await db.schema.alterTable('tasks').addColumn('search_text', types.text).execute();
      await backfillSearchColumns(db);
      // Each admin filter walks its own index newest first; status also serves restart recovery,
      // retention and the failure counts, so the plain status index is superseded.
      await db.schema.createIndex('tasks_status_time').on('tasks').columns(['status', 'submit_time', 'id']).execute();
      await db.schema.createIndex('tasks_account_time').on('tasks').columns(['account_id', 'submit_time', 'id']).execute();
      await db.schema.createIndex('tasks_action_time').on('tasks').columns(['action', 'submit_time', 'id']).execute();
      const drop = db.schema.dropIndex('tasks_status');
      await (engine === 'mysql' ? drop.on('tasks') : drop).execute();
    },
  };

  const createDocumentTables: Migration = {
    async up(db) {
      for (const name of ['accounts', 'runtime_config']) {
        await createTable(db, name)
          .addColumn('id', types.key, (col) => col.primaryKey())
          .addColumn('doc_json', types.json, (col) => col.notNull())
          .execute();
      }
    },
  };

  // Names sort in the order they run; never rename or change what a shipped one does, add a new one.
  return {
    '0001_create_tasks': createTasksTable,
    '0002_task_search_columns': addSearchColumns,
    '0003_accounts_and_runtime_config': createDocumentTables,
    '0004_empty_media_lists_as_null': emptyMediaListsAsNull,
    '0005_task_fence': addFenceColumn,
    '0006_account_index_covers_draw_counts': accountIndexWithMode(engine),
  };
}

/**
 * The draw counts read at every start group all tasks (and today's) by account and mode: with mode
 * in the account index that is a scan of the index alone, not a row lookup per task (100k tasks:
 * 450 → 50 ms; a million took seconds). The account filter of the admin search keeps its order.
 */
function accountIndexWithMode(engine: SqlEngine): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.createIndex('tasks_account_time_mode').on('tasks').columns(['account_id', 'submit_time', 'id', 'mode']).execute();
      const drop = db.schema.dropIndex('tasks_account_time');
      await (engine === 'mysql' ? drop.on('tasks') : drop).execute();
    },
  };
}

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

/** Cluster mode's store-side fencing: a save with an older token than the row's is refused. */
const addFenceColumn: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('tasks').addColumn('fence', 'bigint').execute();
  },
};

type TasksAt0002 = {
  tasks: { id: string; submit_time: number | null; task_json: string; mode: string | null; fail_reason: string | null; search_text: string | null };
};

/** Fills the new columns of rows written before 0002, from their task JSON. */
async function backfillSearchColumns(unknownDb: Kysely<unknown>): Promise<void> {
  const db = unknownDb.withTables<TasksAt0002>();
  await db.updateTable('tasks').set({ submit_time: 0 }).where('submit_time', 'is', null).execute();
  for (;;) {
    const rows = await db.selectFrom('tasks').select(['id', 'task_json']).where('search_text', 'is', null).limit(BACKFILL_BATCH).execute();
    if (rows.length === 0) return;
    for (const row of rows) {
      const task = JSON.parse(row.task_json) as Task;
      await db.updateTable('tasks')
        .set({ mode: task.mode, fail_reason: task.failReason, search_text: searchTextOf(task) })
        .where('id', '=', row.id)
        .execute();
    }
  }
}

export async function migrateToLatest<DB>(db: Kysely<DB>, engine: SqlEngine, logger: Logger): Promise<void> {
  const migrations = buildMigrations(engine);
  const provider: MigrationProvider = { getMigrations: async () => migrations };
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
  for (const result of results ?? []) {
    if (result.status === 'Success') logger.info({ migration: result.migrationName }, 'store migration applied');
    if (result.status === 'Error') logger.error({ migration: result.migrationName }, 'store migration failed');
  }
  if (error) throw error instanceof Error ? error : new Error(`store migration failed: ${String(error)}`);
}

/** Every migration's name, in the order they run. */
export const MIGRATION_NAMES: readonly string[] = Object.keys(buildMigrations('sqlite'));
