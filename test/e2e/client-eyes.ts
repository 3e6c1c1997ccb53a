/**
 * Watches tasks the way a busy front end does: polls each unfinished task's fetch, and every watched
 * task through list-by-condition and the queue, keeping every distinct snapshot for the field rules.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { isTerminal, type Task } from '../../src/tasks/task.js';
import type { TestService } from './harness.js';

const POLL_MS = 50;
const WAIT_LIMIT_MS = 30_000;

export interface Listed {
  where: string;
  task: Task;
}

export class ClientEyes {
  private readonly fetched = new Map<string, Task[]>();
  /** Snapshots from list-by-condition and the queue, each with where it came from. */
  readonly listed: Listed[] = [];
  private loop: Promise<void> | undefined;
  private stopped = false;
  /** What broke the polling (an HTTP 5xx, a refused connection): reported by until() and stop(). */
  private failure: unknown;

  constructor(private readonly svc: TestService, private readonly headers: Record<string, string>) {}

  async api<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.svc.call<T>(method, path, body, this.headers);
    if (response.status >= 500) throw new Error(`${method} ${path}: HTTP ${response.status} ${response.text}`);
    return response.body;
  }

  watch(id: string): void {
    if (!this.fetched.has(id)) this.fetched.set(id, []);
    this.loop ??= this.run();
  }

  /** The fetch snapshots of a task, in the order seen. */
  history(id: string): Task[] {
    return this.fetched.get(id) ?? [];
  }

  /** Waits for a snapshot that satisfies `done` (by default: finished). */
  async until(id: string, done: (task: Task) => boolean = (task) => isTerminal(task.status)): Promise<Task> {
    this.watch(id);
    const deadline = Date.now() + WAIT_LIMIT_MS;
    for (;;) {
      if (this.failure) throw this.failure;
      const seen = this.history(id).find(done);
      if (seen) return seen;
      if (Date.now() > deadline) throw new Error(`task ${id} never got there; last seen ${JSON.stringify(this.history(id).at(-1))}`);
      await sleep(POLL_MS);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
    if (this.failure) throw this.failure;
  }

  private async run(): Promise<void> {
    try {
      while (!this.stopped) {
        await this.tick();
        await sleep(POLL_MS);
      }
    } catch (error) {
      this.failure = error;
    }
  }

  private async tick(): Promise<void> {
    const live = [...this.fetched].filter(([, snapshots]) => !isTerminal(snapshots.at(-1)?.status ?? 'NOT_START'));
    if (live.length === 0) return;
    await Promise.all(live.map(async ([id, snapshots]) => {
      const task = await this.api<Task>('GET', `/mj/task/${id}/fetch`);
      if (JSON.stringify(task) !== JSON.stringify(snapshots.at(-1))) snapshots.push(task);
    }));
    const batch = await this.api<Task[]>('POST', '/mj/task/list-by-condition', { ids: [...this.fetched.keys()] });
    this.listed.push(...batch.map((task) => ({ where: 'list-by-condition', task })));
    const queue = await this.api<Task[]>('GET', '/mj/task/queue');
    this.listed.push(...queue.map((task) => ({ where: 'queue', task })));
  }
}
