/**
 * Notify-hook delivery (SPEC §8). notify() only records the snapshot and returns; a per-task
 * worker posts snapshots one at a time, newest first-come, never going backwards in the lifecycle.
 * After the terminal call, only a changed snapshot of the same status still goes out: the finished
 * task with its results re-hosted at stable URLs. In cluster mode each accepted snapshot also waits
 * in an outbox until delivered or given up, so that a survivor delivers it if this instance dies.
 */
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Agent } from 'undici';
import type { Config } from '../config/schema.js';
import { isHostAllowed } from '../lib/allowed-hosts.js';
import type { Logger } from '../lib/logger.js';
import type { HookOutbox } from '../tasks/ports.js';
import { isTerminal, type Task, type TaskStatus } from '../tasks/task.js';
import { postJson, type PostOutcome } from './post-json.js';
import { notifyRank } from '../tasks/notify-rank.js';
import { SlotPool } from './slot-pool.js';

export interface NotifierOptions {
  /** Used when the task has no `properties.notifyHook`; "" = none. */
  defaultHook: string;
  /** Hook calls in flight at once, all receivers together. */
  concurrency: number;
  /** Bound of one call, connection to answer. */
  timeoutMs: number;
  /** Calls per snapshot, the first included. */
  maxAttempts: number;
  logger: Logger;
  /** First retry delay; doubles per attempt up to retryMaxMs. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** How long close() waits for pending deliveries before abandoning them. */
  closeTimeoutMs?: number;
  /** Host names hooks may call (notify.allowedHosts); empty or absent = any. */
  allowedHosts?: readonly string[];
  /** Cluster mode: keeps what is not delivered yet where a survivor finds it. */
  outbox?: HookOutbox;
}

export interface NotifierStats {
  delivered: number;
  /** Snapshots given up on: attempts exhausted, refused by the receiver, bad hook url, or cut by close(). */
  failed: number;
  /** Snapshots never sent: older than one already accepted, after the terminal one, or unchanged. */
  dropped: number;
  /** Snapshots replaced by a newer one of the same task before they were delivered. */
  coalesced: number;
  /** Repeated attempts. */
  retries: number;
  /** Tasks with a snapshot waiting or in flight. */
  busyTasks: number;
}

/** What the runtime configuration changes (notify.*): used by every call from the change on. */
export type NotifyDefaults = Pick<NotifierOptions, 'defaultHook' | 'concurrency' | 'timeoutMs' | 'maxAttempts' | 'allowedHosts'>;

/** The defaults the `notify` configuration gives. */
export function notifyDefaultsOf(notify: Config['notify']): NotifyDefaults {
  const { hook: defaultHook, concurrency, timeoutMs, maxAttempts, allowedHosts } = notify;
  return { defaultHook, concurrency, timeoutMs, maxAttempts, allowedHosts };
}

export interface Notifier {
  /** Never blocks and never throws. */
  notify(task: Task): void;
  /** New defaults for the calls from now on (a call in flight keeps its timeout); a task's calls stay in order. */
  configure(defaults: NotifyDefaults): void;
  /** Stops accepting, flushes within closeTimeoutMs, then abandons what is left. */
  close(): Promise<void>;
  stats(): NotifierStats;
}

const DEFAULT_RETRY_BASE_MS = 1000;
const DEFAULT_RETRY_MAX_MS = 30_000;
const DEFAULT_CLOSE_TIMEOUT_MS = 5000;
/** Finished tasks remembered to drop late snapshots; the oldest are forgotten beyond this. */
const FINISHED_MEMORY = 10_000;
/** Share of the slots one receiver (origin) may hold. */
const PER_RECEIVER_SHARE = 0.5;

interface Snapshot {
  url: string;
  origin: string;
  body: string;
  terminal: boolean;
  /** Resolves once the outbox holds the snapshot (at once without an outbox). */
  kept: Promise<void>;
}

interface Channel {
  /** Highest rank accepted so far (sent, in flight or waiting). */
  rank: number;
  lastBody: string;
  /** The terminal status accepted, once there is one. */
  finished: TaskStatus | null;
  waiting: Snapshot | null;
  running: boolean;
}

