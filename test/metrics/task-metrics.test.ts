/** Task series from the change feed: each submission, send and ending counted once, by the process it happened in. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ServiceMetrics } from '../../src/metrics/index.js';
import type { Task } from '../../src/tasks/task.js';
import { sampleTask } from '../api/helpers.js';
import { parsePrometheusText, samplesOf, valueOf } from './prometheus-text.js';

const SINCE = 1_700_000_000_000;
const NOTIFY_IDLE = { delivered: 0, failed: 0, dropped: 0, coalesced: 0, retries: 0, busyTasks: 0 };

function metrics(): ServiceMetrics {
  return new ServiceMetrics({ accounts: () => [], notify: () => NOTIFY_IDLE, now: () => SINCE });
}

const scrape = async (m: ServiceMetrics) => parsePrometheusText(await m.render());

/** The snapshots of one task's life: queued at +0 s, sent at +2 s, progressing, ended at +32 s. */
function life(id: string, end: Task['status'], overrides: Partial<Task> = {}): Task[] {
  const base = { id, submitTime: SINCE + 1000, startTime: null, finishTime: null, progress: '0%', ...overrides };
  return [
    sampleTask({ ...base, status: 'NOT_START' }),
    sampleTask({ ...base, status: 'SUBMITTED', startTime: SINCE + 3000 }),
    sampleTask({ ...base, status: 'IN_PROGRESS', startTime: SINCE + 3000, progress: '50%' }),
    sampleTask({ ...base, status: end, startTime: SINCE + 3000, finishTime: SINCE + 33_000, progress: '100%' }),
  ];
}

test('one task: submitted once, its queue wait and Discord run observed once, finished by status', async () => {
  const m = metrics();
  for (const snapshot of life('t1', 'SUCCESS', { mode: 'RELAX' })) m.onTaskChange(snapshot);
  // The result re-hosted: the finished task is told again.
  m.onTaskChange(sampleTask({ ...life('t1', 'SUCCESS', { mode: 'RELAX' })[3], imageUrl: 'http://mine/image.png' }));
  const families = await scrape(m);
  assert.equal(valueOf(families, 'mj_tasks_submitted_total', { action: 'IMAGINE', mode: 'RELAX' }), 1);
  assert.equal(valueOf(families, 'mj_tasks_finished_total', { action: 'IMAGINE', mode: 'RELAX', status: 'SUCCESS' }), 1);
  assert.equal(valueOf(families, 'mj_task_queue_wait_seconds_count', { action: 'IMAGINE', mode: 'RELAX' }), 1);
  assert.equal(valueOf(families, 'mj_task_queue_wait_seconds_sum'), 2);
  assert.equal(valueOf(families, 'mj_task_queue_wait_seconds_bucket', { le: '1' }), 0);
  assert.equal(valueOf(families, 'mj_task_queue_wait_seconds_bucket', { le: '2.5' }), 1);
  assert.equal(valueOf(families, 'mj_task_run_seconds_count', { status: 'SUCCESS' }), 1);
  assert.equal(valueOf(families, 'mj_task_run_seconds_sum'), 30);
});

test('a task cancelled while waiting has no queue wait nor run, and counts as CANCEL', async () => {
  const m = metrics();
  const [queued] = life('t2', 'CANCEL');
  m.onTaskChange(queued as Task);
  m.onTaskChange(sampleTask({ ...queued, status: 'CANCEL', finishTime: SINCE + 5000 }));
  const families = await scrape(m);
  assert.equal(valueOf(families, 'mj_tasks_finished_total', { status: 'CANCEL' }), 1);
  assert.equal(valueOf(families, 'mj_task_queue_wait_seconds_count'), 0);
  assert.equal(valueOf(families, 'mj_task_run_seconds_count'), 0);
});

test('a modal task confirmed later is one submission', async () => {
  const m = metrics();
  const base = { id: 't3', action: 'VARIATION' as const, submitTime: SINCE + 1000, startTime: null, finishTime: null };
  m.onTaskChange(sampleTask({ ...base, status: 'MODAL' }));
  m.onTaskChange(sampleTask({ ...base, status: 'NOT_START' }));
  m.onTaskChange(sampleTask({ ...base, status: 'SUBMITTED', startTime: SINCE + 9000 }));
  const families = await scrape(m);
  assert.equal(valueOf(families, 'mj_tasks_submitted_total', { action: 'VARIATION' }), 1);
  assert.equal(valueOf(families, 'mj_task_queue_wait_seconds_sum'), 8);
});

test('after a restart: tasks of the earlier process are not submitted again; only what happens now counts', async () => {
  const m = metrics();
  const before = SINCE - 60_000;
  // Sent before the restart, finishing now: finished and run, no submission, no queue wait.
  const inFlight = { id: 'r1', submitTime: before, startTime: before + 1000, finishTime: null };
  m.onTaskChange(sampleTask({ ...inFlight, status: 'IN_PROGRESS', progress: '40%' }));
  m.onTaskChange(sampleTask({ ...inFlight, status: 'SUCCESS', finishTime: SINCE + 1000 }));
  // Waiting at the restart, sent now: its queue wait is this process's.
  const waiting = { id: 'r2', submitTime: before, finishTime: null };
  m.onTaskChange(sampleTask({ ...waiting, status: 'SUBMITTED', startTime: SINCE + 500 }));
  // Failed by the recovery itself (never told unfinished): finished now.
  m.onTaskChange(sampleTask({ id: 'r3', status: 'FAILURE', submitTime: before, startTime: before, finishTime: SINCE + 10, failReason: 'lost' }));
  // A modal of the earlier process, confirmed now: it queues again, but was submitted back then.
  m.onTaskChange(sampleTask({ id: 'r5', status: 'NOT_START', submitTime: before, startTime: null, finishTime: null }));
  // Finished before the restart, its results re-hosted now: nothing.
  m.onTaskChange(sampleTask({ id: 'r4', status: 'SUCCESS', submitTime: before, startTime: before, finishTime: before + 5000 }));
  const families = await scrape(m);
  assert.equal(samplesOf(families, 'mj_tasks_submitted_total').length, 0);
  assert.equal(valueOf(families, 'mj_tasks_finished_total', { status: 'SUCCESS' }), 1);
  assert.equal(valueOf(families, 'mj_tasks_finished_total', { status: 'FAILURE' }), 1);
  assert.equal(valueOf(families, 'mj_task_queue_wait_seconds_count'), 1);
  assert.equal(valueOf(families, 'mj_task_queue_wait_seconds_sum'), 60.5);
  assert.equal(valueOf(families, 'mj_task_run_seconds_count'), 2);
});
