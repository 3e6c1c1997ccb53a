import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestService } from './harness.js';
import { submit } from './plus-helpers.js';

test('a task with no sign of progress fails after its account timeout, with a clear reason', async () => {
  const svc = await startTestService({ demo: { jobSeconds: 0.3, timeoutMinutes: 0.01 } });
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
