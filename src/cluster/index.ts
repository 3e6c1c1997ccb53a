/**
 * Cluster mode (`cluster.redis`): several instances share the store and the Discord accounts.
 * Loaded only when cluster mode is on, so a single instance never loads BullMQ or ioredis.
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { ClusterConfig } from '../config/schema.js';
import { AccountLeases, LEASE_TTL_MS } from './account-leases.js';
import { AccountQueues } from './account-queues.js';
import { ChangeRelay } from './change-relay.js';
import { ClusterNode, type ClusterNodeParts } from './cluster-node.js';
import { ClusterDirectory } from './directory.js';
import { RedisHookOutbox } from './hook-outbox.js';
import type { HookOutbox } from '../tasks/ports.js';

/** An instance silent this long has died: a survivor delivers its pending hooks (well over a slow tick). */
const HOOK_SENDER_STALE_MS = 2 * LEASE_TTL_MS;

export { ClusterNode, type ClusterNodeParts } from './cluster-node.js';

export interface RunningCluster {
  node: ClusterNode;
  /** Where this instance's notifier keeps the hooks it has not delivered yet. */
  outbox: HookOutbox;
  /** Closes the Redis connections (after node.close()). */
  disconnect(): Promise<void>;
}

/** Connects to the cluster's Redis; the node takes accounts once started. */
export async function joinCluster(config: ClusterConfig, keyPrefix: string, parts: ClusterNodeParts): Promise<RunningCluster> {
  // BullMQ's workers need commands that wait for Redis forever rather than fail after some retries.
  const { logger } = parts;
  const redis = new Redis(config.redis, { maxRetriesPerRequest: null, lazyConnect: true });
  // ioredis reconnects by itself; its errors are told once here rather than thrown as unhandled events.
  const onError = (error: Error) => logger.warn({ err: error.message }, 'cluster redis connection error');
  redis.on('error', onError);
  await redis.connect().catch((error: unknown) => {
    redis.disconnect();
    throw new Error(`cluster.redis is not reachable: ${(error as Error).message}`, { cause: error });
  });
  const subscriber = redis.duplicate();
  subscriber.on('error', onError);
  const instanceId = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const outbox = new RedisHookOutbox(redis, keyPrefix, instanceId, HOOK_SENDER_STALE_MS);
  const node = new ClusterNode(
    parts,
    new AccountLeases(redis, keyPrefix, instanceId),
    new ClusterDirectory(redis, keyPrefix, instanceId, LEASE_TTL_MS),
    new AccountQueues(redis, `${keyPrefix}bull`, logger),
    new ChangeRelay(redis, subscriber, keyPrefix, instanceId, logger),
    outbox,
  );
  logger.info({ instance: instanceId, role: config.role }, 'joined the cluster');
  return {
    node,
    outbox,
    async disconnect() {
      await Promise.all([subscriber.quit(), redis.quit()]);
    },
  };
}
