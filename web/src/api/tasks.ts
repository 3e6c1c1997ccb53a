/**
 * Tasks: fetch, cancel, submit, and the search of the Tasks page. The search uses the admin route
 * POST /task-admin/query; until a server has it, it pages through GET /task/list and filters here.
 */
import { request, withFallback } from './client';
import type { Page, SubmitAnswer, Task, TaskQuery } from './types';

/** The stand-in search reads at most this many recent tasks. */
const SCAN_PAGE_SIZE = 500;
const SCAN_MAX_PAGES = 10;

export const fetchTask = (id: string): Promise<Task> => request<Task>('GET', `/task/${encodeURIComponent(id)}/fetch`);
export const tasksByIds = (ids: string[]): Promise<Task[]> => request<Task[]>('POST', '/task/list-by-condition', { ids });
export const recentTasks = (size: number, page = 0): Promise<Task[]> => request<Task[]>('GET', '/task/list', undefined, { query: { page, size } });
export const cancelTask = (id: string): Promise<SubmitAnswer> => request<SubmitAnswer>('POST', `/task/${encodeURIComponent(id)}/cancel`);

export function matchesQuery(task: Task, query: TaskQuery): boolean {
  const text = query.prompt?.toLowerCase();
  const submitted = task.submitTime ?? 0;
  return (!query.id || task.id === query.id)
    && (!query.status || task.status === query.status)
    && (!query.action || task.action === query.action)
    && (!query.instanceId || task.properties.discordInstanceId === query.instanceId)
    && (!text || task.prompt.toLowerCase().includes(text) || task.promptEn.toLowerCase().includes(text))
    && (query.submitTimeStart === undefined || submitted >= query.submitTimeStart)
    && (query.submitTimeEnd === undefined || submitted <= query.submitTimeEnd);
}

export function pageOf<T>(all: T[], pageNumber: number, pageSize: number): Page<T> {
  const content = all.slice(pageNumber * pageSize, (pageNumber + 1) * pageSize);
  const totalPages = Math.ceil(all.length / pageSize);
  return {
    content, totalElements: all.length, totalPages, number: pageNumber, size: pageSize,
    first: pageNumber === 0, last: pageNumber >= totalPages - 1, empty: content.length === 0,
  };
}

async function scanRecent(query: TaskQuery): Promise<Page<Task>> {
  if (query.id) {
    const found = await tasksByIds([query.id]);
    return pageOf(found.filter((task) => matchesQuery(task, query)), query.pageNumber, query.pageSize);
  }
  const matching: Task[] = [];
  for (let page = 0; page < SCAN_MAX_PAGES; page += 1) {
    const batch = await recentTasks(SCAN_PAGE_SIZE, page);
    matching.push(...batch.filter((task) => matchesQuery(task, query)));
    if (batch.length < SCAN_PAGE_SIZE) break;
  }
  return pageOf(matching, query.pageNumber, query.pageSize);
}

/** Newest first. */
export function searchTasks(query: TaskQuery): Promise<Page<Task>> {
  return withFallback('task-admin/query', () => request<Page<Task>>('POST', '/task-admin/query', query), () => scanRecent(query));
}

export interface SubmitCommon {
  botType?: 'MID_JOURNEY' | 'NIJI_JOURNEY';
  mode?: string;
}

export const submit = {
  imagine: (body: SubmitCommon & { prompt: string; base64Array: string[] }) => request<SubmitAnswer>('POST', '/submit/imagine', body),
  blend: (body: SubmitCommon & { base64Array: string[]; dimensions: string }) => request<SubmitAnswer>('POST', '/submit/blend', body),
  describe: (body: SubmitCommon & { base64?: string; link?: string }) => request<SubmitAnswer>('POST', '/submit/describe', body),
  shorten: (body: SubmitCommon & { prompt: string }) => request<SubmitAnswer>('POST', '/submit/shorten', body),
  action: (taskId: string, customId: string) => request<SubmitAnswer>('POST', '/submit/action', { taskId, customId }),
  modal: (taskId: string, prompt: string, maskBase64?: string) => request<SubmitAnswer>('POST', '/submit/modal', { taskId, prompt, maskBase64 }),
  swapFace: (body: { sourceBase64: string; targetBase64: string }) => request<SubmitAnswer>('POST', '/insight-face/swap', body),
  video: (body: SubmitCommon & { prompt?: string; image?: string; motion: string; taskId?: string; index?: number }) =>
    request<SubmitAnswer>('POST', '/submit/video', body),
};