/** What is kept of a finished task once its channel is gone. */
interface Finished {
  status: TaskStatus;
  bodyDigest: string;
}

const digestOf = (body: string): string => createHash('sha1').update(body).digest('base64');

export function createNotifier(options: NotifierOptions): Notifier {
  const { logger, outbox } = options;
  let defaults: NotifyDefaults = options;
  const retryBaseMs = options.retryBaseMs ?? DEFAULT_RETRY_BASE_MS;
  const retryMaxMs = options.retryMaxMs ?? DEFAULT_RETRY_MAX_MS;
  const closeTimeoutMs = options.closeTimeoutMs ?? DEFAULT_CLOSE_TIMEOUT_MS;
  const slotsFor = (concurrency: number): [number, number] => {
    const total = Math.max(1, concurrency);
    return [total, Math.max(1, Math.ceil(total * PER_RECEIVER_SHARE))];
  };

  const agent = new Agent();
  const slots = new SlotPool(...slotsFor(options.concurrency));
  const channels = new Map<string, Channel>();
  const finishedTasks = new Map<string, Finished>();
  const shutdown = new AbortController();
  const counters = { delivered: 0, failed: 0, dropped: 0, coalesced: 0, retries: 0 };
  let closing: Promise<void> | null = null;
  let idleWaiters: (() => void)[] = [];
  let busyTasks = 0;

  function forget(id: string, channel: Channel): void {
    channels.delete(id);
    if (!channel.finished) return;
    finishedTasks.set(id, { status: channel.finished, bodyDigest: digestOf(channel.lastBody) });
    if (finishedTasks.size > FINISHED_MEMORY) {
      const oldest = finishedTasks.keys().next().value;
      if (oldest !== undefined) finishedTasks.delete(oldest);
    }
  }

  function hookOf(task: Task): URL | null {
    const hook = task.properties.notifyHook || defaults.defaultHook;
    if (!hook) return null;
    const url = URL.canParse(hook) ? new URL(hook) : null;
    if (url?.protocol !== 'http:' && url?.protocol !== 'https:') {
      counters.failed += 1;
      logger.warn({ taskId: task.id }, 'notify hook is not an http(s) url; not called');
      return null;
    }
    if (!isHostAllowed(defaults.allowedHosts ?? [], url)) {
      counters.failed += 1;
      logger.warn({ taskId: task.id, host: url.hostname }, 'notify hook host is not in notify.allowedHosts; not called');
      return null;
    }
    return url;
  }

  function keep(taskId: string, body: string): Promise<void> {
    if (!outbox) return Promise.resolve();
    return outbox.put(taskId, body).catch((error: unknown) => logger.warn({ taskId, err: (error as Error).message }, 'keeping a hook in the outbox failed'));
  }

  /** Out of the outbox: delivered, given up, or not to be sent (a snapshot claimed from a dead instance may be one). */
  function settle(taskId: string, body: string): void {
    outbox?.done(taskId, body).catch((error: unknown) => logger.warn({ taskId, err: (error as Error).message }, 'clearing a hook from the outbox failed'));
  }

  /** One attempt holds one slot; waiting for a retry holds none. */
  async function attempt(snapshot: Snapshot): Promise<PostOutcome> {
    const release = await slots.acquire(snapshot.origin, shutdown.signal);
    try {
      const signal = AbortSignal.any([shutdown.signal, AbortSignal.timeout(defaults.timeoutMs)]);
      return await postJson(agent, snapshot.url, snapshot.body, signal);
    } finally {
      release();
    }
  }

  async function deliver(taskId: string, snapshot: Snapshot, channel: Channel): Promise<void> {
    // A newer snapshot replaces a failing one, except the terminal one, which is final.
    const superseded = (): boolean => !snapshot.terminal && channel.waiting !== null;
    await snapshot.kept;
    for (let attemptNo = 1; ; attemptNo += 1) {
      const outcome = await attempt(snapshot);
      if (outcome.ok) {
        counters.delivered += 1;
        return;
      }
      if (!outcome.retry || attemptNo >= defaults.maxAttempts || shutdown.signal.aborted) {
        counters.failed += 1;
        logger.warn({ taskId, hook: snapshot.origin, reason: outcome.reason, attempts: attemptNo }, 'notify hook failed');
        return;
      }
      if (superseded()) {
        counters.coalesced += 1;
        return;
      }
      counters.retries += 1;
      await sleep(Math.min(retryMaxMs, retryBaseMs * 2 ** (attemptNo - 1)), undefined, { signal: shutdown.signal });
      if (superseded()) {
        counters.coalesced += 1;
        return;
      }
    }
  }

  async function run(taskId: string, channel: Channel): Promise<void> {
    channel.running = true;
    busyTasks += 1;
    while (channel.waiting) {
      const snapshot = channel.waiting;
      channel.waiting = null;
      try {
        await deliver(taskId, snapshot, channel);
        // A delivery close() cut short stays in the outbox: another instance delivers it.
        if (!shutdown.signal.aborted) settle(taskId, snapshot.body);
      } catch {
        // Only close() interrupts a delivery (slot wait or backoff aborted).
        counters.failed += 1;
      }
      if (shutdown.signal.aborted && channel.waiting) {
        channel.waiting = null;
        counters.failed += 1;
      }
    }
    channel.running = false;
    busyTasks -= 1;
    if (channel.finished) forget(taskId, channel);
    if (busyTasks === 0) {
      for (const wake of idleWaiters) wake();
      idleWaiters = [];
    }
  }

  function accept(task: Task): void {
    const url = hookOf(task);
    if (!url) return;
    const rank = notifyRank(task);
    // Serialised now: the caller may keep mutating the task object after this call.
    const body = JSON.stringify(task);
    let channel = channels.get(task.id);
    if (!channel) {
      const finished = finishedTasks.get(task.id);
      if (finished && (finished.status !== task.status || finished.bodyDigest === digestOf(body))) {
        counters.dropped += 1;
        settle(task.id, body);
        return;
      }
      finishedTasks.delete(task.id);
      channel = { rank, lastBody: '', finished: finished?.status ?? null, waiting: null, running: false };
      channels.set(task.id, channel);
    }
    const late = channel.finished ? task.status !== channel.finished : rank < channel.rank;
    if (late || body === channel.lastBody) {
      counters.dropped += 1;
      // The same snapshot still on its way clears the outbox itself once delivered.
      if (late || !channel.running) settle(task.id, body);
      return;
    }
    if (channel.waiting) counters.coalesced += 1;
    const terminal = isTerminal(task.status);
    channel.rank = rank;
    channel.lastBody = body;
    if (terminal) channel.finished = task.status;
    channel.waiting = { url: url.href, origin: url.origin, body, terminal, kept: keep(task.id, body) };
    if (!channel.running) void run(task.id, channel);
  }

  function whenIdle(): Promise<void> {
    if (busyTasks === 0) return Promise.resolve();
    return new Promise((resolve) => idleWaiters.push(resolve));
  }

  async function shutDown(): Promise<void> {
    const timer = new AbortController();
    const idle = whenIdle();
    await Promise.race([idle, sleep(closeTimeoutMs, undefined, { signal: timer.signal }).catch(() => undefined)]);
    timer.abort();
    shutdown.abort(new Error('notifier closed'));
    await idle;
    await agent.destroy();
  }

  return {
    notify(task: Task): void {
      if (closing) {
        counters.dropped += 1;
        return;
      }
      try {
        accept(task);
      } catch (error) {
        counters.failed += 1;
        logger.warn({ taskId: task?.id, err: error }, 'notify skipped');
      }
    },
    configure(next: NotifyDefaults): void {
      defaults = { ...next };
      slots.resize(...slotsFor(next.concurrency));
    },
    close(): Promise<void> {
      closing ??= shutDown();
      return closing;
    },
    stats: () => ({ ...counters, busyTasks }),
  };
}
