/** mj-proxy as a child process (`src/main.ts`), to be killed and started again on the same store. */
import { kill as killProcess, stop as stopProcess, type Service } from '../../scripts/soak/processes.js';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Simulator } from '../../src/sim/index.js';
import type { Task } from '../../src/tasks/task.js';
import { tempDir } from './harness.js';

export type Child = Service;
export { startService as startChild } from '../../scripts/soak/processes.js';

/** SIGKILL: no goodbye. */
export const kill = (running: Child): Promise<void> => killProcess(running.child);
export const stop = (running: Child): Promise<void> => stopProcess(running.child);

export const isDone = (task: Task) => ['SUCCESS', 'FAILURE', 'CANCEL'].includes(task.status);

/** How many interactions the simulator received for this prompt (its flags left out): jobs sent to Discord. */
export function jobsSentFor(sim: Simulator, prompt: string): number {
  return sim.ledger.snapshot().interactions.filter((interaction) => (interaction.request.prompt ?? '').split(' --')[0]?.trim() === prompt).length;
}

export async function waitFor(url: string, id: string, done: (task: Task) => boolean = isDone, timeoutMs = 30_000): Promise<Task> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const task = (await (await fetch(`${url}/mj/task/${id}/fetch`)).json()) as Task;
    if (done(task)) return task;
    if (Date.now() > deadline) throw new Error(`task ${id} is stuck: ${JSON.stringify(task)}`);
    await sleep(30);
  }
}

export async function post<T = { code: number; result: string; description: string }>(url: string, path: string, body: unknown): Promise<T> {
  return (await (await fetch(`${url}/mj${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json()) as T;
}

export function realModeEnv(sim: Simulator, account: Record<string, unknown>): Record<string, string> {
  const dir = tempDir();
  return {
    MJ_SERVER_HOST: '127.0.0.1', MJ_SERVER_PORT: '0', MJ_STORE_URL: `sqlite:${join(dir, 'tasks.db')}`, MJ_IMAGES_DIR: join(dir, 'images'),
    MJ_DISCORD_API_BASE_URL: sim.info.apiBaseUrl, MJ_DISCORD_GATEWAY_URL: sim.info.gatewayUrl,
    MJ_DISCORD_ACTIVITY_BASE_URL: sim.info.activityBaseUrl, MJ_LOG_LEVEL: 'info',
    MJ_ACCOUNTS: JSON.stringify([{ ...sim.info.accounts[0], ...account }]),
  };
}

