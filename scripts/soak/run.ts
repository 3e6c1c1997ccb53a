/**
 * `npm run soak -- --tasks 1000 [--seed n] [--job-seconds s]`: the fault soak of issue 15. Prints
 * the table and exits 1 when anything that must be zero is not.
 */
import { parseArgs } from 'node:util';
import { runSoak } from './soak.js';

const { values } = parseArgs({
  options: {
    tasks: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '15' },
    'job-seconds': { type: 'string', default: '2' },
  },
});

const started = Date.now();
const result = await runSoak({
  tasks: Number(values.tasks),
  seed: Number(values.seed),
  jobSeconds: Number(values['job-seconds']),
  accounts: 3,
  coreSize: 3,
  timeoutMinutes: 1,
  faultPause: { min: 800, spread: 2000 },
  log: (line) => console.log(`[soak ${Math.round((Date.now() - started) / 1000)}s] ${line}`),
});
console.log(result.table);
const reasons = new Map<string, number>();
for (const task of result.tasks) if (task.status === 'FAILURE') reasons.set((task.failReason ?? '').slice(0, 70), (reasons.get((task.failReason ?? '').slice(0, 70)) ?? 0) + 1);
for (const [reason, count] of reasons) console.log(`failed ${count}×: ${reason}`);
const { verdict } = result;
for (const [name, list] of Object.entries({ stuck: verdict.stuck, mixed: verdict.mixed, duplicated: verdict.duplicated, lost: verdict.lost, 'hooks out of order': verdict.hooksOutOfOrder })) {
  for (const line of list.slice(0, 20)) console.log(`${name}: ${line}`);
}
const failed = verdict.stuck.length + verdict.mixed.length + verdict.duplicated.length + verdict.lost.length + verdict.hooksOutOfOrder.length > 0 || result.peakJobs > 3;
process.exit(failed ? 1 : 0);
