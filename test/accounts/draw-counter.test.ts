import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DrawCounter } from '../../src/accounts/draw-counter.js';

const HOUR = 3600_000;

test("the store's counts, then each task seen once; a new day starts today's counts from zero", async () => {
  let now = new Date(2026, 0, 10, 22, 0).getTime();
  const counter = new DrawCounter(() => now);
  await counter.load(async (since) => (since === 0
    ? [{ accountId: 'a', mode: 'FAST', count: 10 }, { accountId: 'a', mode: 'RELAX', count: 4 }]
    : [{ accountId: 'a', mode: 'FAST', count: 2 }]));
  assert.deepEqual(counter.todayOf('a'), { FAST: 2, RELAX: 0, TURBO: 0 });
  const task = { id: 't1', submitTime: now + 1, mode: 'FAST', accountId: 'a' };
  counter.observe(task);
  counter.observe({ ...task, mode: 'FAST' });
  counter.observe({ id: 'old', submitTime: now - HOUR, mode: 'FAST', accountId: 'a' });
  counter.observe({ id: 'nobody', submitTime: now + 2, mode: 'FAST', accountId: undefined });
  assert.deepEqual(counter.todayOf('a'), { FAST: 3, RELAX: 0, TURBO: 0 });
  assert.deepEqual(counter.totalOf('a'), { FAST: 11, RELAX: 4, TURBO: 0 });
  now += 3 * HOUR;
  assert.deepEqual(counter.todayOf('a'), { FAST: 0, RELAX: 0, TURBO: 0 });
  counter.observe(task);
  counter.observe({ id: 't2', submitTime: now, mode: 'TURBO', accountId: 'a' });
  assert.deepEqual(counter.todayOf('a'), { FAST: 0, RELAX: 0, TURBO: 1 });
  assert.deepEqual(counter.totalOf('a'), { FAST: 11, RELAX: 4, TURBO: 1 });
});

test("today ends at the next midnight on the days the clocks change too (23 h and 25 h long)", () => {
  const zone = process.env.TZ;
  process.env.TZ = 'Europe/Berlin';
  try {
    for (const [day, month] of [[29, 2], [25, 9]] as const) {
      let now = new Date(2026, month, day, 0, 30).getTime();
      const counter = new DrawCounter(() => now);
      counter.observe({ id: `t${day}`, submitTime: now, mode: 'FAST', accountId: 'a' });
      now = new Date(2026, month, day, 23, 50).getTime();
      assert.equal(counter.todayOf('a').FAST, 1, `still the ${day}th at 23:50`);
      now = new Date(2026, month, day + 1, 0, 10).getTime();
      assert.equal(counter.todayOf('a').FAST, 0, `a new day at 00:10 after the ${day}th`);
    }
  } finally {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  }
});
