import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestService } from './harness.js';
import { submit } from './plus-helpers.js';

test('a task with no sign of progress fails after its account timeout, with a clear reason', async () => {
  // A long job whose messages never arrive: nothing a channel read could find yet either.
  const svc = await startTestService({ demo: { jobSeconds: 30, timeoutMinutes: 0.01 } });
  try {
    const answer = await submit(svc, '/submit/imagine', { prompt: 'goes quiet' });
    svc.sim.faults.holdDispatches(5000);
    const task = await svc.waitForTask(answer.result as string);
    assert.equal(task.status, 'FAILURE');
    assert.match(task.failReason ?? '', /超时|timed out/);
    assert.equal(task.progress, '100%');
  } finally {
    await svc.close();
  }
});

test('a silent task makes its account read the channel back before the timeout: the result found there ends it', async () => {
  // The read comes after half the timeout (3 s here); the 0.3 s job is long done by then.
  const svc = await startTestService({ demo: { jobSeconds: 0.3, timeoutMinutes: 0.1 } });
  try {
    const answer = await submit(svc, '/submit/imagine', { prompt: 'heard nothing' });
    svc.sim.faults.holdDispatches(30_000);
    const task = await svc.waitForTask(answer.result as string);
    assert.equal(task.status, 'SUCCESS', task.failReason ?? '');
    assert.match(task.imageUrl ?? '', /\.png/);
    assert.equal(svc.sim.ledger.snapshot().jobs.find((job) => job.finalMessageId === task.properties.messageId)?.status, 'done');
  } finally {
    await svc.close();
  }
});

test('the timeout counts from the last progress, not from the submit', async () => {
  const svc = await startTestService({ demo: { jobSeconds: 2.5, timeoutMinutes: 0.025 } });
  try {
    const answer = await submit(svc, '/submit/imagine', { prompt: 'slow but steady' });
    const task = await svc.waitForTask(answer.result as string);
    assert.equal(task.status, 'SUCCESS', task.failReason ?? '');
    assert.ok((task.finishTime ?? 0) - (task.submitTime ?? 0) > 0.025 * 60_000, 'the job outlasted the timeout');
  } finally {
    await svc.close();
  }
});

test('beyond running + waiting capacity a submit gets code 23 and no task', async () => {
  const svc = await startTestService({ demo: { jobSeconds: 1, coreSize: 1, queueSize: 1 } });
  try {
    const first = await submit(svc, '/submit/imagine', { prompt: 'one' });
    const second = await submit(svc, '/submit/imagine', { prompt: 'two' });
    const third = await submit(svc, '/submit/imagine', { prompt: 'three' });
    assert.deepEqual([first.code, second.code, third.code], [1, 22, 23]);
    assert.equal(third.result, null);
    assert.ok(third.properties.discordInstanceId);
    const queue = await svc.call<{ id: string; status: string }[]>('GET', '/mj/task/queue');
    assert.deepEqual(queue.body.map((task) => task.id).sort(), [first.result, second.result].sort());
    assert.equal(queue.body.find((task) => task.id === second.result)?.status, 'NOT_START');
  } finally {
    await svc.close();
  }
});
