/**
 * The admin's task queries on Redis. A search with at most one of status / action / account and no
 * prompt is answered by that index alone (ZCOUNT + one page of ids). Anything else walks the
 * smallest matching index in batches and tests the tasks' small hash fields, never their JSON.
 */
import type { Redis } from 'ioredis';
import type { DrawCountRow, TaskMode, TaskSearchQuery, TaskStats, TaskStatsQuery } from '../../tasks/task.js';
import { foldCase } from '../task-fields.js';
import { foldStats } from '../task-stats.js';
import type { RedisKeys } from './redis-keys.js';

/** Ids (and their hashes' fields) read per step of a walk. */
const WALK_BATCH = 1000;
const FILTER_FIELDS = ['status', 'action', 'account', 'search', 'submitTime'] as const;

type Bound = number | '-inf' | '+inf';

function matches(fields: (string | null)[], query: TaskSearchQuery, foldedPrompt: string): boolean {
  const [status, action, account, search, submitTime] = fields;
  if (status === null || status === undefined) return false; // expired, awaiting the pruner
  if (query.status !== undefined && status !== query.status) return false;
  if (query.action !== undefined && action !== query.action) return false;
  if (query.accountId !== undefined && account !== query.accountId) return false;
  if (foldedPrompt && !(search ?? '').includes(foldedPrompt)) return false;
  const time = Number(submitTime);
  if (query.submitTimeStart !== undefined && time < query.submitTimeStart) return false;
  if (query.submitTimeEnd !== undefined && time > query.submitTimeEnd) return false;
  return true;
}

async function readFields(client: Redis, keys: RedisKeys, ids: readonly string[], fields: readonly string[]): Promise<(string | null)[][]> {
  const reads = client.pipeline();
  for (const id of ids) reads.hmget(keys.task(id), ...fields);
  return (await reads.exec() ?? []).map(([error, values]) => {
    if (error) throw error;
    return values as (string | null)[];
  });
}

/** The index keys the query's equality filters name (none: every task). */
function indexesOf(keys: RedisKeys, query: TaskSearchQuery): string[] {
  const named = [
    query.status !== undefined ? keys.status(query.status) : undefined,
    query.action !== undefined ? keys.action(query.action) : undefined,
    query.accountId !== undefined ? keys.account(query.accountId) : undefined,
  ].filter((key): key is string => key !== undefined);
  return named.length > 0 ? named : [keys.allTasks];
}

/**
 * Walks `index` oldest to newest within [min, max] (new tasks join at the newest end, so the walk's
 * ranks stay put) and keeps the newest `keep` matching ids; answers them newest first and the count.
 */
async function walk(
  client: Redis, keys: RedisKeys, index: string, min: Bound, max: Bound, keep: number, accept: (fields: (string | null)[]) => boolean,
): Promise<{ newest: string[]; total: number }> {
  const below = min === '-inf' ? 0 : await client.zcount(index, '-inf', `(${min}`);
  const inRange = await client.zcount(index, min, max);
  const newest: string[] = [];
  let total = 0;
  for (let rank = below; rank < below + inRange; rank += WALK_BATCH) {
    const ids = await client.zrange(index, rank, Math.min(rank + WALK_BATCH, below + inRange) - 1);
    const fields = await readFields(client, keys, ids, FILTER_FIELDS);
    ids.forEach((id, i) => {
      if (!accept(fields[i] ?? [])) return;
      total += 1;
      newest.push(id);
      if (newest.length > keep) newest.shift();
    });
  }
  return { newest: newest.reverse(), total };
}

export async function searchRedisTasks(client: Redis, keys: RedisKeys, query: TaskSearchQuery): Promise<{ ids: string[]; total: number }> {
  const min: Bound = query.submitTimeStart ?? '-inf';
  const max: Bound = query.submitTimeEnd ?? '+inf';
  const offset = Math.max(0, query.page) * Math.max(0, query.size);
  const pageOf = (newestFirst: string[]) => (query.size > 0 && query.page >= 0 ? newestFirst.slice(offset, offset + query.size) : []);
  const foldedPrompt = query.prompt ? foldCase(query.prompt) : '';
  const accept = (fields: (string | null)[]) => matches(fields, query, foldedPrompt);

  if (query.id !== undefined) {
    const [fields] = await readFields(client, keys, [query.id], FILTER_FIELDS);
    const found = fields !== undefined && accept(fields) ? [query.id] : [];
    return { ids: pageOf(found), total: found.length };
  }
  const indexes = indexesOf(keys, query);
  if (indexes.length === 1 && !foldedPrompt) {
    const [index] = indexes as [string];
    const total = await client.zcount(index, min, max);
    if (query.size <= 0 || query.page < 0 || offset >= total) return { ids: [], total };
    const ids = await client.zrevrangebyscore(index, max, min, 'LIMIT', offset, query.size);
    return { ids, total };
  }
  const counts = await Promise.all(indexes.map((index) => client.zcount(index, min, max)));
  const smallest = indexes[counts.indexOf(Math.min(...counts))] as string;
  const { newest, total } = await walk(client, keys, smallest, min, max, offset + Math.max(0, query.size), accept);
  return { ids: pageOf(newest), total };
}

export async function redisTaskStats(client: Redis, keys: RedisKeys, query: TaskStatsQuery): Promise<TaskStats> {
  const todayIds = await client.zrangebyscore(keys.allTasks, query.todayStart, '+inf');
  const failedIds = await client.zrangebyscore(keys.status('FAILURE'), query.failuresSince, '+inf');
  const today: { mode: string | null; action: string; count: number }[] = [];
  for (let start = 0; start < todayIds.length; start += WALK_BATCH) {
    for (const [mode, action] of await readFields(client, keys, todayIds.slice(start, start + WALK_BATCH), ['mode', 'action'])) {
      if (action) today.push({ mode: mode ?? null, action, count: 1 });
    }
  }
  const failures: { reason: string | null; count: number }[] = [];
  for (let start = 0; start < failedIds.length; start += WALK_BATCH) {
    for (const [status, reason] of await readFields(client, keys, failedIds.slice(start, start + WALK_BATCH), ['status', 'failReason'])) {
      if (status) failures.push({ reason: reason || null, count: 1 });
    }
  }
  return foldStats(today, failures);
}

/** Walks the tasks submitted since `since` in batches and counts them per account and mode. */
export async function redisDrawCounts(client: Redis, keys: RedisKeys, since: number): Promise<DrawCountRow[]> {
  const ids = await client.zrangebyscore(keys.allTasks, since, '+inf');
  const counts = new Map<string, DrawCountRow>();
  for (let start = 0; start < ids.length; start += WALK_BATCH) {
    for (const [account, mode] of await readFields(client, keys, ids.slice(start, start + WALK_BATCH), ['account', 'mode'])) {
      if (!account) continue;
      const key = `${account} ${mode ?? ''}`;
      const row = counts.get(key) ?? { accountId: account, mode: (mode || null) as TaskMode | null, count: 0 };
      row.count += 1;
      counts.set(key, row);
    }
  }
  return [...counts.values()];
}
