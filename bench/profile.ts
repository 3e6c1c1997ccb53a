/** How big and how long each part of the bench runs: the full run, and --quick (a smoke run of every part). */

export interface LoadShape {
  connections: number;
  pipelining: number;
  warmupMs: number;
  roundMs: number;
  /** Service and bare route measured in turn this many times; the figure is the median round. */
  rounds: number;
}

export interface AccountsShape {
  /** Accounts in each step of the curve. */
  steps: number[];
  tasksPerAccount: number;
  jobSeconds: number;
  /** Shorter than Discord's 41.25 s, so that every account beats several times during the load. */
  heartbeatIntervalMs: number;
}

export interface BenchProfile {
  quick: boolean;
  /** Tasks stored for the two fetch / list runs ("100k" and "1M"). */
  storeSizes: [number, number];
  /** Real tasks made through the simulator before the store is multiplied. */
  seedTasks: number;
  /** Random stored ids the load cycles through. */
  idSample: number;
  idsPerList: number;
  fetch: LoadShape;
  list: LoadShape;
  /** Sim job length for the seed and latency runs. */
  jobSeconds: number;
  latencyJobs: number;
  coldStartRuns: number;
  /** Idle time after the account is ready before RSS is read. */
  restMs: number;
  accounts: AccountsShape;
}

const FULL: BenchProfile = {
  quick: false,
  storeSizes: [100_000, 1_000_000],
  seedTasks: 4,
  idSample: 20_000,
  idsPerList: 100,
  fetch: { connections: 16, pipelining: 4, warmupMs: 2000, roundMs: 3000, rounds: 3 },
  // A few relays asking for batches at once: p99 is the batch's own time, not a queue's.
  list: { connections: 4, pipelining: 1, warmupMs: 1000, roundMs: 3000, rounds: 3 },
  jobSeconds: 1,
  latencyJobs: 20,
  coldStartRuns: 5,
  restMs: 5000,
  accounts: { steps: [50, 100, 200], tasksPerAccount: 12, jobSeconds: 10, heartbeatIntervalMs: 5000 },
};

const QUICK: BenchProfile = {
  quick: true,
  storeSizes: [2_000, 10_000],
  seedTasks: 2,
  idSample: 1000,
  idsPerList: 100,
  fetch: { connections: 4, pipelining: 2, warmupMs: 200, roundMs: 500, rounds: 1 },
  list: { connections: 2, pipelining: 1, warmupMs: 200, roundMs: 500, rounds: 1 },
  jobSeconds: 0.5,
  latencyJobs: 2,
  coldStartRuns: 1,
  restMs: 500,
  accounts: { steps: [2, 4], tasksPerAccount: 2, jobSeconds: 1, heartbeatIntervalMs: 500 },
};

/** `--accounts N` measures only the curve, at a quarter, half and all of N. */
export function accountsSteps(max: number): number[] {
  return [...new Set([Math.round(max / 4), Math.round(max / 2), max])].filter((step) => step >= 1);
}

export const benchProfile = (quick: boolean): BenchProfile => structuredClone(quick ? QUICK : FULL);
