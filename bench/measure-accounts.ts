/**
 * Many accounts at once: the simulator with N accounts in its own process, the built service with
 * all N, and `tasksPerAccount` imagines per account submitted together. Measured: the service's
 * RSS (peak), its event-loop delay, each task's delay beyond what the same job takes on an idle
 * system, the final message → SUCCESS time under load, a steady client's fetch latency meanwhile,
 * and how punctually every account's gateway heartbeats reached the simulator.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { snowflakeTime } from '../src/lib/snowflake.js';
import { listTasks, submitImagine, type BenchTask } from './api.js';
import { ask } from './ipc.js';
import type { LoadResult } from './load.js';
import type { LoadWorkerRequest, WatchResult } from './load-worker.js';
import { mainThreadSchedule, rssMb, startService, startSimHost } from './processes.js';
import type { AccountsShape } from './profile.js';
import { distribution, percentile } from './stats.js';

export interface HeartbeatPunctuality {
  /** Accounts with a beat later than HEARTBEAT_LATE_MS (or none for that long). */
  lateAccounts: number;
  worstLatenessMs: number;
}

export interface AccountsPoint {
  accounts: number;
  tasks: number;
  failed: number;
  rssPeakMb: number;
  lagP99Ms: number;
  lagMaxMs: number;
  /** What the same imagine takes end to end on the idle system. */
  idleJobMs: number;
  /** Of which the service's part (see addedMs). */
  idleAddedMs: number;
  slowestDelayMs: number;
  delayP99Ms: number;
  finalToSuccessP50Ms: number;
  finalToSuccessMaxMs: number;
  fetchDuringLoadP99Ms: number;
  heartbeats: HeartbeatPunctuality;
  simulatorLagP99Ms: number;
  /** Per second of the load, ms each main thread ran on a CPU, and waited runnable for one (the machine's share of the lag). */
  schedule: { service: CpuShare; simulator: CpuShare };
  seconds: number;
}

export interface CpuShare {
  runMsPerS: number;
  waitMsPerS: number;
}

export const HEARTBEAT_LATE_MS = 1000;
const RSS_SAMPLE_MS = 100;
const POLL_MS = 1000;
const SUBMITTERS = 32;
const IDS_PER_LIST = 100;
const CONNECT_TIMEOUT_MS = 180_000;
const FINISH_GRACE_MS = 180_000;
/** The steady client: one fetch every so often while the load runs. */
const PROBE_PAUSE_MS = 50;
const TERMINAL = new Set(['SUCCESS', 'FAILURE', 'CANCEL']);
/**
 * Thousands of jobs share this many pictures, each drawn once: the simulator shares the CPUs with
 * the service, and drawing a grid per job made its own image work the slowest part of every task.
 */
const IMAGE_VARIETY = 16;

async function submitAll(origin: string, count: number): Promise<string[]> {
  const ids: string[] = new Array<string>(count);
  let next = 0;
  const submitter = async () => {
    for (let i = next++; i < count; i = next++) ids[i] = await submitImagine(origin, `bench load ${i} --ar 1:1`);
  };
  await Promise.all(Array.from({ length: SUBMITTERS }, submitter));
  return ids;
}

async function waitAllFinished(origin: string, ids: string[], timeoutMs: number): Promise<BenchTask[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const tasks: BenchTask[] = [];
    for (let start = 0; start < ids.length; start += IDS_PER_LIST) tasks.push(...await listTasks(origin, ids.slice(start, start + IDS_PER_LIST)));
    if (tasks.length === ids.length && tasks.every((task) => TERMINAL.has(task.status))) return tasks;
    if (Date.now() > deadline) throw new Error(`${tasks.filter((task) => !TERMINAL.has(task.status)).length} tasks unfinished after ${timeoutMs} ms`);
    await sleep(POLL_MS);
  }
}

/** The longest wait between an account's consecutive beats within the window, beyond the interval. */
export function punctuality(beats: Record<string, number[]>, userIds: string[], window: { start: number; end: number }, intervalMs: number): HeartbeatPunctuality {
  let lateAccounts = 0;
  let worstLatenessMs = 0;
  for (const userId of userIds) {
    const times = (beats[userId] ?? []).filter((t) => t <= window.end).sort((a, b) => a - b);
    const before = times.filter((t) => t < window.start).at(-1);
    // From the last beat before the window (or its start) through every beat in it to its end.
    const marks = [before ?? window.start, ...times.filter((t) => t >= window.start), window.end];
    let longest = 0;
    for (let i = 1; i < marks.length; i++) longest = Math.max(longest, (marks[i] as number) - (marks[i - 1] as number));
    const lateness = Math.max(0, longest - intervalMs);
    worstLatenessMs = Math.max(worstLatenessMs, lateness);
    if (lateness > HEARTBEAT_LATE_MS) lateAccounts++;
  }
  return { lateAccounts, worstLatenessMs };
}

/**
 * What the service adds to a task: its whole time less its job as the simulator ran it, from the
 * waiting message to the final one (both ids stamped by the simulator). On the shared CPUs the
 * simulator's own timers run late under load, and a job queued in the simulated Midjourney waits
 * there: both lengthen the job, and neither is the service's delay.
 */
