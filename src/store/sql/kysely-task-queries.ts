/**
 * The admin's task queries on SQL: a filtered page with its total, and the dashboard counts. Each
 * filter has an index that starts with it and goes on with (submit_time, id), so a page walks an
 * index newest first; the prompt substring scans only what the other filters leave.
 */
import { sql, type Kysely, type SqlBool } from 'kysely';
import type { DrawCountRow, TaskMode, TaskSearchPage, TaskSearchQuery, TaskStats, TaskStatsQuery } from '../../tasks/task.js';
import { foldStats, type StatsRow } from '../task-stats.js';
import { foldCase, parseTask } from '../task-fields.js';
import type { StoreDatabase } from './schema.js';

/** `!` escapes LIKE's wildcards: unlike `\`, it means the same in every engine's string literals. */
const LIKE_ESCAPE = '!';

export function containsPattern(text: string): string {
  const escaped = foldCase(text).replace(/[!%_]/g, (c) => LIKE_ESCAPE + c);
  return `%${escaped}%`;
}

function filtered(db: Kysely<StoreDatabase>, query: TaskSearchQuery) {
  let select = db.selectFrom('tasks');
  if (query.id !== undefined) select = select.where('id', '=', query.id);
  if (query.status !== undefined) select = select.where('status', '=', query.status);
  if (query.action !== undefined) select = select.where('action', '=', query.action);
  if (query.accountId !== undefined) select = select.where('account_id', '=', query.accountId);
  if (query.submitTimeStart !== undefined) select = select.where('submit_time', '>=', query.submitTimeStart);
  if (query.submitTimeEnd !== undefined) select = select.where('submit_time', '<=', query.submitTimeEnd);
  if (query.prompt) {
    select = select.where(sql<SqlBool>`${sql.ref('search_text')} like ${containsPattern(query.prompt)} escape ${sql.lit(LIKE_ESCAPE)}`);
  }
  return select;
}

export async function searchTasks(db: Kysely<StoreDatabase>, query: TaskSearchQuery): Promise<TaskSearchPage> {
  const base = filtered(db, query);
  const counted = await base.select((eb) => eb.fn.countAll().as('total')).executeTakeFirst();
  const total = Number(counted?.total ?? 0);
  const offset = query.page * query.size;
  if (query.size <= 0 || query.page < 0 || offset >= total) return { tasks: [], total };
  const rows = await base
    .select('task_json')
    .orderBy('submit_time', 'desc')
    .orderBy('id', 'desc')
    .limit(query.size)
    .offset(offset)
    .execute();
  return { tasks: rows.map((row) => parseTask(row.task_json)), total };
}

export async function taskStats(db: Kysely<StoreDatabase>, query: TaskStatsQuery): Promise<TaskStats> {
  const today = await db
    .selectFrom('tasks')
    .select((eb) => ['mode', 'action', eb.fn.countAll().as('count')])
    .where('submit_time', '>=', query.todayStart)
    .groupBy(['mode', 'action'])
    .execute();
  const failures = await db
    .selectFrom('tasks')
    .select((eb) => ['fail_reason', eb.fn.countAll().as('count')])
    .where('status', '=', 'FAILURE')
    .where('submit_time', '>=', query.failuresSince)
    .groupBy('fail_reason')
    .execute();
  const rows: StatsRow[] = today.map((row) => ({ mode: row.mode, action: row.action, count: Number(row.count) }));
  return foldStats(rows, failures.map((row) => ({ reason: row.fail_reason, count: Number(row.count) })));
}

export async function drawCounts(db: Kysely<StoreDatabase>, since: number): Promise<DrawCountRow[]> {
  const rows = await db
    .selectFrom('tasks')
    .select((eb) => ['account_id', 'mode', eb.fn.countAll().as('count')])
    .where('submit_time', '>=', since)
    .where('account_id', 'is not', null)
    .groupBy(['account_id', 'mode'])
    .execute();
  return rows.map((row) => ({ accountId: row.account_id ?? '', mode: row.mode as TaskMode | null, count: Number(row.count) }));
}
