/**
 * The simulated Discord for the bench, in its own process as the real one is remote: N accounts on
 * loopback, the heartbeats each account sent (with their arrival times), and this process's own
 * event-loop delay, so a late heartbeat can be told from a busy simulator.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startSimulator } from '../src/sim/index.js';
import { answerParent } from './ipc.js';

export interface SimHostOptions {
  accounts: number;
  jobSeconds: number;
  heartbeatIntervalMs: number;
  /** Jobs one account may run at once, and queue behind them, in the simulated Midjourney. */
  maxConcurrentJobs: number;
  maxQueuedJobs: number;
  /** Different grids drawn (the bot's imageVariety): absent, one per job. */
  imageVariety?: number;
}

export type SimHostRequest = { type: 'info' } | { type: 'heartbeats' } | { type: 'lag'; reset: boolean };

export interface SimHostLag {
  p99Ms: number;
  maxMs: number;
}

const NS_PER_MS = 1e6;
const LAG_RESOLUTION_MS = 10;

const options = JSON.parse(process.argv[2] ?? '{}') as SimHostOptions;
const beats = new Map<string, number[]>();
const lag = monitorEventLoopDelay({ resolution: LAG_RESOLUTION_MS });
lag.enable();

const simulator = await startSimulator({
  accounts: options.accounts,
  jobSeconds: options.jobSeconds,
  heartbeatIntervalMs: options.heartbeatIntervalMs,
  midjourney: { maxConcurrentJobs: options.maxConcurrentJobs, maxQueuedJobs: options.maxQueuedJobs, imageVariety: options.imageVariety ?? null },
  onHeartbeat: (userId) => {
    if (userId === undefined) return;
    let times = beats.get(userId);
    if (!times) beats.set(userId, (times = []));
    times.push(Date.now());
  },
});

answerParent(async (request) => {
  const job = request as SimHostRequest;
  if (job.type === 'info') return simulator.info;
  if (job.type === 'heartbeats') return Object.fromEntries(beats);
  const answer: SimHostLag = { p99Ms: lag.percentile(99) / NS_PER_MS, maxMs: lag.max / NS_PER_MS };
  if (job.reset) lag.reset();
  return answer;
});

process.once('SIGTERM', () => {
  void simulator.close().then(() => process.exit(0));
});
