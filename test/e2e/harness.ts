/** Runs the whole service (real port, SQLite, the simulator over real sockets) for end-to-end tests. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { resolveConfig } from '../../src/config/load.js';
import { configSources } from '../../src/config/sources.js';
import { silentLogger, type Logger } from '../../src/lib/logger.js';
import { startService, type RunningService } from '../../src/main.js';
import type { Simulator } from '../../src/sim/index.js';
import type { Task } from '../../src/tasks/task.js';

export interface TestService {
  service: RunningService;
  sim: Simulator;
  call<T = unknown>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: T; text: string }>;
  fetchTask(id: string): Promise<Task>;
  waitForTask(id: string, done?: (task: Task) => boolean, timeoutMs?: number): Promise<Task>;
  close(): Promise<void>;
}

export const tempDir = (): string => mkdtempSync(join(tmpdir(), 'mj-proxy-'));
export const tempDbUrl = (): string => `sqlite:${join(tempDir(), 'tasks.db')}`;

export async function startTestService(tree: Record<string, unknown> = {}, simulator?: Simulator, logger: Logger = silentLogger): Promise<TestService> {
  const base = {
    server: { host: '127.0.0.1', port: 0 }, store: { url: 'sqlite::memory:' }, images: { dir: tempDir() },
    demo: { jobSeconds: 0.3 }, logLevel: 'silent',
  };
  // The tree stands for the YAML file: GET /mj/admin/config reports its keys as "yaml".
  const yaml = merge(base, tree);
  const service = await startService(resolveConfig(yaml), { logger, simulator, sources: configSources(yaml) });
  const sim = service.simulator as Simulator;

  const call: TestService['call'] = async (method, path, body, headers = {}) => {
    const response = await fetch(service.url + path, {
      method,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as never, text };
  };
  const fetchTask = async (id: string) => (await call<Task>('GET', `/mj/task/${id}/fetch`)).body;
  const waitForTask: TestService['waitForTask'] = async (id, done = (task) => ['SUCCESS', 'FAILURE', 'CANCEL'].includes(task.status), timeoutMs = 20_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const task = await fetchTask(id);
      if (task && done(task)) return task;
      if (Date.now() > deadline) throw new Error(`task ${id} did not get there in time: ${JSON.stringify(task)}`);
      await sleep(40);
    }
  };
  return { service, sim, call, fetchTask, waitForTask, close: () => service.close() };
}

function merge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [key, value] of Object.entries(b)) {
    const left = out[key];
    out[key] = isPlain(left) && isPlain(value) ? merge(left, value) : value;
  }
  return out;
}

const isPlain = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
