/** After a restart, jobs in flight take their slots back before waiting tasks are offered one. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator } from '../../src/sim/index.js';
import { kill, post, realModeEnv, startChild, stop, waitFor } from './child-service.js';

test('after a restart the running job takes its slot back before a waiting task (older than it) is offered one', async () => {
  const sim = await startSimulator({ jobSeconds: 1.5 });
  const env = realModeEnv(sim, { coreSize: 1, queueSize: 5, timeoutMinutes: 0.5 });
  try {
    const first = await startChild(env);
    const grid = await waitFor(first.url, (await post(first.url, '/submit/imagine', { prompt: 'a harbour' })).result);
    const single = await waitFor(first.url, (await post(first.url, '/submit/action', { taskId: grid.id, customId: grid.buttons.find((b) => b.label === 'U1')?.customId })).result);
    const zoom = await post(first.url, '/submit/action', { taskId: single.id, customId: single.buttons.find((b) => b.customId.startsWith('MJ::CustomZoom::'))?.customId });
    assert.equal(zoom.code, 21);
    const running = await post(first.url, '/submit/imagine', { prompt: 'runs across the restart' });
    await waitFor(first.url, running.result, (task) => task.status === 'IN_PROGRESS');
    assert.equal((await post(first.url, '/submit/modal', { taskId: zoom.result, prompt: 'a harbour --zoom 1.5' })).code, 22);
    await kill(first);

    const second = await startChild(env);
    try {
      for (const id of [running.result, zoom.result]) assert.equal((await waitFor(second.url, id)).status, 'SUCCESS');
      assert.equal(sim.ledger.snapshot().peakActive[sim.info.accounts[0]!.userId], 1, 'one job at a time on a one-slot account');
    } finally {
      await stop(second);
    }
  } finally {
    await sim.close();
  }
});
