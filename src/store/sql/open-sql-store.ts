/** Opens an SQL store: the dialect, the schema brought up to date, the three stores on one pool. */
import { Kysely, sql } from 'kysely';
import type { Logger } from '../../lib/logger.js';
import { accountStoreOn, runtimeConfigStoreOn } from '../document-stores.js';
import { closeOnce, type Store, type StoreHooks } from '../store.js';
import { openDialect } from './dialect.js';
import type { SqlEngine } from './engine.js';
import { kyselyDocumentTable } from './kysely-document-table.js';
import { KyselyTaskStore } from './kysely-task-store.js';
import { migrateToLatest } from './migrations.js';
import type { StoreDatabase } from './schema.js';

/** A task's runtime carries its request's images; MySQL refuses any statement larger than this setting. */
const ADVISED_MYSQL_PACKET_BYTES = 64 * 1024 * 1024;

async function warnOnSmallMysqlPacket(db: Kysely<StoreDatabase>, logger: Logger): Promise<void> {
  const { rows } = await sql<{ bytes: number | string }>`select @@max_allowed_packet as bytes`.execute(db);
  const bytes = Number(rows[0]?.bytes ?? 0);
  if (bytes < ADVISED_MYSQL_PACKET_BYTES) {
    logger.warn({ maxAllowedPacket: bytes, advised: ADVISED_MYSQL_PACKET_BYTES },
      'max_allowed_packet is small: a task whose request images exceed it cannot be saved; raise it on the server');
  }
}

export async function openSqlStore(engine: SqlEngine, url: string, logger: Logger, hooks: StoreHooks = {}): Promise<Store> {
  const { dialect, description, taskRows } = await openDialect(engine, url, logger);
  const { onQuery } = hooks;
  const db = new Kysely<StoreDatabase>({
    dialect,
    log: onQuery && ((event) => {
      if (event.level === 'query') onQuery(event.query.sql);
    }),
  });
  try {
    await migrateToLatest(db, engine, logger);
    if (engine === 'mysql') await warnOnSmallMysqlPacket(db, logger);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  const close = closeOnce(() => db.destroy());
  return {
    tasks: new KyselyTaskStore(db, engine, close, taskRows?.(onQuery)),
    accounts: accountStoreOn(kyselyDocumentTable(db, engine, 'accounts')),
    runtimeConfig: runtimeConfigStoreOn(kyselyDocumentTable(db, engine, 'runtime_config')),
    description,
    close,
  };
}
