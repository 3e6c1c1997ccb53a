/** Status changes of a task. Each keeps SPEC §3's rules: never backwards, "100%" when finished. */
import { isTerminal, type Task } from './task.js';

const MAX_FAIL_REASON = 1000;

export function markSubmitted(task: Task, now: number): boolean {
  if (task.status !== 'NOT_START' && task.status !== 'MODAL') return false;
  task.status = 'SUBMITTED';
  task.progress = '0%';
  task.startTime = now;
  return true;
}

/**
 * IN_PROGRESS with an optional percentage (never lower than shown) and preview; false when nothing changed.
 * Its start is now when Midjourney's progress came before its answer to the interaction.
 */
export function markProgress(task: Task, percent: number | null, previewUrl: string | null, now: number): boolean {
  if (isTerminal(task.status)) return false;
  const shown = task.status === 'IN_PROGRESS' ? Number.parseInt(task.progress, 10) || 0 : 0;
  const progress = percent === null ? task.progress : `${Math.max(shown, Math.min(99, Math.max(0, Math.round(percent))))}%`;
  const imageUrl = previewUrl ?? task.imageUrl;
  if (task.status === 'IN_PROGRESS' && progress === task.progress && imageUrl === task.imageUrl) return false;
  task.status = 'IN_PROGRESS';
  task.startTime ??= now;
  task.progress = progress || '0%';
  task.imageUrl = imageUrl;
  return true;
}

/** Waiting for /submit/modal: only a task that has not started yet, or one Midjourney answered with a modal. */
export function markModal(task: Task): boolean {
  if (task.status !== 'NOT_START' && task.status !== 'SUBMITTED') return false;
  task.status = 'MODAL';
  return true;
}

/** A confirmed modal task queues again. */
export function markQueued(task: Task): boolean {
  if (task.status !== 'MODAL') return false;
  task.status = 'NOT_START';
  return true;
}

export function markSuccess(task: Task, now: number): boolean {
  if (isTerminal(task.status)) return false;
  task.status = 'SUCCESS';
  task.progress = '100%';
  // A result caught up before any sign of the job started (a lost answer, a restart): it started at the latest now.
  task.startTime ??= now;
  task.finishTime = now;
  task.failReason = null;
  return true;
}

export function markFailure(task: Task, reason: string, now: number): boolean {
  if (isTerminal(task.status)) return false;
  task.status = 'FAILURE';
  task.progress = '100%';
  task.finishTime = now;
  task.failReason = (reason.trim() || 'unknown failure').slice(0, MAX_FAIL_REASON);
  return true;
}

export function markCancel(task: Task, now: number): boolean {
  if (isTerminal(task.status)) return false;
  task.status = 'CANCEL';
  task.finishTime = now;
  task.failReason = null;
  return true;
}
