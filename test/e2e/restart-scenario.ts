/**
 * Kill the service (SIGKILL, no goodbye) with jobs running and tasks waiting; start it again on the
 * same store: every task ends correctly, from what Discord said while nobody listened, and the list
 * queries answer alike. Each backend runs it from its own file (restart*.test.ts), so that each gets
 * the whole per-file time budget.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { startSimulator } from '../../src/sim/index.js';
import type { Task } from '../../src/tasks/task.js';
import { judge } from '../../scripts/soak/verdict.js';
import type { TestBackend } from '../store/backends.js';
import { kill, post, realModeEnv, startChild, stop, waitFor } from './child-service.js';

export function restartScenario(backend: TestBackend): void {
  test(`a restart loses nothing (${backend.name} store): running jobs complete from Discord (also one whose job id was never seen), waiting tasks run`, async (t) => {
    const place = await backend.create();
    t.after(() => place.drop());
    const sim = await startSimulator({ jobSeconds: 2 });
    t.after(() => sim.close());
    const env = {
      ...realModeEnv(sim, { coreSize: 2, queueSize: 5, timeoutMinutes: 0.5 }),
      MJ_STORE_URL: place.url, MJ_STORE_KEY_PREFIX: place.keyPrefix ?? '',
    };

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
      const ids = [known.result, unseen.result, waiting.result];
      const tasks: Task[] = [];
      for (const id of ids) {
        const task = await waitFor(second.url, id);
        assert.equal(task.status, 'SUCCESS', `${id}: ${task.failReason}`);
        assert.match(task.imageUrl ?? '', /\.png/);
        tasks.push(task);
      }
      const verdict = judge(tasks, sim.ledger.snapshot());
      assert.deepEqual(verdict.mixed, []);
      assert.deepEqual(verdict.duplicated, []);
      // The list queries read the store, alike on every backend.
      const listed = await post<Task[]>(second.url, '/task/list-by-condition', { ids: [...ids, '404'] });
      assert.deepEqual(listed.map((task) => task.id).sort(), [...ids].sort());
      assert.ok(listed.every((task) => task.status === 'SUCCESS'));
      const recent = (await (await fetch(`${second.url}/mj/task/list`)).json()) as Task[];
      assert.deepEqual(recent.map((task) => task.id), [...ids].reverse());
    } finally {
      await stop(second);
    }
  });
}
