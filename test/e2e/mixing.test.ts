/**
 * A task's result never mixes two jobs: each finished task is checked against the simulator's own
 * record of which job its nonce started, under cancels that land at any moment.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { judge } from '../../scripts/soak/verdict.js';
import { seededRandom, Workload } from '../../scripts/soak/workload.js';
import type { Task } from '../../src/tasks/task.js';
import { startTestService } from './harness.js';
import { startHookReceiver } from './hook-receiver.js';
import { dataUrl, pngBase64 } from './images.js';
import { submit } from './plus-helpers.js';

test('imagine A, imagine B, cancel B 0–450 ms later: A keeps its own job, B\'s job is stopped or left alone', async () => {
  const svc = await startTestService({ demo: { jobSeconds: 0.6 } });
  const random = seededRandom(15);
  try {
    const ids: string[] = [];
    for (let round = 0; round < 10; round += 1) {
      const a = await submit(svc, '/submit/imagine', { prompt: `round ${round} apple` });
      const b = await submit(svc, '/submit/imagine', { prompt: `round ${round} banana` });
      await sleep(random() * 450);
      await svc.call('POST', `/mj/task/${b.result}/cancel`);
      ids.push(a.result as string, b.result as string);
      await svc.waitForTask(a.result as string);
    }
    const tasks = await Promise.all(ids.map((id) => svc.waitForTask(id)));
    const verdict = judge(tasks, svc.sim.ledger.snapshot());
    assert.deepEqual(verdict.mixed, []);
    assert.deepEqual(verdict.duplicated, []);
    assert.equal(verdict.byStatus.SUCCESS, 10, JSON.stringify(verdict.byStatus));
    for (const task of tasks.filter((t) => t.status === 'SUCCESS')) assert.match(task.properties.finalPrompt ?? '', /apple/);
  } finally {
    await svc.close();
  }
});

test('50 mixed tasks (imagine, blend, describe, shorten, U/V/reroll/zoom/pan) with random cancels: every field from its own job', async () => {
  const svc = await startTestService({ demo: { jobSeconds: 0.5, coreSize: 3, queueSize: 40, timeoutMinutes: 1 } });
  const hooks = await startHookReceiver();
  try {
    const images = await Promise.all([{ r: 200, g: 30, b: 30 }, { r: 30, g: 30, b: 200 }, { r: 30, g: 160, b: 60 }].map(async (color) => dataUrl(await pngBase64(color))));
    const workload = new Workload({
      baseUrl: () => svc.service.url, total: 50, random: seededRandom(1550), cancelRate: 0.25, cancelWithinMs: 800,
      maxInFlight: 8, notifyHook: hooks.url, images,
    });
    const tasks = await workload.run(30_000);
    await sleep(300);
    const byTask = new Map<string, Task[]>();
    for (const call of hooks.calls) byTask.set(call.id, [...(byTask.get(call.id) ?? []), call]);
    const ledger = svc.sim.ledger.snapshot();
    const verdict = judge(tasks, ledger, byTask);
    assert.equal(tasks.length, 50);
    assert.deepEqual(verdict.stuck, []);
    assert.deepEqual(verdict.mixed, []);
    assert.deepEqual(verdict.duplicated, []);
    assert.deepEqual(verdict.lost, []);
    assert.deepEqual(verdict.hooksOutOfOrder, []);
    assert.ok((verdict.byStatus.SUCCESS ?? 0) >= 25, JSON.stringify(verdict.byStatus));
    const peak = Math.max(...Object.values(ledger.peakActive));
    assert.ok(peak <= 3, `Midjourney ran ${peak} jobs of the account at once (coreSize 3)`);
  } finally {
    await hooks.close();
    await svc.close();
  }
});
