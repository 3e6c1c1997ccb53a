/** The SQL engines a store url can name, and what opening one yields. */
import type { Dialect } from 'kysely';
import type { TaskJsonReads } from './sqlite-task-reads.js';
import type { SqliteTaskWrites } from './sqlite-task-writes.js';

export type SqlEngine = 'sqlite' | 'postgres' | 'mysql';

export interface OpenedDialect {
  engine: SqlEngine;
  dialect: Dialect;
  /** For the start-up log line: never contains credentials. */
  description: string;
  /** SQLite: reads of the public JSON and saves beside Kysely (call after the migrations: the table must exist). */
  taskRows?(onQuery?: (sql: string) => void): { reads: TaskJsonReads; writes: SqliteTaskWrites };
}

/** Scheme → engine. `mariadb:` is the MySQL protocol; `postgresql:` is libpq's spelling. */
export const SQL_SCHEMES: Readonly<Record<string, SqlEngine>> = {
  sqlite: 'sqlite',
  postgres: 'postgres',
  postgresql: 'postgres',
  mysql: 'mysql',
  mariadb: 'mysql',
};

/** Parses a server url; the error names the engine only, since the url may hold a password. */
export function parseServerUrl(engine: SqlEngine, url: string): URL {
  try {
    return new URL(url);
  } catch {
    throw new Error(`store.url is not a valid ${engine} url (expected ${engine}://user:password@host:port/database)`);
  }
}

/** host:port/database of a server url, without user or password. */
export function describeServerUrl(engine: SqlEngine, url: URL, defaultPort: number): string {
  return `${engine} ${url.hostname || 'localhost'}:${url.port || defaultPort}${url.pathname}`;
}
