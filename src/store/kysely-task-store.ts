/** The TaskStore port on Kysely: one `tasks` row per task, the public JSON and the runtime beside it. */
import type { Kysely, Insertable } from 'kysely';
import {
  TASK_STATUSES, TERMINAL_STATUSES,
  type StoredTask, type Task, type TaskListQuery, type TaskRuntime, type TaskStore,
} from '../tasks/task.js';
import type { StoreDatabase, TasksTable } from './schema.js';

/** Largest IN list per query: far below every engine's bound-parameter limit. */
const MAX_IDS_PER_QUERY = 512;
const UNFINISHED_STATUSES = TASK_STATUSES.filter((status) => !TERMINAL_STATUSES.has(status));

function toRow({ task, runtime }: StoredTask): Insertable<TasksTable> {
  return {
    id: task.id,
    status: task.status,
    submit_time: task.submitTime,
    action: task.action,
    account_id: runtime.accountId,
    task_json: JSON.stringify(task),
    runtime_json: JSON.stringify(runtime),
  };
}

function fromRow(row: { task_json: string; runtime_json: string }): StoredTask {
  return { task: JSON.parse(row.task_json) as Task, runtime: JSON.parse(row.runtime_json) as TaskRuntime };
}

/**
 * Splits ids into IN lists of power-of-two length (the last id repeated as padding), so a batch of
 * any size reuses at most a dozen distinct SQL texts and their cached prepared statements.
 */
export function idChunks(ids: readonly string[]): string[][] {
  const chunks: string[][] = [];
  for (let start = 0; start < ids.length; start += MAX_IDS_PER_QUERY) {
    const chunk = ids.slice(start, start + MAX_IDS_PER_QUERY);
    let size = 1;
    while (size < chunk.length) size *= 2;
    const last = chunk[chunk.length - 1] as string;
    while (chunk.length < size) chunk.push(last);
    chunks.push(chunk);
  }
  return chunks;
}

export class KyselyTaskStore implements TaskStore {
  constructor(private readonly db: Kysely<StoreDatabase>) {}

  async save(entry: StoredTask): Promise<void> {
    const row = toRow(entry);
    await this.db
      .insertInto('tasks')
      .values(row)
      .onConflict((conflict) => conflict.column('id').doUpdateSet({
        status: row.status,
        submit_time: row.submit_time,
        action: row.action,
        account_id: row.account_id,
        task_json: row.task_json,
        runtime_json: row.runtime_json,
      }))
      .execute();
  }

  async get(id: string): Promise<StoredTask | undefined> {
    const row = await this.db
      .selectFrom('tasks')
      .select(['task_json', 'runtime_json'])
      .where('id', '=', id)
      .executeTakeFirst();
    return row && fromRow(row);
  }

  async getTasks(ids: readonly string[]): Promise<Task[]> {
    const unique = [...new Set(ids)];
    const found: Task[] = [];
    for (const chunk of idChunks(unique)) {
      const rows = await this.db
        .selectFrom('tasks')
        .select('task_json')
        .where('id', 'in', chunk)
        .execute();
      for (const row of rows) found.push(JSON.parse(row.task_json) as Task);
    }
    return found;
  }

  async list({ page, size }: TaskListQuery): Promise<Task[]> {
    if (size <= 0 || page < 0) return [];
    const rows = await this.db
      .selectFrom('tasks')
      .select('task_json')
      .orderBy('submit_time', 'desc')
      .orderBy('id', 'desc')
      .limit(size)
      .offset(page * size)
      .execute();
    return rows.map((row) => JSON.parse(row.task_json) as Task);
  }

  async listUnfinished(): Promise<StoredTask[]> {
    const rows = await this.db
      .selectFrom('tasks')
      .select(['task_json', 'runtime_json'])
      .where('status', 'in', UNFINISHED_STATUSES)
      .orderBy('submit_time', 'asc')
      .orderBy('id', 'asc')
      .execute();
    return rows.map(fromRow);
  }


  async close(): Promise<void> {
    await this.db.destroy();
  }
}
