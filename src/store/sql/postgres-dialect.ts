/** PostgreSQL through node-postgres: `postgres://user:password@host:5432/database` (or `postgresql://`). */
import { PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Logger } from '../../lib/logger.js';
import { describeServerUrl, parseServerUrl, type OpenedDialect } from './engine.js';

const DEFAULT_PORT = 5432;
/** Connections per instance: fetches are single-row reads, a few connections carry thousands a second. */
const POOL_SIZE = 10;

export function openPostgresDialect(url: string, logger: Logger): OpenedDialect {
  const parsed = parseServerUrl('postgres', url);
  const pool = new pg.Pool({ connectionString: url, max: POOL_SIZE });
  // An idle connection the server drops (restart, failover) is replaced on the next query; without
  // a listener its error would end the process.
  pool.on('error', (error) => logger.warn({ err: error.message }, 'store: postgres connection lost'));
  return {
    engine: 'postgres',
    dialect: new PostgresDialect({ pool }),
    description: describeServerUrl('postgres', parsed, DEFAULT_PORT),
  };
}
