/** Folds per-backend count rows into the dashboard's TaskStats, the same way for every backend. */
import type { TaskAction, TaskMode, TaskStats } from '../tasks/task.js';

export interface StatsRow {
  mode: string | null;
  action: string;
  count: number;
}

export interface FailureRow {
  reason: string | null;
  count: number;
}

export function foldStats(today: readonly StatsRow[], failures: readonly FailureRow[]): TaskStats {
  const stats: TaskStats = { todayByMode: {}, todayByAction: {}, failures: [] };
  for (const { mode, action, count } of today) {
    if (mode !== null) stats.todayByMode[mode as TaskMode] = (stats.todayByMode[mode as TaskMode] ?? 0) + count;
    stats.todayByAction[action as TaskAction] = (stats.todayByAction[action as TaskAction] ?? 0) + count;
  }
  const byReason = new Map<string, number>();
  for (const { reason, count } of failures) byReason.set(reason ?? '', (byReason.get(reason ?? '') ?? 0) + count);
  stats.failures = [...byReason]
    .map(([reason, count]) => ({ reason, count }))
    .sort((a, b) => b.count - a.count || (a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0));
  return stats;
}
