/** Opens the store `store.url` names; only the chosen backend's driver is loaded. */
import type { Logger } from '../lib/logger.js';
import { SQL_SCHEMES } from './sql/engine.js';
import { DAY_MS, DEFAULT_KEY_PREFIX, DEFAULT_RETENTION_DAYS, type Store, type StoreHooks, type StoreOptions } from './store.js';

const REDIS_SCHEMES = new Set(['redis', 'rediss']);
const SUPPORTED = [...Object.keys(SQL_SCHEMES), ...REDIS_SCHEMES].join(', ');

export async function openStore(options: StoreOptions, logger: Logger, hooks: StoreHooks = {}): Promise<Store> {
  const { url } = options;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  // Only the scheme is ever echoed: the rest of a database url may hold a password.
  if (scheme === undefined) throw new Error('store.url must start with a scheme, e.g. sqlite:./data/mj-proxy.db');
  let store: Store;
  const engine = SQL_SCHEMES[scheme];
  if (engine !== undefined) {
    store = await (await import('./sql/open-sql-store.js')).openSqlStore(engine, url, logger, hooks);
  } else if (REDIS_SCHEMES.has(scheme)) {
    const retentionMs = (options.retentionDays ?? DEFAULT_RETENTION_DAYS) * DAY_MS;
    const keyPrefix = options.keyPrefix ?? DEFAULT_KEY_PREFIX;
    store = await (await import('./redis/open-redis-store.js')).openRedisStore(url, { keyPrefix, retentionMs }, logger);
  } else {
    throw new Error(`store.url scheme "${scheme}:" is not supported (supported: ${SUPPORTED})`);
  }
  logger.info({ store: store.description }, 'task store ready');
  return store;
}
