/** Slots never exceed coreSize, and every unfinished task stays under a timeout (MODAL included). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { startTestService } from './harness.js';
import { click, submit, succeed } from './plus-helpers.js';

test('a cancel while the interaction is being sent: its job is stopped on Discord before the slot goes to the next task', async () => {
  const svc = await startTestService({ demo: { jobSeconds: 1.2, coreSize: 1, queueSize: 5 } });
  try {
    // The send waits out a 429, so the cancel lands while it is under way.
    svc.sim.faults.rateLimitInteractions(1, { retryAfterSeconds: 1.5 });
    const cancelled = await submit(svc, '/submit/imagine', { prompt: 'cancelled in flight' });
    await sleep(400);
    assert.equal((await svc.call<{ code: number }>('POST', `/mj/task/${cancelled.result}/cancel`)).body.code, 1);
    await succeed(svc, '/submit/imagine', { prompt: 'the next one' }, 22);
    const ledger = svc.sim.ledger.snapshot();
    const userId = svc.sim.info.accounts[0]!.userId;
    assert.equal(ledger.peakActive[userId], 1, 'Midjourney never ran two jobs of a one-slot account');
    const sent = ledger.interactions.find((i) => i.request.prompt === 'cancelled in flight');
    assert.ok(sent, 'the cancelled request had left before the cancel');
    assert.deepEqual(ledger.jobs.filter((job) => job.interactionId === sent.id).map((job) => job.status), ['stopped'], 'Cancel Job stopped it');
    assert.equal((await svc.fetchTask(cancelled.result as string)).status, 'CANCEL');
  } finally {
    await svc.close();
  }
});

test('a modal confirmation that meets a full queue: code 23, the task stays MODAL; unconfirmed, it ends at its timeout', async () => {
  const svc = await startTestService({ demo: { jobSeconds: 1.5, coreSize: 1, queueSize: 0, timeoutMinutes: 0.05 }, timeouts: { modalMinutes: 0.3 } });
  try {
    const grid = await succeed(svc, '/submit/imagine', { prompt: 'a harbour' });
    const { task: single } = await click(svc, grid, 'U1');
    const retried = (await click(svc, single!, /MJ::CustomZoom::/, 21)).answer.result as string;
    const forgotten = (await click(svc, single!, /MJ::CustomZoom::/, 21)).answer.result as string;
    const busy = await submit(svc, '/submit/imagine', { prompt: 'fills the only slot' });
    assert.equal(busy.code, 1);
    for (const id of [retried, forgotten]) {
      const full = await submit(svc, '/submit/modal', { taskId: id, prompt: 'a harbour --zoom 1.5' });
      assert.equal(full.code, 23, JSON.stringify(full));
      assert.equal((await svc.fetchTask(id)).status, 'MODAL');
    }
    await svc.waitForTask(busy.result as string);
    assert.equal((await submit(svc, '/submit/modal', { taskId: retried, prompt: 'a harbour --zoom 1.5' })).code, 1);
    assert.equal((await svc.waitForTask(retried)).status, 'SUCCESS');
    const timedOut = await svc.waitForTask(forgotten, undefined, 40_000);
    assert.equal(timedOut.status, 'FAILURE');
    assert.match(timedOut.failReason ?? '', /timed out|超时/);
  } finally {
    await svc.close();
  }
});
