/**
 * The soak, small: 100 tasks against the simulator in its own process with every fault at random
 * and a SIGKILL + restart of mj-proxy halfway (`npm run soak -- --tasks 1000` runs the big one).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runSoak } from '../../scripts/soak/soak.js';

test('soak: 100 tasks, every fault, a restart: nothing stuck, mixed, duplicated, lost or out of order', async () => {
  const lines: string[] = [];
  const result = await runSoak({
    tasks: 100, seed: 2024, jobSeconds: 1, accounts: 3, coreSize: 3, timeoutMinutes: 0.5,
    faultPause: { min: 300, spread: 900 }, log: (line) => lines.push(line),
  });
  const report = `${lines.join('\n')}\n${result.table}`;
  assert.equal(result.tasks.length, 100, report);
  assert.deepEqual(result.verdict.stuck, [], report);
  assert.deepEqual(result.verdict.mixed, [], report);
  assert.deepEqual(result.verdict.duplicated, [], report);
  assert.deepEqual(result.verdict.lost, [], report);
  assert.deepEqual(result.verdict.hooksOutOfOrder, [], report);
  assert.ok(result.peakJobs <= 3, report);
  assert.ok((result.verdict.byStatus.SUCCESS ?? 0) >= 40, report);
});
