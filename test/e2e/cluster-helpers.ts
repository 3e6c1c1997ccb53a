/** What the cluster tests share: the instances' environment, polling, and who owns an account (its lease). */
import { setTimeout as sleep } from 'node:timers/promises';
import type { TestContext } from 'node:test';
import { Redis } from 'ioredis';
import type { Simulator } from '../../src/sim/index.js';
import type { Task } from '../../src/tasks/task.js';
import { backendNamed } from '../store/backends.js';
import { tempDir } from './harness.js';

export const WAIT_MS = 90_000;
export const ADMIN_SECRET = 'cluster-admin';

/** Polls `probe` until it answers something. */
export async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = WAIT_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

export async function fetchTask(url: string, id: string): Promise<Task> {
  return (await (await fetch(`${url}/mj/task/${id}/fetch`)).json()) as Task;
}

/** `configured`: how many of the simulator's accounts the instances start with (the others are for the admin API). */
export function clusterEnv(sim: Simulator, storeUrl: string, keyPrefix: string, hookUrl: string, configured = sim.info.accounts.length): Record<string, string> {
  const accounts = sim.info.accounts.slice(0, configured).map((account) => ({ ...account, coreSize: 2, queueSize: 30, timeoutMinutes: 1 }));
  return {
    MJ_SERVER_HOST: '127.0.0.1', MJ_SERVER_PORT: '0', MJ_LOG_LEVEL: 'info', MJ_LOG_FORMAT: 'json', MJ_SERVER_ADMIN_SECRET: ADMIN_SECRET,
    MJ_STORE_URL: storeUrl, MJ_STORE_KEY_PREFIX: keyPrefix, MJ_CLUSTER_REDIS: 'redis://127.0.0.1:6379',
    MJ_IMAGES_STORE: 'none', MJ_IMAGES_DIR: tempDir(), MJ_NOTIFY_HOOK: hookUrl, MJ_SECURITY_ALLOW_PRIVATE_NETWORKS: 'true',
    MJ_DISCORD_API_BASE_URL: sim.info.apiBaseUrl, MJ_DISCORD_GATEWAY_URL: sim.info.gatewayUrl,
    MJ_DISCORD_ACTIVITY_BASE_URL: sim.info.activityBaseUrl, MJ_ACCOUNTS: JSON.stringify(accounts),
  };
}

/** The pid of the instance holding the account's lease (instance ids are "<host>-<pid>-<random>"). */
export async function ownerPid(redis: Redis, keyPrefix: string, accountId: string): Promise<number | undefined> {
  const value = await redis.get(`${keyPrefix}cluster:lease:${accountId}`);
  return value ? Number(/-(\d+)-[0-9a-f]+:\d+$/.exec(value)?.[1]) : undefined;
}

/** The test's own PostgreSQL database and Redis key prefix (dropped after it), and a Redis client to look at leases with. */
export async function clusterBackends(t: TestContext): Promise<{ storeUrl: string; keyPrefix: string; redis: Redis }> {
  const store = await backendNamed('postgres').create();
  t.after(() => store.drop());
  const keys = await backendNamed('redis').create();
  t.after(() => keys.drop());
  const redis = new Redis('redis://127.0.0.1:6379');
  t.after(() => redis.quit());
  return { storeUrl: store.url, keyPrefix: keys.keyPrefix ?? '', redis };
}
