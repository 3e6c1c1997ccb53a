/**
 * The TaskStore port on Redis: a hash per task (public JSON, runtime JSON and the small fields the
 * indexes and filters need), sorted sets by submit time as indexes, and a TTL on finished tasks
 * from the retention setting. Writes are Lua scripts (atomic, one round trip each).
 */
import type { Redis } from 'ioredis';
import {
  FencedOutError, TASK_ACTIONS, isTerminal,
  type DrawCountRow, type StoredTask, type Task, type TaskListQuery, type TaskRuntime, type TaskSearchPage, type TaskSearchQuery,
  type TaskStats, type TaskStatsQuery, type TaskStore,
} from '../../tasks/task.js';
import { FINISHED_STATUSES, parseTask, taskFields, UNFINISHED_STATUSES } from '../task-fields.js';
import type { RedisKeys } from './redis-keys.js';
import { DELETE_FINISHED_BEFORE, GET_TASK_JSONS, SAVE_TASK } from './redis-scripts.js';
import { redisDrawCounts, searchRedisTasks, redisTaskStats } from './redis-task-queries.js';

/**
 * The TTL outlives the retention by a day, so the pruner (which also clears the indexes and tells
 * onPruned) normally deletes a task first; the TTL still frees the memory if no pruner runs.
 */
export const TTL_GRACE_MS = 24 * 3600_000;
/** Hashes read per pipeline when loading many tasks. */
const READ_BATCH = 500;

export interface RedisTaskStoreOptions {
  /** 0: finished tasks get no TTL. */
  retentionMs: number;
  close(): Promise<void>;
}

export class RedisTaskStore implements TaskStore {
  constructor(
    private readonly client: Redis,
    private readonly keys: RedisKeys,
    private readonly options: RedisTaskStoreOptions,
  ) {}

  async save(entry: StoredTask, fence?: number): Promise<void> {
    const fields = taskFields(entry);
    const expireAt = this.options.retentionMs > 0 && isTerminal(fields.status)
      ? String((fields.submitTime || Date.now()) + this.options.retentionMs + TTL_GRACE_MS)
      : '';
    const written = await SAVE_TASK.run(this.client, [
      this.keys.prefix, fields.id, fields.taskJson, fields.runtimeJson, fields.status, fields.action,
      fields.accountId ?? '', fields.mode, fields.submitTime, fields.failReason ?? '', fields.searchText, expireAt, fence ?? '',
    ]);
    if (written === 0) throw new FencedOutError(`task ${fields.id}`);
  }

  async get(id: string): Promise<StoredTask | undefined> {
    const [task, runtime] = await this.client.hmget(this.keys.task(id), 'task', 'runtime');
    if (!task || !runtime) return undefined;
    return { task: parseTask(task), runtime: JSON.parse(runtime) as TaskRuntime };
  }

  async getTask(id: string): Promise<Task | undefined> {
    const json = await this.getTaskJson(id);
    return json === undefined ? undefined : parseTask(json);
  }

  async getTaskJson(id: string): Promise<Buffer | undefined> {
    return (await this.client.hgetBuffer(this.keys.task(id), 'task')) ?? undefined;
  }

  async getTasks(ids: readonly string[]): Promise<Task[]> {
    return [...(await this.getTaskJsons(ids)).values()].map(parseTask);
  }

  /** One command (a script) for the whole batch, whatever its size. */
  async getTaskJsons(ids: readonly string[]): Promise<Map<string, Buffer>> {
    const found = new Map<string, Buffer>();
    if (ids.length === 0) return found;
    const pairs = (await GET_TASK_JSONS.run(this.client, [this.keys.prefix, ...new Set(ids)])) as string[];
    for (let i = 0; i + 1 < pairs.length; i += 2) found.set(pairs[i] as string, Buffer.from(pairs[i + 1] as string));
    return found;
  }

  async list({ page, size }: TaskListQuery): Promise<Task[]> {
    if (size <= 0 || page < 0) return [];
    const ids = await this.client.zrevrange(this.keys.allTasks, page * size, page * size + size - 1);
    return this.getTasks(ids);
  }

  async listUnfinished(): Promise<StoredTask[]> {
    const lookups = this.client.pipeline();
    for (const status of UNFINISHED_STATUSES) lookups.zrange(this.keys.status(status), 0, -1);
    const ids = (await lookups.exec() ?? []).flatMap(([error, members]) => {
      if (error) throw error;
      return members as string[];
    });
    const entries: StoredTask[] = [];
    for (let start = 0; start < ids.length; start += READ_BATCH) {
      const reads = this.client.pipeline();
      for (const id of ids.slice(start, start + READ_BATCH)) reads.hmget(this.keys.task(id), 'task', 'runtime');
      for (const [error, pair] of await reads.exec() ?? []) {
        if (error) throw error;
        const [task, runtime] = pair as (string | null)[];
        if (task && runtime) entries.push({ task: parseTask(task), runtime: JSON.parse(runtime) as TaskRuntime });
      }
    }
    // Oldest first, ties by id, as the SQL stores order them.
    const time = (entry: StoredTask) => entry.task.submitTime ?? 0;
    return entries.sort((a, b) => time(a) - time(b) || (a.task.id < b.task.id ? -1 : a.task.id > b.task.id ? 1 : 0));
  }

  async search(query: TaskSearchQuery): Promise<TaskSearchPage> {
    const { ids, total } = await searchRedisTasks(this.client, this.keys, query);
    return { tasks: await this.getTasks(ids), total };
  }

  drawCounts(since: number): Promise<DrawCountRow[]> {
    return redisDrawCounts(this.client, this.keys, since);
  }

  stats(query: TaskStatsQuery): Promise<TaskStats> {
    return redisTaskStats(this.client, this.keys, query);
  }

  async deleteFinishedBefore(cutoff: number, limit: number): Promise<string[]> {
    return (await DELETE_FINISHED_BEFORE.run(this.client, [
      this.keys.prefix, cutoff, limit, JSON.stringify(FINISHED_STATUSES), JSON.stringify(TASK_ACTIONS),
    ])) as string[];
  }

  close(): Promise<void> {
    return this.options.close();
  }
}
