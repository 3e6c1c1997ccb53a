/**
 * `npm run sim`: the simulated Discord + Midjourney on loopback. The first stdout line is one JSON
 * object with the base URLs and the accounts; it runs until SIGINT/SIGTERM.
 * Flags (or env): --port (SIM_PORT), --job-seconds (SIM_JOB_SECONDS), --accounts (SIM_ACCOUNTS),
 * --control (SIM_CONTROL=1: faults and the ledger over HTTP under /_sim, for tests in another process).
 */
import { parseArgs } from 'node:util';
import { startSimulator } from './index.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    'job-seconds': { type: 'string' },
    accounts: { type: 'string' },
    control: { type: 'boolean' },
  },
});

function numberOption(flag: string | undefined, env: string | undefined, name: string): number | undefined {
  const raw = flag ?? env;
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number, got "${raw}"`);
  return value;
}

const simulator = await startSimulator({
  port: numberOption(values.port, process.env.SIM_PORT, 'port'),
  jobSeconds: numberOption(values['job-seconds'], process.env.SIM_JOB_SECONDS, 'job seconds'),
  accounts: numberOption(values.accounts, process.env.SIM_ACCOUNTS, 'accounts'),
  control: values.control === true || process.env.SIM_CONTROL === '1',
});
console.log(JSON.stringify(simulator.info));

let stopping = false;
const stop = (): void => {
  if (stopping) return;
  stopping = true;
  simulator.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
