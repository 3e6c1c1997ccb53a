import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { SlicedWork } from '../../src/lib/sliced-work.js';

const busy = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until);
};

test('jobs run in arrival order, never synchronously, and a timer gets its turn within a long burst', async () => {
  const errors: unknown[] = [];
  const work = new SlicedWork(5, 1000, (error) => errors.push(error));
  const ran: number[] = [];
  let ranBeforeTimer = -1;
  setTimeout(() => {
    ranBeforeTimer = ran.length;
  }, 0);
  // 40 jobs of 1 ms each: 40 ms of work, a slice is 5 ms.
  for (let i = 0; i < 40; i++) {
    work.push(() => {
      busy(1);
      ran.push(i);
    });
  }
  assert.equal(ran.length, 0);
  while (ran.length < 40) await sleep(5);
  assert.deepEqual(ran, Array.from({ length: 40 }, (_, i) => i));
  assert.ok(ranBeforeTimer >= 1 && ranBeforeTimer < 40, `the timer ran after ${ranBeforeTimer} jobs`);
  assert.deepEqual(errors, []);
});

test('a job that throws is reported, and the jobs after it still run', async () => {
  const errors: unknown[] = [];
  const work = new SlicedWork(5, 1000, (error) => errors.push(error));
  const ran: string[] = [];
  work.push(() => ran.push('a'));
  work.push(() => {
    throw new Error('broken');
  });
  work.push(() => ran.push('c'));
  await sleep(10);
  assert.deepEqual(ran, ['a', 'c']);
  assert.deepEqual(errors.map((error) => (error as Error).message), ['broken']);
  work.push(() => ran.push('d'));
  await sleep(10);
  assert.deepEqual(ran, ['a', 'c', 'd']);
});

test('a job that waited longer than maxWaitMs runs in the same slice, even past its end: other work cannot starve it', async () => {
  const work = new SlicedWork(1, 20, () => undefined);
  const ran: number[] = [];
  // Queued during the first job: it runs once that job's slice has returned, before any later slice.
  // (Awaited, not read after a sleep: on a busy machine the slice can outlast any sleep.)
  let markFirstSlice!: (jobsRun: number) => void;
  const afterFirstSlice = new Promise<number>((resolve) => { markFirstSlice = resolve; });
  for (let i = 0; i < 3; i++) {
    work.push(() => {
      if (i === 0) setImmediate(() => markFirstSlice(ran.length));
      busy(2);
      ran.push(i);
    });
  }
  // The event loop is held past maxWaitMs before the first slice: all three are overdue by then.
  busy(30);
  assert.equal(await afterFirstSlice, 3);
  assert.deepEqual(ran, [0, 1, 2]);
});
