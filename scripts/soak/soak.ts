/**
 * The soak: the simulator in its own process (faults by its control API), mj-proxy as a child with
 * three accounts and a SQLite file store, a workload with random cancels, every fault at random,
 * and a SIGKILL + restart of mj-proxy halfway. Judged against the simulator's ledger (verdict.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import sharp from 'sharp';
import type { LedgerSnapshot } from '../../src/sim/index.js';
import type { Task } from '../../src/tasks/task.js';
import { FaultLoop } from './fault-loop.js';
import { kill, peakRss, startService, startSimulatorProcess, stop, type Service } from './processes.js';
import { judge, table, type Verdict } from './verdict.js';
import { seededRandom, Workload } from './workload.js';

export interface SoakOptions {
  tasks: number;
  seed: number;
  jobSeconds: number;
  accounts: number;
  coreSize: number;
  timeoutMinutes: number;
  /** Pause between two faults: from `min` to `min + spread` ms. */
  faultPause: { min: number; spread: number };
  /** mj-proxy's own log goes here (appended) when given. */
  serviceLog?: string;
  log: (line: string) => void;
}

export interface SoakResult {
  tasks: Task[];
  ledger: LedgerSnapshot;
  verdict: Verdict;
  table: string;
  /** Most jobs Midjourney ran at once for one account. */
  peakJobs: number;
  peakRssBytes: number;
}

const MB = 1024 * 1024;
const RSS_SAMPLE_MS = 500;
const SETTLE_MS_PER_TASK = 200;
const MIN_SETTLE_MS = 60_000;
const RESTART_PAUSE_MS = 1500;

/** Records every hook call, by task, in the order they arrive. */
async function hookReceiver() {
  const calls = new Map<string, Task[]>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const task = JSON.parse(Buffer.concat(chunks).toString()) as Task;
      calls.set(task.id, [...(calls.get(task.id) ?? []), task]);
      response.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    calls,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

async function images(): Promise<string[]> {
  const colors = [{ r: 210, g: 40, b: 40 }, { r: 40, g: 40, b: 210 }, { r: 40, g: 170, b: 70 }, { r: 200, g: 190, b: 40 }];
  return Promise.all(colors.map(async (background) => {
    const png = await sharp({ create: { width: 64, height: 64, channels: 3, background } }).png().toBuffer();
    return `data:image/png;base64,${png.toString('base64')}`;
  }));
}

export async function runSoak(options: SoakOptions): Promise<SoakResult> {
  const dir = mkdtempSync(join(tmpdir(), 'mj-soak-'));
  const random = seededRandom(options.seed);
  const sim = await startSimulatorProcess(['--accounts', String(options.accounts), '--job-seconds', String(options.jobSeconds)]);
  const controlUrl = `${new URL(sim.info.apiBaseUrl).origin}/_sim`;
  const hooks = await hookReceiver();
  const env = {
    MJ_SERVER_HOST: '127.0.0.1', MJ_SERVER_PORT: '0', MJ_STORE_URL: `sqlite:${join(dir, 'tasks.db')}`, MJ_IMAGES_DIR: join(dir, 'images'),
    MJ_DISCORD_API_BASE_URL: sim.info.apiBaseUrl, MJ_DISCORD_GATEWAY_URL: sim.info.gatewayUrl, MJ_DISCORD_ACTIVITY_BASE_URL: sim.info.activityBaseUrl,
    MJ_LOG_LEVEL: 'info',
    MJ_ACCOUNTS: JSON.stringify(sim.info.accounts.map((account) => ({
      ...account, coreSize: options.coreSize, queueSize: 10, timeoutMinutes: options.timeoutMinutes,
    }))),
  };
  let service: Service = await startService(env, options.serviceLog);
  let rss = 0;
  const sampler = setInterval(() => {
    rss = Math.max(rss, peakRss(service.child));
  }, RSS_SAMPLE_MS);
  const faults = new FaultLoop({
    controlUrl, userIds: sim.info.accounts.map((account) => account.userId), random: seededRandom(options.seed + 1),
    minMs: options.faultPause.min, spreadMs: options.faultPause.spread, maxHoldMs: 2500, silenceMs: 1500,
  });
  const workload = new Workload({
    baseUrl: () => service.url, total: options.tasks, random, cancelRate: 0.15, cancelWithinMs: options.jobSeconds * 1000,
    maxInFlight: options.accounts * options.coreSize * 2, notifyHook: hooks.url, images: await images(), log: options.log,
  });
  try {
    faults.start();
    const restart = (async () => {
      while (workload.taskIds.length < options.tasks / 2) await sleep(RSS_SAMPLE_MS);
      rss = Math.max(rss, peakRss(service.child));
      options.log(`SIGKILL mj-proxy after ${workload.taskIds.length} tasks`);
      await kill(service.child);
      await sleep(RESTART_PAUSE_MS);
      service = await startService(env, options.serviceLog);
      options.log('mj-proxy restarted');
    })();
    const submitted = workload.submitAll();
    await Promise.all([restart, submitted]);
    await faults.stop();
    options.log(`all ${options.tasks} submitted; faults stopped (${[...faults.applied].map(([name, n]) => `${name} ${n}`).join(', ')}); settling`);
    const tasks = await workload.settle(Math.max(MIN_SETTLE_MS, options.tasks * SETTLE_MS_PER_TASK));
    await sleep(1000);
    const ledger = (await (await fetch(`${controlUrl}/ledger`)).json()) as LedgerSnapshot;
    const verdict = judge(tasks, ledger, hooks.calls);
    const peakJobs = Math.max(0, ...Object.values(ledger.peakActive));
    rss = Math.max(rss, peakRss(service.child));
    const result = table(verdict, {
      [`peak jobs per account (coreSize ${options.coreSize})`]: String(peakJobs),
      'peak RSS of mj-proxy': `${Math.round(rss / MB)} MB`,
    });
    return { tasks, ledger, verdict, table: result, peakJobs, peakRssBytes: rss };
  } catch (error) {
    options.log(`mj-proxy said: ${service.output()}`);
    throw error;
  } finally {
    clearInterval(sampler);
    await stop(service.child).catch(() => undefined);
    await stop(sim.child).catch(() => undefined);
    await hooks.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
