/**
 * The bench's processes: the built service (node dist/main.js), the simulator host, the bare
 * route and the load generator, each its own process; how to start, reach, measure and stop them.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { openSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ask, childReady } from './ipc.js';
import type { SimHostLag, SimHostOptions, SimHostRequest } from './sim-host.js';

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const BUILT_SERVICE = join(REPO_ROOT, 'dist', 'main.js');
const LAG_PROBE = pathToFileURL(join(REPO_ROOT, 'bench', 'lag-probe.mjs')).href;
const HEALTH_POLL_MS = 5;
const STOP_GRACE_MS = 10_000;
const KB = 1024;

export interface SimInfo {
  apiBaseUrl: string;
  gatewayUrl: string;
  activityBaseUrl: string;
  accounts: { guildId: string; channelId: string; userToken: string; userId: string }[];
}

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (typeof address !== 'object' || address === null) throw new Error('no free port');
  return address.port;
}

/** A bench script in its own node process (tsx), with an IPC channel; stdout and stderr go to `logFile`. */
export async function forkScript(script: string, args: string[], logFile: string, nodeFlags: string[] = []): Promise<ChildProcess> {
  const log = openSync(logFile, 'a');
  const child = fork(join(REPO_ROOT, 'bench', script), args, { cwd: REPO_ROOT, execArgv: ['--import', 'tsx', ...nodeFlags], stdio: ['ignore', log, log, 'ipc'] });
  await childReady(child);
  return child;
}

/** SIGTERM, then SIGKILL after a grace period; resolves once the process is gone. */
export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await exited;
  clearTimeout(killer);
}

/** Resident set size of a process, in MB (Linux /proc). */
export function rssMb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmRSS for process ${pid}`);
  return Number(match[1]) / KB;
}

/**
 * Time a process's main thread has run on a CPU, and has waited runnable for one, since it started
 * (Linux /proc/<pid>/schedstat, nanoseconds). The wait is what a busy machine adds to event-loop delay.
 */
export function mainThreadSchedule(pid: number): { runMs: number; waitMs: number } {
  const [run = 0, wait = 0] = readFileSync(`/proc/${pid}/schedstat`, 'utf8').trim().split(/\s+/).map(Number);
  return { runMs: run / 1e6, waitMs: wait / 1e6 };
}

export interface Health {
  status: string;
  accounts: { status: string }[];
}

/** Polls /mj/health until it answers 200 and `done` holds; resolves with that answer. */
export async function waitForHealth(origin: string, timeoutMs: number, done: (health: Health) => boolean = () => true): Promise<Health> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(`${origin}/mj/health`);
      const health = (await response.json()) as Health;
      if (response.status === 200 && done(health)) return health;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`${origin} was not healthy within ${timeoutMs} ms`);
    await sleep(HEALTH_POLL_MS);
  }
}

export const allAccountsReady = (health: Health): boolean => health.accounts.length > 0 && health.accounts.every((account) => account.status === 'ready');

export interface ServiceSettings {
  /** Working directory (logs, images; no config.yaml is read from it). */
  dir: string;
  storeUrl: string;
  sim: SimInfo;
  /** Slots and queue of each account. */
  coreSize: number;
  queueSize: number;
  /** Preload the event-loop probe (not for memory figures). */
  probe: boolean;
}

export interface ServiceUnderTest {
  origin: string;
  pid: number;
  /** Event-loop delay since the last reset (needs `probe`). */
  lag(reset: boolean): Promise<{ p50Ms: number; p99Ms: number; maxMs: number }>;
  stop(): Promise<void>;
}

/** The environment that points the built service at the simulator, on loopback, with a store of its own. */
export function serviceEnv(settings: Omit<ServiceSettings, 'probe'>, port: number): NodeJS.ProcessEnv {
  const configFile = join(settings.dir, 'empty-config.yaml');
  writeFileSync(configFile, '{}\n');
  const { sim } = settings;
  const accounts = sim.accounts.map((account, i) => ({
    guildId: account.guildId, channelId: account.channelId, userToken: account.userToken,
    coreSize: settings.coreSize, queueSize: settings.queueSize, remark: `bench ${i + 1}`,
  }));
  return {
    PATH: process.env.PATH,
    MJ_CONFIG: configFile,
    MJ_SERVER_HOST: '127.0.0.1',
    MJ_SERVER_PORT: String(port),
    MJ_STORE_URL: settings.storeUrl,
    MJ_IMAGES_DIR: join(settings.dir, 'images'),
    MJ_LOG_LEVEL: 'warn',
    MJ_DISCORD_API_BASE_URL: sim.apiBaseUrl,
    MJ_DISCORD_GATEWAY_URL: sim.gatewayUrl,
    MJ_DISCORD_ACTIVITY_BASE_URL: sim.activityBaseUrl,
    MJ_ACCOUNTS: JSON.stringify(accounts),
  };
}

/** MJ_BENCH_CPU_PROFILE=<dir>: each service and simulator host the bench starts writes a CPU profile there when it stops. */
function cpuProfileFlags(): string[] {
  const dir = process.env.MJ_BENCH_CPU_PROFILE;
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
}

/** Starts node dist/main.js and waits until every account is ready. */
export async function startService(settings: ServiceSettings, readyTimeoutMs: number): Promise<ServiceUnderTest> {
  const port = await freePort();
  const log = openSync(join(settings.dir, 'service.log'), 'a');
  const child = fork(BUILT_SERVICE, [], {
    cwd: settings.dir, env: serviceEnv(settings, port), execArgv: [...(settings.probe ? ['--import', LAG_PROBE] : []), ...cpuProfileFlags()], stdio: ['ignore', log, log, 'ipc'],
  });
  const origin = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(origin, readyTimeoutMs, allAccountsReady);
  } catch (error) {
    await stopProcess(child);
    throw new Error(`${(error as Error).message}; see ${join(settings.dir, 'service.log')}`, { cause: error });
  }
  return {
    origin,
    pid: child.pid as number,
    lag: (reset) => ask(child, { type: 'lag', reset }),
    stop: () => stopProcess(child),
  };
}

export interface SimHost {
  info: SimInfo;
  pid: number;
  /** Arrival times of every heartbeat, by user id. */
  heartbeats(): Promise<Record<string, number[]>>;
  lag(reset: boolean): Promise<SimHostLag>;
  stop(): Promise<void>;
}

export async function startSimHost(options: SimHostOptions, logFile: string): Promise<SimHost> {
  const child = await forkScript('sim-host.ts', [JSON.stringify(options)], logFile, cpuProfileFlags());
  const call = <T>(request: SimHostRequest) => ask<T>(child, request);
  return {
    info: await call<SimInfo>({ type: 'info' }),
    pid: child.pid as number,
    heartbeats: () => call({ type: 'heartbeats' }),
    lag: (reset) => call({ type: 'lag', reset }),
    stop: () => stopProcess(child),
  };
}