export function addedMs(task: Pick<BenchTask, 'submitTime' | 'finishTime' | 'properties'>): number {
  const { messageId, progressMessageId } = task.properties;
  if (typeof messageId !== 'string' || typeof progressMessageId !== 'string') throw new Error(`a task without its simulator messages: ${JSON.stringify(task.properties)}`);
  const job = snowflakeTime(messageId) - snowflakeTime(progressMessageId);
  return (task.finishTime ?? 0) - (task.submitTime ?? 0) - job;
}

/** One imagine on the idle system (after one that warms up both processes): end to end, and the service's part. */
async function idleJob(origin: string, worker: ChildProcess): Promise<{ totalMs: number; addedMs: number }> {
  let idle = { totalMs: 0, addedMs: 0 };
  for (const run of ['warm-up', 'baseline']) {
    const taskId = await submitImagine(origin, `bench idle ${run} --ar 1:1`);
    const { task } = await ask<WatchResult>(worker, { type: 'watch', origin, taskId, timeoutMs: CONNECT_TIMEOUT_MS } satisfies LoadWorkerRequest);
    idle = { totalMs: (task.finishTime ?? 0) - (task.submitTime ?? 0), addedMs: addedMs(task) };
  }
  return idle;
}

export async function measureAccounts(dir: string, worker: ChildProcess, accounts: number, shape: AccountsShape): Promise<AccountsPoint> {
  mkdirSync(dir, { recursive: true });
  const perAccount = shape.tasksPerAccount;
  const sim = await startSimHost({
    accounts, jobSeconds: shape.jobSeconds, heartbeatIntervalMs: shape.heartbeatIntervalMs, maxConcurrentJobs: perAccount, maxQueuedJobs: perAccount,
    imageVariety: IMAGE_VARIETY,
  }, join(dir, 'sim.log'));
  try {
    const service = await startService({ dir, storeUrl: `sqlite:${join(dir, 'tasks.db')}`, sim: sim.info, coreSize: perAccount, queueSize: perAccount, probe: true }, CONNECT_TIMEOUT_MS);
    try {
      const { origin } = service;
      const idle = await idleJob(origin, worker);

      await service.lag(true);
      await sim.lag(true);
      const start = Date.now();
      const scheduleBefore = { service: mainThreadSchedule(service.pid), simulator: mainThreadSchedule(sim.pid) };
      const rss: number[] = [rssMb(service.pid)];
      const sampler = setInterval(() => rss.push(rssMb(service.pid)), RSS_SAMPLE_MS);
      let tasks: BenchTask[];
      let probe: LoadResult;
      try {
        const ids = await submitAll(origin, accounts * perAccount);
        const probing = ask<LoadResult>(worker, { type: 'load', plan: {
          origin, requests: ids.map((id) => ({ method: 'GET', path: `/mj/task/${id}/fetch` })), connections: 1, pipelining: 1,
          durationMs: shape.jobSeconds * 1000, pauseMs: PROBE_PAUSE_MS,
        } } satisfies LoadWorkerRequest);
        tasks = await waitAllFinished(origin, ids, shape.jobSeconds * 1000 + FINISH_GRACE_MS);
        probe = await probing;
      } finally {
        clearInterval(sampler);
      }
      const end = Date.now();
      const share = (pid: number, before: { runMs: number; waitMs: number }): CpuShare => {
        const after = mainThreadSchedule(pid);
        const seconds = (end - start) / 1000;
        return { runMsPerS: Math.round((after.runMs - before.runMs) / seconds), waitMsPerS: Math.round((after.waitMs - before.waitMs) / seconds) };
      };
      const schedule = { service: share(service.pid, scheduleBefore.service), simulator: share(sim.pid, scheduleBefore.simulator) };
      const lag = await service.lag(false);
      const simLag = await sim.lag(false);
      const done = tasks.filter((task) => task.status === 'SUCCESS');
      const delays = done.map((task) => addedMs(task) - idle.addedMs);
      const finalToSuccess = done.map((task) => (task.finishTime ?? 0) - snowflakeTime(String(task.properties.messageId)));
      const heartbeats = punctuality(await sim.heartbeats(), sim.info.accounts.map((account) => account.userId), { start, end }, shape.heartbeatIntervalMs);
      return {
        accounts, tasks: tasks.length, failed: tasks.length - done.length,
        rssPeakMb: Math.max(...rss), lagP99Ms: lag.p99Ms, lagMaxMs: lag.maxMs,
        idleJobMs: idle.totalMs, idleAddedMs: idle.addedMs, slowestDelayMs: Math.max(0, ...delays), delayP99Ms: percentile(delays, 0.99),
        finalToSuccessP50Ms: distribution(finalToSuccess).p50, finalToSuccessMaxMs: distribution(finalToSuccess).max,
        fetchDuringLoadP99Ms: probe.latencyMs.p99, heartbeats, simulatorLagP99Ms: simLag.p99Ms, schedule, seconds: (end - start) / 1000,
      };
    } finally {
      await service.stop();
    }
  } finally {
    await sim.stop();
  }
}
