import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator } from '../../src/sim/index.js';
import { startTestService } from './harness.js';
import { click, submit, succeed } from './plus-helpers.js';

test('Remix on (read from Discord): V1, reroll and pan answer 21; the modal prompt runs the job', async () => {
  const sim = await startSimulator({ jobSeconds: 0.3 });
  const userId = sim.info.accounts[0]!.userId;
  sim.bots.midjourney.setAccountState(userId, { ...sim.bots.midjourney.getAccountState(userId), remix: true });
  const svc = await startTestService({}, sim);
  try {
    const grid = await succeed(svc, '/submit/imagine', { prompt: 'a quiet harbour' });
    for (const match of ['V1', /reroll/]) {
      const opened = await click(svc, grid, match, 21);
      const id = opened.answer.result as string;
      assert.equal((await svc.fetchTask(id)).status, 'MODAL');
      assert.equal((await submit(svc, '/submit/modal', { taskId: id, prompt: 'a stormy harbour' })).code, 1);
      const task = await svc.waitForTask(id);
      assert.equal(task.status, 'SUCCESS', task.failReason ?? '');
      assert.match(task.properties.finalPrompt ?? '', /stormy/);
    }
    const { task: single } = await click(svc, grid, 'U1');
    const pan = await click(svc, single!, /pan_right/, 21);
    assert.equal((await submit(svc, '/submit/modal', { taskId: pan.answer.result as string })).code, 1);
    assert.equal((await svc.waitForTask(pan.answer.result as string)).action, 'PAN');
  } finally {
    await svc.close();
    await sim.close();
  }
});

test('Remix on with remixAutoSubmit: the proxy confirms the modal itself (code 1)', async () => {
  const sim = await startSimulator({ jobSeconds: 0.3 });
  const account = sim.info.accounts[0]!;
  sim.bots.midjourney.setAccountState(account.userId, { ...sim.bots.midjourney.getAccountState(account.userId), remix: true });
  const svc = await startTestService({
    discord: { apiBaseUrl: sim.info.apiBaseUrl, gatewayUrl: sim.info.gatewayUrl, activityBaseUrl: sim.info.activityBaseUrl },
    accounts: [{ ...account, remixAutoSubmit: true }],
  });
  try {
    const grid = await succeed(svc, '/submit/imagine', { prompt: 'a paper boat' });
    const { task } = await click(svc, grid, 'V2');
    assert.equal(task?.action, 'VARIATION');
    assert.match(task?.properties.finalPrompt ?? '', /paper boat/);
  } finally {
    await svc.close();
    await sim.close();
  }
});

test('cancel: a waiting task, a modal task and a running one end CANCEL and free their slot', async () => {
  const svc = await startTestService({ demo: { jobSeconds: 2, coreSize: 1, queueSize: 5 } });
  try {
    const running = await submit(svc, '/submit/imagine', { prompt: 'long job' });
    const waiting = await submit(svc, '/submit/imagine', { prompt: 'waiting job' });
    const third = await submit(svc, '/submit/imagine', { prompt: 'third job' });
    assert.equal(waiting.code, 22);
    assert.equal(waiting.properties.numberOfQueues, 0);
    assert.equal(third.properties.numberOfQueues, 1);
    const cancelWaiting = await svc.call<{ code: number }>('POST', `/mj/task/${waiting.result}/cancel`);
    assert.equal(cancelWaiting.body.code, 1);
    assert.equal((await svc.fetchTask(waiting.result as string)).status, 'CANCEL');

    await svc.waitForTask(running.result as string, (task) => task.status === 'IN_PROGRESS');
    assert.equal((await svc.call<{ code: number }>('POST', `/mj/task/${running.result}/cancel`)).body.code, 1);
    assert.equal((await svc.fetchTask(running.result as string)).status, 'CANCEL');
    // The freed slot goes to the next waiting task.
    const next = await svc.waitForTask(third.result as string);
    assert.equal(next.status, 'SUCCESS', next.failReason ?? '');

    const { task: single } = await click(svc, next, 'U1');
    const modal = await click(svc, single!, /MJ::CustomZoom::/, 21);
    assert.equal((await svc.call<{ code: number }>('POST', `/mj/task/${modal.answer.result}/cancel`)).body.code, 1);
    assert.equal((await svc.fetchTask(modal.answer.result as string)).status, 'CANCEL');
    const again = await svc.call<{ code: number }>('POST', `/mj/task/${modal.answer.result}/cancel`);
    assert.equal(again.body.code, 4);
  } finally {
    await svc.close();
  }
});
