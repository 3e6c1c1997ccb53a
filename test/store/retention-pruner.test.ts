import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { silentLogger } from '../../src/lib/logger.js';
import { RetentionPruner } from '../../src/store/index.js';
import { deferred } from '../../src/lib/deferred.js';

const DAY = 24 * 3600_000;
const NOW = 1_800_000_000_000;

/** A store with `count` prunable ids that records every call. */
function fakeTasks(count: number) {
  let left = Array.from({ length: count }, (_, n) => `t${n}`);
  const calls: { cutoff: number; limit: number }[] = [];
  return {
    calls,
    async deleteFinishedBefore(cutoff: number, limit: number) {
      calls.push({ cutoff, limit });
      const batch = left.slice(0, limit);
      left = left.slice(limit);
      return batch;
    },
  };
}

test('a pass deletes batch by batch until a short batch, telling onPruned each batch', async () => {
  const tasks = fakeTasks(7);
  const told: string[][] = [];
  const pruner = new RetentionPruner({
    tasks, retentionDays: 30, logger: silentLogger, batchSize: 3, now: () => NOW, onPruned: (ids) => { told.push(ids); },
  });
  assert.equal(await pruner.pruneOnce(), 7);
  assert.deepEqual(told.map((ids) => ids.length), [3, 3, 1]);
  assert.deepEqual(tasks.calls, [0, 1, 2].map(() => ({ cutoff: NOW - 30 * DAY, limit: 3 })));
  assert.equal(await pruner.pruneOnce(), 0);
});

test('an onPruned failure is logged and the pass goes on', async () => {
  const tasks = fakeTasks(4);
  const pruner = new RetentionPruner({
    tasks, retentionDays: 1, logger: silentLogger, batchSize: 2, onPruned: () => { throw new Error('disk gone'); },
  });
  assert.equal(await pruner.pruneOnce(), 4);
});

test('started, it runs on its interval, never two passes at once; stop waits for the running pass', async () => {
  const gate = deferred<void>();
  let running = 0;
  let overlapped = false;
  let passes = 0;
  const tasks = {
    async deleteFinishedBefore() {
      running += 1;
      overlapped ||= running > 1;
      passes += 1;
      if (passes === 1) await gate.promise; // the first pass outlasts several intervals
      running -= 1;
      return [];
    },
  };
  const pruner = new RetentionPruner({ tasks, retentionDays: 30, logger: silentLogger, firstDelayMs: 1, intervalMs: 5, onPruned: () => undefined });
  pruner.start();
  while (passes === 0) await sleep(5);
  await sleep(50);
  assert.equal(passes, 1);
  gate.resolve();
  while (passes < 3) await sleep(5);
  await pruner.stop();
  assert.equal(running, 0);
  const afterStop = passes;
  await sleep(50);
  assert.equal(passes, afterStop);
  assert.equal(overlapped, false);
});

test('with retentionDays 0 it never runs', async () => {
  const tasks = fakeTasks(3);
  const pruner = new RetentionPruner({ tasks, retentionDays: 0, logger: silentLogger, firstDelayMs: 1, onPruned: () => undefined });
  pruner.start();
  await sleep(30);
  await pruner.stop();
  assert.equal(tasks.calls.length, 0);
});
