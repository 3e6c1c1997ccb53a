/** Tasks: fetch, cancel, submit, and the search of the Tasks page (the admin route POST /task-admin/query). */
import { request } from './client';
import type { Page, SubmitAnswer, Task, TaskQuery } from './types';

export const fetchTask = (id: string): Promise<Task> => request<Task>('GET', `/task/${encodeURIComponent(id)}/fetch`);
export const tasksByIds = (ids: string[]): Promise<Task[]> => request<Task[]>('POST', '/task/list-by-condition', { ids });
export const cancelTask = (id: string): Promise<SubmitAnswer> => request<SubmitAnswer>('POST', `/task/${encodeURIComponent(id)}/cancel`);

/** Newest first. */
export const searchTasks = (query: TaskQuery): Promise<Page<Task>> => request<Page<Task>>('POST', '/task-admin/query', query);

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
