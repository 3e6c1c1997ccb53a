/** Shared steps of the Plus-protocol end-to-end tests. */
import assert from 'node:assert/strict';
import type { Task } from '../../src/tasks/task.js';
import type { TestService } from './harness.js';

export interface Answer { code: number; description: string; result: string | string[] | null; properties: Record<string, unknown> }

export async function submit(svc: TestService, path: string, body: unknown): Promise<Answer> {
  return (await svc.call<Answer>('POST', `/mj${path}`, body)).body;
}

/** Submits and waits for SUCCESS. */
export async function succeed(svc: TestService, path: string, body: unknown, expectedCode = 1): Promise<Task> {
  const answer = await submit(svc, path, body);
  assert.equal(answer.code, expectedCode, JSON.stringify(answer));
  const task = await svc.waitForTask(answer.result as string);
  assert.equal(task.status, 'SUCCESS', `${task.action}: ${task.failReason}`);
  return task;
}

export function button(task: Task, match: RegExp | string): string {
  const found = task.buttons.find((b) => (typeof match === 'string' ? b.customId === match || b.label === match : match.test(b.customId)));
  assert.ok(found, `no button ${match} among ${task.buttons.map((b) => b.customId).join(', ')}`);
  return found.customId;
}

export async function click(svc: TestService, task: Task, match: RegExp | string, expectedCode = 1): Promise<{ answer: Answer; task?: Task }> {
  const answer = await submit(svc, '/submit/action', { taskId: task.id, customId: button(task, match) });
  assert.equal(answer.code, expectedCode, JSON.stringify(answer));
  if (expectedCode !== 1) return { answer };
  const next = await svc.waitForTask(answer.result as string);
  assert.equal(next.status, 'SUCCESS', `${next.action}: ${next.failReason}`);
  return { answer, task: next };
}

/** An imagine and its U1: a grid and a single image with the solo buttons. */
export async function gridAndUpscale(svc: TestService, prompt: string, extra: Record<string, unknown> = {}): Promise<{ grid: Task; single: Task }> {
  const grid = await succeed(svc, '/submit/imagine', { prompt, ...extra });
  const { task: single } = await click(svc, grid, 'U1');
  return { grid, single: single as Task };
}
