/**
 * Cold start and memory at rest of the built service. Cold start: from spawning `npm start` (or
 * `node dist/main.js`) in demo mode to the first 200 from /mj/health, as a fresh clone would run it.
 * Memory: RSS of the service with one account (the simulator in its own process), idle after start.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { BUILT_SERVICE, REPO_ROOT, allAccountsReady, freePort, rssMb, serviceEnv, startService, waitForHealth, type SimInfo } from './processes.js';
import { median } from './stats.js';

export interface ColdStart {
  /** Median ms from spawn to the first 200 from /mj/health. */
  healthyMs: number;
  /** Median ms until the demo account is ready too. */
  readyMs: number;
  runs: number;
}

const START_TIMEOUT_MS = 30_000;
const NO_SIMULATOR: SimInfo = { apiBaseUrl: '', gatewayUrl: '', activityBaseUrl: '', accounts: [] };

/** Demo mode on a fresh store: no account configured, Discord URLs left at their defaults. */
function demoEnv(dir: string, port: number): NodeJS.ProcessEnv {
  const env = serviceEnv({ dir, storeUrl: `sqlite:${join(dir, 'tasks.db')}`, sim: NO_SIMULATOR, coreSize: 3, queueSize: 10 }, port);
  for (const key of ['MJ_DISCORD_API_BASE_URL', 'MJ_DISCORD_GATEWAY_URL', 'MJ_DISCORD_ACTIVITY_BASE_URL']) delete env[key];
  return { ...env, MJ_ACCOUNTS: '[]' };
}

/** Runs `command` in demo mode in its own process group (npm starts sh starts node) while `use` measures it. */
async function runDemo<T>(command: string[], dir: string, use: (origin: string, child: ChildProcess, started: number) => Promise<T>): Promise<T> {
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const [file, ...args] = command as [string, ...string[]];
  const started = performance.now();
  const child = spawn(file, args, { cwd: REPO_ROOT, env: demoEnv(dir, port), detached: true, stdio: 'ignore' });
  try {
    return await use(`http://127.0.0.1:${port}`, child, started);
  } finally {
    const exited = once(child, 'exit');
    process.kill(-(child.pid as number), 'SIGTERM');
    await exited;
  }
}

/**
 * The floor of any `npm start` on this machine, in the same run: npm starting a package whose start
 * script is a node process that does nothing, from spawn to exit (npm loads itself, then sh, then node).
 */
async function npmStartFloor(dir: string, runs: number): Promise<number> {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'npm-start-floor', private: true, scripts: { start: 'node -e ""' } }));
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    const child = spawn('npm', ['start', '--silent'], { cwd: dir, env: { PATH: process.env.PATH }, stdio: 'ignore' });
    const [code] = (await once(child, 'exit')) as [number | null];
    if (code !== 0) throw new Error(`npm start of an empty script exited ${code}`);
    times.push(performance.now() - started);
  }
  return median(times);
}

export async function measureColdStart(dir: string, runs: number): Promise<{ npmStart: ColdStart; node: ColdStart; npmFloorMs: number }> {
  // The first fetch of this process sets up its HTTP client; not the service's time.
  await fetch('http://127.0.0.1:9/').catch(() => undefined);
  const collect = async (command: string[], name: string): Promise<ColdStart> => {
    const times: { healthyMs: number; readyMs: number }[] = [];
    for (let run = 0; run < runs; run++) {
      times.push(await runDemo(command, join(dir, `${name}-${run}`), async (origin, _child, started) => {
        await waitForHealth(origin, START_TIMEOUT_MS);
        const healthyMs = performance.now() - started;
        await waitForHealth(origin, START_TIMEOUT_MS, allAccountsReady);
        return { healthyMs, readyMs: performance.now() - started };
      }));
    }
    return { healthyMs: median(times.map((t) => t.healthyMs)), readyMs: median(times.map((t) => t.readyMs)), runs };
  };
  return {
    npmStart: await collect(['npm', 'start'], 'npm-start'),
    node: await collect([process.execPath, BUILT_SERVICE], 'node'),
    npmFloorMs: await npmStartFloor(join(dir, 'npm-floor'), runs),
  };
}

export interface MemoryAtRest {
  /** One account, the simulator in another process. */
  oneAccountMb: number;
  /** Demo mode: the simulator in the same process. */
  demoMb: number;
}

export async function measureMemoryAtRest(dir: string, sim: SimInfo, restMs: number): Promise<MemoryAtRest> {
  mkdirSync(dir, { recursive: true });
  const service = await startService({ dir, storeUrl: `sqlite:${join(dir, 'rest.db')}`, sim, coreSize: 3, queueSize: 10, probe: false }, START_TIMEOUT_MS);
  let oneAccountMb: number;
  try {
    await sleep(restMs);
    oneAccountMb = rssMb(service.pid);
  } finally {
    await service.stop();
  }
  const demoMb = await runDemo([process.execPath, BUILT_SERVICE], join(dir, 'demo'), async (origin, child) => {
    await waitForHealth(origin, START_TIMEOUT_MS, allAccountsReady);
    await sleep(restMs);
    return rssMb(child.pid as number);
  });
  return { oneAccountMb, demoMb };
}
