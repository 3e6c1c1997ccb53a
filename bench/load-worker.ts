/**
 * The load generator's process (forked by the bench, so that it never shares the event loop of the
 * server it measures): runs load plans, and watches a task until its SUCCESS is visible in fetch.
 */
import { Pool } from 'undici';
import { answerParent } from './ipc.js';
import { runLoad, type LoadPlan } from './load.js';

export type LoadWorkerRequest =
  | { type: 'load'; plan: LoadPlan }
  | { type: 'watch'; origin: string; taskId: string; timeoutMs: number };

export interface WatchResult {
  /** Date.now() when a fetch first answered SUCCESS. */
  seenAt: number;
  task: { status: string; finishTime: number | null; submitTime: number | null; properties: Record<string, unknown> };
}

const FINISHED_BADLY = new Set(['FAILURE', 'CANCEL']);

/** Fetches the task back to back on one connection: the first SUCCESS is seen within one round trip of becoming visible. */
async function watch(origin: string, taskId: string, timeoutMs: number): Promise<WatchResult> {
  const pool = new Pool(origin, { connections: 1 });
  const deadline = Date.now() + timeoutMs;
  try {
    while (Date.now() < deadline) {
      const response = await pool.request({ method: 'GET', path: `/mj/task/${taskId}/fetch` });
      const text = await response.body.text();
      const seenAt = Date.now();
      if (response.statusCode !== 200) throw new Error(`fetch of ${taskId} answered ${response.statusCode}: ${text.slice(0, 200)}`);
      const task = JSON.parse(text) as WatchResult['task'];
      if (task.status === 'SUCCESS') return { seenAt, task };
      if (FINISHED_BADLY.has(task.status)) throw new Error(`task ${taskId} ended ${task.status}: ${text.slice(0, 300)}`);
    }
    throw new Error(`task ${taskId} was not SUCCESS within ${timeoutMs} ms`);
  } finally {
    await pool.close();
  }
}

answerParent(async (request) => {
  const job = request as LoadWorkerRequest;
  if (job.type === 'load') return runLoad(job.plan);
  return watch(job.origin, job.taskId, job.timeoutMs);
});
