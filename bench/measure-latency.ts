/**
 * From the simulator's final message to the task's SUCCESS: as a client polling fetch sees it, and
 * as a notify hook receives it. One job at a time, so each is measured alone; the final message's
 * time is in its snowflake id (the simulator runs on this machine's clock).
 */
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { snowflakeTime } from '../src/lib/snowflake.js';
import { submitImagine, type BenchTask } from './api.js';
import { ask } from './ipc.js';
import type { LoadWorkerRequest, WatchResult } from './load-worker.js';
import { distribution, type Distribution } from './stats.js';

export interface FinalToSuccess {
  visibleMs: Distribution;
  hookMs: Distribution;
}

const HOOK_WAIT_MS = 10_000;

/** Receives notify hooks; resolves `successOf(id)` when that task's SUCCESS arrives (with the arrival time). */
async function hookReceiver() {
  const arrivals = new Map<string, { at: number; task: BenchTask }>();
  const waiters = new Map<string, () => void>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const at = Date.now();
      response.end();
      const task = JSON.parse(Buffer.concat(chunks).toString('utf8')) as BenchTask;
      if (task.status !== 'SUCCESS' || arrivals.has(task.id)) return;
      arrivals.set(task.id, { at, task });
      waiters.get(task.id)?.();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const successOf = async (id: string) => {
    if (!arrivals.has(id)) {
      const arrived = new Promise<void>((resolve) => waiters.set(id, resolve));
      const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no SUCCESS hook for ${id} within ${HOOK_WAIT_MS} ms`)), HOOK_WAIT_MS).unref());
      await Promise.race([arrived, timeout]);
    }
    return arrivals.get(id) as { at: number; task: BenchTask };
  };
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, successOf, close: () => server.close() };
}

const finalMessageTime = (task: { id?: string; properties: Record<string, unknown> }): number => {
  const messageId = task.properties.messageId;
  if (typeof messageId !== 'string') throw new Error(`task ${task.id ?? ''} has no final message id`);
  return snowflakeTime(messageId);
};

export async function measureFinalToSuccess(origin: string, worker: ChildProcess, jobs: number, jobSeconds: number): Promise<FinalToSuccess> {
  const hooks = await hookReceiver();
  const visible: number[] = [];
  const hooked: number[] = [];
  try {
    // Job 0 warms up: the first image loads sharp, fills caches and compiles code paths, in both processes.
    for (let i = 0; i <= jobs; i++) {
      const taskId = await submitImagine(origin, `bench latency ${i} --ar 1:1`, hooks.url);
      const seen = await ask<WatchResult>(worker, { type: 'watch', origin, taskId, timeoutMs: jobSeconds * 1000 + HOOK_WAIT_MS } satisfies LoadWorkerRequest);
      const final = finalMessageTime(seen.task);
      const hookAt = (await hooks.successOf(taskId)).at;
      if (i === 0) continue;
      visible.push(seen.seenAt - final);
      hooked.push(hookAt - final);
    }
  } finally {
    hooks.close();
  }
  return { visibleMs: distribution(visible), hookMs: distribution(hooked) };
}
