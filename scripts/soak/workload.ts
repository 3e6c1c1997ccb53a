/**
 * A client that keeps mj-proxy busy the way relays do: imagines, blends, describes and shortens,
 * then buttons on what finished (U, V, reroll, vary, zoom, pan, upscale), with random cancels. Every
 * request is distinct (a unique prompt, a button never clicked twice), so the simulator's record
 * can tell a duplicated job from two requests. It survives mj-proxy going away (a restart).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Task } from '../../src/tasks/task.js';

export interface WorkloadOptions {
  /** The API's base URL, read at each call (it changes across a restart). */
  baseUrl: () => string;
  total: number;
  random: () => number;
  /** Share of tasks cancelled at a random moment. */
  cancelRate: number;
  /** Longest delay before a cancel. */
  cancelWithinMs: number;
  /** Most unfinished tasks at a time. */
  maxInFlight: number;
  notifyHook: string;
  /** Data URLs for blend and describe. */
  images: string[];
  log?: (line: string) => void;
}

interface SubmitAnswer {
  code: number;
  description: string;
  result: string | null;
}

/** Buttons that run without a modal when Remix is off. */
const CLICKABLE = /^MJ::JOB::(upsample|variation|reroll|low_variation|high_variation|pan_\w+|upsample_v\w+)::|^MJ::Outpaint::/;
const POLL_MS = 250;
const RETRY_MS = 500;
const UNAVAILABLE = new Set([3, 9, 23]);

export class Workload {
  readonly taskIds: string[] = [];
  private readonly clicked = new Set<string>();
  private readonly finished = new Map<string, Task>();
  private readonly cancels: Promise<void>[] = [];
  private submitted = 0;

  constructor(private readonly options: WorkloadOptions) {}

  /** Submits everything, then waits (up to `settleMs`) for every task to end. */
  async run(settleMs: number): Promise<Task[]> {
    await this.submitAll();
    return this.settle(settleMs);
  }

  async submitAll(): Promise<void> {
    while (this.submitted < this.options.total) {
      await this.waitForRoom();
      const id = await this.submitNext();
      if (id) this.afterSubmit(id);
    }
    await Promise.all(this.cancels);
  }

  /** The tasks as fetch answers them now. */
  async snapshot(): Promise<Task[]> {
    const tasks: Task[] = [];
    for (let start = 0; start < this.taskIds.length; start += 200) {
      tasks.push(...await this.post<Task[]>('/mj/task/list-by-condition', { ids: this.taskIds.slice(start, start + 200) }));
    }
    return tasks;
  }

  /** Waits (up to `settleMs`) for every task to end; the tasks as they are then. */
  async settle(settleMs: number): Promise<Task[]> {
    const deadline = Date.now() + settleMs;
    for (;;) {
      const tasks = await this.snapshot().catch(() => undefined);
      if (tasks && (tasks.every((task) => isDone(task)) || Date.now() > deadline)) return tasks;
      if (!tasks && Date.now() > deadline) throw new Error('mj-proxy did not answer while settling');
      await sleep(POLL_MS);
    }
  }

  private async waitForRoom(): Promise<void> {
    for (;;) {
      const tasks = await this.snapshot().catch(() => undefined);
      if (tasks) {
        for (const task of tasks) if (isDone(task)) this.finished.set(task.id, task);
        if (tasks.filter((task) => !isDone(task)).length < this.options.maxInFlight) return;
      }
      await sleep(POLL_MS);
    }
  }

  private async submitNext(): Promise<string | undefined> {
    const n = this.submitted + 1;
    const roll = this.options.random();
    const parent = this.pickParent();
    if (parent && roll < 0.45) return this.click(parent.task, parent.customId);
    const common = { notifyHook: this.options.notifyHook, state: `soak-${n}` };
    const image = () => this.options.images[Math.floor(this.options.random() * this.options.images.length)] ?? '';
    if (roll < 0.55) return this.command('/mj/submit/blend', { ...common, base64Array: [image(), image()], dimensions: 'SQUARE' });
    if (roll < 0.62) return this.command('/mj/submit/describe', { ...common, base64: image() });
    if (roll < 0.69) return this.command('/mj/submit/shorten', { ...common, prompt: `soak ${n} a long prompt about a quiet harbour at dawn with boats` });
    return this.command('/mj/submit/imagine', { ...common, prompt: `soak ${n} lighthouse number ${n} --ar 3:2` });
  }

  /** A command is repeated after a refusal or an outage, each time as a new request (its state differs). */
  private async command(path: string, body: Record<string, unknown>): Promise<string | undefined> {
    for (let attempt = 1; ; attempt += 1) {
      const answer = await this.post<SubmitAnswer>(path, { ...body, state: `${String(body.state)}-${attempt}` }).catch(() => undefined);
      if (answer?.result) return answer.result;
      if (answer && !UNAVAILABLE.has(answer.code)) {
        this.options.log?.(`${path} refused: ${answer.code} ${answer.description}`);
        this.submitted += 1;
        return undefined;
      }
      await sleep(RETRY_MS);
    }
  }

  /** A click is never repeated: if its answer got lost, the button is simply not used again. */
  private async click(parent: Task, customId: string): Promise<string | undefined> {
    this.clicked.add(`${parent.id} ${customId}`);
    const answer = await this.post<SubmitAnswer>('/mj/submit/action', { taskId: parent.id, customId, notifyHook: this.options.notifyHook }).catch(() => undefined);
    if (!answer?.result) return undefined;
    if (answer.code === 21) await this.post('/mj/submit/modal', { taskId: answer.result }).catch(() => undefined);
    return answer.result;
  }

  private pickParent(): { task: Task; customId: string } | undefined {
    const choices = [...this.finished.values()]
      .filter((task) => task.status === 'SUCCESS')
      .flatMap((task) => task.buttons.filter((b) => CLICKABLE.test(b.customId) && !this.clicked.has(`${task.id} ${b.customId}`)).map((b) => ({ task, customId: b.customId })));
    return choices[Math.floor(this.options.random() * choices.length)];
  }

  private afterSubmit(id: string): void {
    this.submitted += 1;
    this.taskIds.push(id);
    if (this.options.random() >= this.options.cancelRate) return;
    const delay = this.options.random() * this.options.cancelWithinMs;
    this.cancels.push(sleep(delay).then(() => this.post(`/mj/task/${id}/cancel`, {})).then(() => undefined, () => undefined));
  }

  private async post<T>(path: string, body: unknown): Promise<T> {
    const response = await fetch(this.options.baseUrl() + path, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
    });
    return (await response.json()) as T;
  }
}

function isDone(task: Task): boolean {
  return task.status === 'SUCCESS' || task.status === 'FAILURE' || task.status === 'CANCEL';
}

/** A small seeded generator (mulberry32), so a failing run can be replayed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
