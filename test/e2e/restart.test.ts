/**
 * Kill the service (SIGKILL, no goodbye) with jobs running and tasks waiting; start it again on the
 * same store: every task ends correctly, from what Discord said while nobody listened.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { startSimulator } from '../../src/sim/index.js';
import { judge } from '../../scripts/soak/verdict.js';
import { kill, post, realModeEnv, startChild, stop, waitFor } from './child-service.js';

test('a restart loses nothing: running jobs complete from Discord (also one whose job id was never seen), waiting tasks run', async () => {
  const sim = await startSimulator({ jobSeconds: 2 });
  const env = realModeEnv(sim, { coreSize: 2, queueSize: 5, timeoutMinutes: 0.5 });
  try {
    const first = await startChild(env);
    const known = await post(first.url, '/submit/imagine', { prompt: 'restart known job' });
    await waitFor(first.url, known.result, (task) => task.status === 'IN_PROGRESS' && task.imageUrl !== null);
    // Nothing more reaches this mj-proxy: the second job's start message and id stay unknown to it.
    sim.faults.holdDispatches(60_000);
    const unseen = await post(first.url, '/submit/imagine', { prompt: 'restart unseen job' });
    await waitFor(first.url, unseen.result, (task) => task.status === 'SUBMITTED');
    const waiting = await post(first.url, '/submit/imagine', { prompt: 'restart waiting' });
    assert.equal(waiting.code, 22, JSON.stringify(waiting));
    await kill(first);
    await sleep(2500); // the running jobs finish on Discord while nobody listens

    const second = await startChild(env);
    try {
      const tasks = [];
      for (const id of [known.result, unseen.result, waiting.result]) {
        const task = await waitFor(second.url, id);
        assert.equal(task.status, 'SUCCESS', `${id}: ${task.failReason}`);
        assert.match(task.imageUrl ?? '', /\.png/);
        tasks.push(task);
      }
      const verdict = judge(tasks, sim.ledger.snapshot());
      assert.deepEqual(verdict.mixed, []);
      assert.deepEqual(verdict.duplicated, []);
    } finally {
      await stop(second);
    }
  } finally {
    await sim.close();
  }
});
