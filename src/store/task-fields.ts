/** What both store families (SQL and Redis) keep beside a task's JSON, so they index it alike. */
import { TASK_STATUSES, TERMINAL_STATUSES, type StoredTask, type Task, type TaskStatus } from '../tasks/task.js';
import { taskJsonOf } from '../tasks/task-json.js';

export const FINISHED_STATUSES: readonly TaskStatus[] = TASK_STATUSES.filter((status) => TERMINAL_STATUSES.has(status));
export const UNFINISHED_STATUSES: readonly TaskStatus[] = TASK_STATUSES.filter((status) => !TERMINAL_STATUSES.has(status));

/** The admin's prompt search ignores case: the stored text and the asked substring are folded alike. */
export const foldCase = (text: string): string => text.toLowerCase();

/** What the prompt search looks in: prompt and promptEn. */
export function searchTextOf(task: Pick<Task, 'prompt' | 'promptEn'>): string {
  return foldCase(`${task.prompt}\n${task.promptEn}`);
}

export interface TaskFields {
  id: string;
  status: TaskStatus;
  action: string;
  accountId: string | null;
  mode: string;
  /** Epoch ms; 0 stands for a task saved without one, so that every backend orders it alike. */
  submitTime: number;
  failReason: string | null;
  searchText: string;
  taskJson: string;
  runtimeJson: string;
}

export function taskFields({ task, runtime }: StoredTask): TaskFields {
  return {
    id: task.id,
    status: task.status,
    action: task.action,
    accountId: runtime.accountId,
    mode: task.mode,
    submitTime: task.submitTime ?? 0,
    failReason: task.failReason,
    searchText: searchTextOf(task),
    // Stored as fetch answers it, so that reads hand the text out as it is.
    taskJson: taskJsonOf(task),
    runtimeJson: JSON.stringify(runtime),
  };
}

/** Parses stored JSON (text, or its UTF-8 bytes); taskFields wrote it. */
export const parseTask = (json: string | Buffer): Task => JSON.parse(json.toString()) as Task;
