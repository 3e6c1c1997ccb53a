/**
 * The Kysely dialect for each SQL engine. Drivers are imported only for the engine in use, so an
 * SQLite deployment never loads pg or mysql2.
 */
import type { Logger } from '../../lib/logger.js';
import type { OpenedDialect, SqlEngine } from './engine.js';

export async function openDialect(engine: SqlEngine, url: string, logger: Logger): Promise<OpenedDialect> {
  switch (engine) {
    case 'sqlite':
      return (await import('./sqlite-dialect.js')).openSqliteDialect(url);
    case 'postgres':
      return (await import('./postgres-dialect.js')).openPostgresDialect(url, logger);
    case 'mysql':
      return (await import('./mysql-dialect.js')).openMysqlDialect(url);
  }
}
