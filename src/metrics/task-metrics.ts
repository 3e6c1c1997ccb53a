/**
 * Task series from the change feed: each task's submission, its send (queue wait) and its ending
 * (Discord run), each counted once, and only by the process in which it happened: a task re-attached
 * after a restart is not submitted again, a finished task told again (its results re-hosted) does
 * not finish twice.
 */
import { Counter, Histogram, type Registry } from 'prom-client';
import { isTerminal, type Task } from '../tasks/task.js';

const MS_PER_SECOND = 1000;
/** Endings remembered to ignore later changes of a finished task; the oldest are forgotten beyond this. */
const ENDINGS_REMEMBERED = 10_000;
/** From an instant start to long queues (seconds). */
const QUEUE_WAIT_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800];
/** Fast jobs take about a minute, relaxed ones up to tens of minutes (seconds). */
const RUN_BUCKETS = [1, 5, 10, 20, 30, 45, 60, 90, 120, 180, 300, 600, 1200, 2400];

/** What is kept of a task seen unfinished in this process. */
interface Unfinished {
  sendCounted: boolean;
}

const seconds = (fromMs: number, toMs: number): number => Math.max(0, toMs - fromMs) / MS_PER_SECOND;

export class TaskMetrics {
  private readonly submitted: Counter<'action' | 'mode'>;
  private readonly finished: Counter<'action' | 'mode' | 'status'>;
  private readonly queueWait: Histogram<'action' | 'mode'>;
  private readonly run: Histogram<'action' | 'mode' | 'status'>;
  private readonly unfinished = new Map<string, Unfinished>();
  private readonly ended = new Set<string>();

  /** @param since epoch ms this process began counting: what happened before belongs to an earlier one */
  constructor(registry: Registry, private readonly since: number) {
    const registers = [registry];
    this.submitted = new Counter({
      name: 'mj_tasks_submitted_total', help: 'Tasks the API accepted (queued or started), by action and mode.',
      labelNames: ['action', 'mode'], registers,
    });
    this.finished = new Counter({
      name: 'mj_tasks_finished_total', help: 'Tasks that ended, by action, mode and final status (SUCCESS, FAILURE, CANCEL).',
      labelNames: ['action', 'mode', 'status'], registers,
    });
    this.queueWait = new Histogram({
      name: 'mj_task_queue_wait_seconds', help: 'From submission to the job sent to Discord (waiting for a free slot included).',
      labelNames: ['action', 'mode'], buckets: QUEUE_WAIT_BUCKETS, registers,
    });
    this.run = new Histogram({
      name: 'mj_task_run_seconds', help: 'From the job sent to Discord to the task ending, by action, mode and final status.',
      labelNames: ['action', 'mode', 'status'], buckets: RUN_BUCKETS, registers,
    });
  }

  /** The change-feed listener: told every change of every task. */
  observe(task: Task): void {
    if (isTerminal(task.status)) {
      this.ending(task);
      return;
    }
    let seen = this.unfinished.get(task.id);
    if (seen === undefined) {
      seen = { sendCounted: false };
      this.unfinished.set(task.id, seen);
      const fresh = task.status === 'NOT_START' || task.status === 'MODAL';
      if (fresh && this.happenedHere(task.submitTime)) this.submitted.inc({ action: task.action, mode: task.mode });
    }
    this.sent(task, seen);
  }

  private sent(task: Task, seen: Unfinished): void {
    if (seen.sendCounted || task.startTime === null) return;
    seen.sendCounted = true;
    if (task.submitTime === null || !this.happenedHere(task.startTime)) return;
    this.queueWait.observe({ action: task.action, mode: task.mode }, seconds(task.submitTime, task.startTime));
  }

  private ending(task: Task): void {
    const seen = this.unfinished.get(task.id);
    if (this.ended.has(task.id) || (seen === undefined && !this.happenedHere(task.finishTime))) return;
    this.unfinished.delete(task.id);
    this.remember(task.id);
    this.sent(task, seen ?? { sendCounted: false });
    const labels = { action: task.action, mode: task.mode, status: task.status };
    this.finished.inc(labels);
    if (task.startTime !== null && task.finishTime !== null) this.run.observe(labels, seconds(task.startTime, task.finishTime));
  }

  private happenedHere(time: number | null): boolean {
    return time !== null && time >= this.since;
  }

  private remember(id: string): void {
    this.ended.add(id);
    if (this.ended.size <= ENDINGS_REMEMBERED) return;
    const oldest = this.ended.values().next().value;
    if (oldest !== undefined) this.ended.delete(oldest);
  }
}
