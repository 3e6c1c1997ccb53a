/** The TaskStore port on Kysely: one `tasks` row per task, the public JSON and the runtime beside it. */
import type { Insertable, Kysely } from 'kysely';
import {
  FencedOutError,
  type DrawCountRow, type StoredTask, type Task, type TaskListQuery, type TaskRuntime, type TaskSearchPage, type TaskSearchQuery,
  type TaskStats, type TaskStatsQuery, type TaskStore,
} from '../../tasks/task.js';
import { FINISHED_STATUSES, parseTask, taskFields, UNFINISHED_STATUSES } from '../task-fields.js';
import type { SqlEngine } from './engine.js';
import { idChunks } from './id-chunks.js';
import { drawCounts, searchTasks, taskStats } from './kysely-task-queries.js';
import type { StoreDatabase, TasksTable } from './schema.js';
import type { TaskJsonReads } from './sqlite-task-reads.js';
import type { SqliteTaskWrites, TaskRow } from './sqlite-task-writes.js';
import { upsert } from './upsert.js';

function toRow(entry: StoredTask): Insertable<TasksTable> & { id: string } {
  const fields = taskFields(entry);
  return {
    id: fields.id,
    status: fields.status,
    submit_time: fields.submitTime,
    action: fields.action,
    account_id: fields.accountId,
    mode: fields.mode,
    fail_reason: fields.failReason,
    search_text: fields.searchText,
    task_json: fields.taskJson,
    runtime_json: fields.runtimeJson,
  };
}

function fromRow(row: { task_json: string; runtime_json: string }): StoredTask {
  return { task: parseTask(row.task_json), runtime: JSON.parse(row.runtime_json) as TaskRuntime };
}

export class KyselyTaskStore implements TaskStore {
  constructor(
    private readonly db: Kysely<StoreDatabase>,
    private readonly engine: SqlEngine,
    private readonly closeStore: () => Promise<void>,
    /** SQLite: synchronous reads of the public JSON and batched saves; absent: through Kysely. */
    private readonly sqlite?: { reads: TaskJsonReads; writes: SqliteTaskWrites },
  ) {}

  async save(entry: StoredTask, fence?: number): Promise<void> {
    if (this.sqlite) await this.sqlite.writes.save(toRow(entry) as TaskRow, fence);
    else if (fence === undefined) await upsert(this.db, this.engine, 'tasks', toRow(entry));
    else await this.saveFenced(toRow(entry), fence);
  }

  /**
   * An update that applies only while no newer fence wrote the row (one statement: the check cannot
   * go stale before the write); a task not stored yet is inserted, unless one appeared meanwhile.
   */
  private async saveFenced(row: Insertable<TasksTable> & { id: string }, fence: number): Promise<void> {
    const { id, ...changes } = row;
    const updated = await this.db.updateTable('tasks')
      .set({ ...changes, fence })
      .where('id', '=', id)
      .where((where) => where.or([where('fence', 'is', null), where('fence', '<=', fence)]))
      .executeTakeFirst();
    if (updated.numUpdatedRows > 0n) return;
    const insert = this.db.insertInto('tasks').values({ ...row, fence });
    const inserted = await (this.engine === 'mysql' ? insert.ignore() : insert.onConflict((conflict) => conflict.column('id').doNothing())).executeTakeFirst();
    if ((inserted.numInsertedOrUpdatedRows ?? 0n) === 0n) throw new FencedOutError(`task ${id}`);
  }

  async get(id: string): Promise<StoredTask | undefined> {
    const row = await this.db
      .selectFrom('tasks')
      .select(['task_json', 'runtime_json'])
      .where('id', '=', id)
      .executeTakeFirst();
    return row && fromRow(row);
  }

  async getTask(id: string): Promise<Task | undefined> {
    const json = await this.getTaskJson(id);
    return json === undefined ? undefined : parseTask(json);
  }

  async getTaskJson(id: string): Promise<Buffer | undefined> {
    if (this.sqlite) return this.sqlite.reads.taskJson(id);
    const row = await this.db.selectFrom('tasks').select('task_json').where('id', '=', id).executeTakeFirst();
    return row && Buffer.from(row.task_json);
  }

  async getTasks(ids: readonly string[]): Promise<Task[]> {
    return [...(await this.getTaskJsons(ids)).values()].map(parseTask);
  }

  async getTaskJsons(ids: readonly string[]): Promise<Map<string, Buffer>> {
    if (this.sqlite) return this.sqlite.reads.taskJsons(ids);
    const found = new Map<string, Buffer>();
    for (const chunk of idChunks([...new Set(ids)])) {
      const rows = await this.db.selectFrom('tasks').select(['id', 'task_json']).where('id', 'in', chunk).execute();
      for (const row of rows) found.set(row.id, Buffer.from(row.task_json));
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
    return rows.map((row) => parseTask(row.task_json));
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

  search(query: TaskSearchQuery): Promise<TaskSearchPage> {
    return searchTasks(this.db, query);
  }

  drawCounts(since: number): Promise<DrawCountRow[]> {
    return drawCounts(this.db, since);
  }

  stats(query: TaskStatsQuery): Promise<TaskStats> {
    return taskStats(this.db, query);
  }

  async deleteFinishedBefore(cutoff: number, limit: number): Promise<string[]> {
    return this.db.transaction().execute(async (trx) => {
      // No ORDER BY: any old finished rows will do, and the engine may stop at the limit.
      const rows = await trx
        .selectFrom('tasks')
        .select('id')
        .where('status', 'in', FINISHED_STATUSES)
        .where('submit_time', '<', cutoff)
        .limit(limit)
        .execute();
      const ids = rows.map((row) => row.id);
      for (const chunk of idChunks(ids)) await trx.deleteFrom('tasks').where('id', 'in', chunk).execute();
      return ids;
    });
  }

  close(): Promise<void> {
    return this.closeStore();
  }
}
