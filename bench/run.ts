/**
 * npm run bench — not a test: the figures of issue 16 for the built service (dist/), each measured
 * from outside with the simulator, the bare route and the load generator in processes of their own.
 *
 *   npm run bench                       everything: fetch / list at 100k and 1M stored, final → SUCCESS
 *                                       and → hook, memory at rest, cold start, the 50/100/200 accounts curve
 *   npm run bench -- --accounts 200     only the accounts curve, at a quarter, half and all of N
 *   npm run bench -- --quick            every part, tiny (a smoke run; the figures mean nothing)
 *   npm run bench -- --only fetch       only fetch / list at 100k and 1M stored (with --quick: tiny)
 *   npm run bench -- --only start       only memory at rest and cold start
 *   --out DIR                           where the JSON and SVG go (default bench/results)
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { submitImagine, waitUntilHosted } from './api.js';
import { chart } from './chart.js';
import { multiplyTasks, sampleTaskIds } from './fill-store.js';
import { ask } from './ipc.js';
import type { LoadWorkerRequest } from './load-worker.js';
import { measureAccounts } from './measure-accounts.js';
import { measureFetchAndList } from './measure-fetch.js';
import { measureFinalToSuccess } from './measure-latency.js';
import { measureColdStart, measureMemoryAtRest } from './measure-start.js';
import { REPO_ROOT, forkScript, startService, startSimHost, stopProcess, type SimHost } from './processes.js';
import { accountsSteps, benchProfile, type BenchProfile } from './profile.js';
import { details, goals, table, type Measurements } from './report.js';

const DISCORD_HEARTBEAT_MS = 41_250;
const benchStarted = performance.now();
/** A progress line, with the seconds since the bench started. */
const progress = (text: string) => console.log(`[${((performance.now() - benchStarted) / 1000).toFixed(0).padStart(4)} s] ${text}`);
const START_TIMEOUT_MS = 60_000;

const { values: flags } = parseArgs({
  options: { quick: { type: 'boolean', default: false }, accounts: { type: 'string' }, only: { type: 'string' }, out: { type: 'string' } },
});

function build(): void {
  const result = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts', 'build.mjs')], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error('npm run build failed');
}

/**
 * Real tasks, made by the service through the simulator, for fill-store to multiply. Each is
 * re-hosted before the service stops: else the next start re-hosts the newest stored tasks, and
 * those are copies of the last seed, as many as it looks at, during the fetch measurement.
 */
async function seedStore(dir: string, storeUrl: string, sim: SimHost, worker: ChildProcess, profile: BenchProfile): Promise<void> {
  const service = await startService({ dir, storeUrl, sim: sim.info, coreSize: 3, queueSize: 10, probe: false }, START_TIMEOUT_MS);
  try {
    for (let i = 0; i < profile.seedTasks; i++) {
      const taskId = await submitImagine(service.origin, `bench seed ${i} a lighthouse on a cliff at dusk --ar 1:1`);
      await ask(worker, { type: 'watch', origin: service.origin, taskId, timeoutMs: START_TIMEOUT_MS } satisfies LoadWorkerRequest);
      await waitUntilHosted(service.origin, taskId, START_TIMEOUT_MS);
    }
  } finally {
    await service.stop();
  }
}

/** `onlyFetch`: the fetch / list runs alone, for working on them (no latency, memory, start or accounts). */
async function measureService(dir: string, worker: ChildProcess, profile: BenchProfile, m: Measurements, onlyFetch: boolean): Promise<void> {
  const dbPath = join(dir, 'tasks.db');
  const storeUrl = `sqlite:${dbPath}`;
  const sim = await startSimHost({ accounts: 1, jobSeconds: profile.jobSeconds, heartbeatIntervalMs: DISCORD_HEARTBEAT_MS, maxConcurrentJobs: 3, maxQueuedJobs: 10 }, join(dir, 'sim.log'));
  const bareRoute = await forkScript('bare-route.ts', [], join(dir, 'bare.log'));
  try {
    progress(`seeding ${profile.seedTasks} real tasks through the simulator…`);
    await seedStore(dir, storeUrl, sim, worker, profile);
    const bare = await ask<string>(bareRoute, { type: 'origin' });
    for (const [index, size] of profile.storeSizes.entries()) {
      progress(`filling the store to ${size} tasks…`);
      multiplyTasks(dbPath, size);
      const ids = sampleTaskIds(dbPath, profile.idSample);
      const service = await startService({ dir, storeUrl, sim: sim.info, coreSize: 3, queueSize: 10, probe: false }, START_TIMEOUT_MS);
      try {
        progress(`fetch and list-by-condition against the bare route, ${size} stored…`);
        const runs = await measureFetchAndList({ service: service.origin, bare, worker, bareRoute }, ids, profile.idsPerList, profile);
        if (index === 0) m.fetchSmall = runs;
        else {
          m.fetchLarge = runs;
          if (onlyFetch) continue;
          progress(`final message → SUCCESS, ${profile.latencyJobs} jobs…`);
          m.latency = await measureFinalToSuccess(service.origin, worker, profile.latencyJobs, profile.jobSeconds);
        }
      } finally {
        await service.stop();
      }
    }
  } finally {
    await stopProcess(bareRoute);
    await sim.stop();
  }
  if (!onlyFetch) await measureStart(dir, profile, m);
}

