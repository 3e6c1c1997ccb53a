/** Opens a Redis store (`redis://[:password@]host:6379[/db]`, `rediss://` for TLS) on one connection. */
import type { Logger } from '../../lib/logger.js';
import { accountStoreOn, runtimeConfigStoreOn } from '../document-stores.js';
import { closeOnce, type Store } from '../store.js';
import { redisDocumentTable } from './redis-document-table.js';
import { RedisKeys } from './redis-keys.js';
import { RedisTaskStore } from './redis-task-store.js';

const DEFAULT_PORT = 6379;

export interface RedisStoreOptions {
  keyPrefix: string;
  retentionMs: number;
}

/** host:port/db and the key prefix: never the password. */
function describe(url: string, keyPrefix: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error('store.url is not a valid redis url (expected redis://[:password@]host:port[/db])');
  }
  const db = parsed.pathname.replace(/^\//, '') || '0';
  return `redis ${parsed.hostname || 'localhost'}:${parsed.port || DEFAULT_PORT}/${db} keys ${keyPrefix}*`;
}

export async function openRedisStore(url: string, options: RedisStoreOptions, logger: Logger): Promise<Store> {
  const description = describe(url, options.keyPrefix);
  const { Redis } = await import('ioredis');
  const client = new Redis(url, { lazyConnect: true });
  // Without a listener ioredis prints every connection error; it reconnects by itself.
  client.on('error', (error: Error) => logger.warn({ err: error.message }, 'store: redis connection error'));
  try {
    await client.connect();
  } catch (error) {
    client.disconnect();
    throw new Error(`cannot connect to the store (${description}): ${(error as Error).message}`, { cause: error });
  }
  const close = closeOnce(async () => {
    // QUIT waits for the server; with the connection down there is nobody to wait for.
    if (client.status === 'ready') await client.quit();
    else client.disconnect();
  });
  const keys = new RedisKeys(options.keyPrefix);
  return {
    tasks: new RedisTaskStore(client, keys, { retentionMs: options.retentionMs, close }),
    accounts: accountStoreOn(redisDocumentTable(client, keys.accounts)),
    runtimeConfig: runtimeConfigStoreOn(redisDocumentTable(client, keys.runtimeConfig)),
    description,
    close,
  };
}
