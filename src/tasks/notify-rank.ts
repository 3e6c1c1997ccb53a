/** Where a task snapshot stands in its lifecycle, so callbacks can only move forward. */
import type { Task, TaskStatus } from './task.js';

/** One status step outweighs any progress percentage (0..100). */
const RANK_STEP = 1000;
const MAX_PERCENT = 100;

const STATUS_RANK: Record<TaskStatus, number> = {
  // A modal task waits for its confirmation before it queues (MODAL → NOT_START → SUBMITTED).
  MODAL: 0,
  NOT_START: 1,
  SUBMITTED: 2,
  IN_PROGRESS: 3,
  // Terminal states share the top rank: whichever comes first is the only one ever sent.
  FAILURE: 4,
  SUCCESS: 4,
  CANCEL: 4,
};

/** MODAL < NOT_START < SUBMITTED < IN_PROGRESS (by progress %) < any terminal state. */
export function notifyRank(task: Pick<Task, 'status' | 'progress'>): number {
  const base = STATUS_RANK[task.status] * RANK_STEP;
  if (task.status !== 'IN_PROGRESS') return base;
  const percent = Number.parseFloat(task.progress);
  return Number.isFinite(percent) ? base + Math.min(Math.max(percent, 0), MAX_PERCENT) : base;
}