/** Memory at rest with one account (the simulator in a process of its own), then cold start in demo mode. */
async function measureStart(dir: string, profile: BenchProfile, m: Measurements): Promise<void> {
  progress('memory at rest…');
  const sim = await startSimHost({ accounts: 1, jobSeconds: profile.jobSeconds, heartbeatIntervalMs: DISCORD_HEARTBEAT_MS, maxConcurrentJobs: 3, maxQueuedJobs: 10 }, join(dir, 'sim-rest.log'));
  try {
    m.memory = await measureMemoryAtRest(join(dir, 'rest'), sim.info, profile.restMs);
  } finally {
    await sim.stop();
  }
  progress('cold start…');
  m.coldStart = await measureColdStart(join(dir, 'cold'), profile.coldStartRuns);
}

async function main(): Promise<void> {
  const profile = benchProfile(flags.quick);
  const onlyAccounts = flags.accounts !== undefined;
  if (flags.only !== undefined && flags.only !== 'fetch' && flags.only !== 'start') throw new Error(`--only knows "fetch" and "start", got "${flags.only}"`);
  const onlyFetch = flags.only === 'fetch';
  const onlyStart = flags.only === 'start';
  if (onlyAccounts) {
    const most = Number(flags.accounts);
    if (!Number.isInteger(most) || most < 1) throw new Error(`--accounts wants a positive whole number, got "${flags.accounts}"`);
    profile.accounts.steps = accountsSteps(most);
  }
  const outDir = flags.out ?? join(REPO_ROOT, 'bench', 'results');
  const quickSuffix = profile.quick ? '-quick' : '';
  const name = onlyAccounts ? `accounts-${flags.accounts}` : flags.only !== undefined ? `${flags.only}${quickSuffix}` : profile.quick ? 'quick' : 'bench';
  const loadBefore = loadavg();
  build();
  const dir = mkdtempSync(join(tmpdir(), 'mj-bench-'));
  const worker = await forkScript('load-worker.ts', [], join(dir, 'load-worker.log'));
  const m: Measurements = { storeSizes: profile.storeSizes, idsPerList: profile.idsPerList, curve: [] };
  try {
    if (onlyStart) await measureStart(dir, profile, m);
    else if (!onlyAccounts) await measureService(dir, worker, profile, m, onlyFetch);
    for (const accounts of flags.only !== undefined ? [] : profile.accounts.steps) {
      progress(`${accounts} accounts, ${accounts * profile.accounts.tasksPerAccount} tasks at once…`);
      m.curve.push(await measureAccounts(join(dir, `accounts-${accounts}`), worker, accounts, profile.accounts));
    }
  } finally {
    await stopProcess(worker);
    rmSync(dir, { recursive: true, force: true });
  }

  const list = goals(m);
  const results = {
    date: new Date().toISOString(), quick: profile.quick, node: process.version, cpus: cpus().length,
    // The machine may be shared: its load around the run says how far to trust the figures.
    loadAverage: { before: loadBefore, after: loadavg() },
    profile, goals: list, measurements: m,
  };
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, `${name}.json`), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(join(outDir, `${name}.svg`), chart(list, m.curve, `mj-proxy bench ${results.date}${profile.quick ? ' (quick)' : ''}`));
  console.log(`\n${table(list, profile.quick)}\n\n${details(m)}\n\nwritten: ${join(outDir, `${name}.json`)}, ${join(outDir, `${name}.svg`)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
