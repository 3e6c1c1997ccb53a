/** SQLite through better-sqlite3: file or in-memory database, WAL, and a prepared-statement cache. */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteDialect, type SqliteDatabase, type SqliteStatement } from 'kysely';

const MEMORY_PATH = ':memory:';
/** Distinct SQL texts the store issues: a handful of queries plus the IN-list chunk sizes. */
const STATEMENT_CACHE_SIZE = 64;
/** Wait this long for a lock held by another process before failing with SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5000;

/** `sqlite:./data/x.db`, `sqlite:///abs/x.db`, `sqlite::memory:` → the path better-sqlite3 opens. */
export function sqlitePath(url: string): string {
  const rest = url.replace(/^sqlite:/, '');
  if (rest === MEMORY_PATH) return MEMORY_PATH;
  const path = rest.startsWith('//') ? rest.slice(2) : rest;
  if (path === '') throw new Error('store url "sqlite:" needs a file path, e.g. sqlite:./data/mj-proxy.db');
  return path;
}

/**
 * Kysely's SQLite driver prepares every query anew; caching the statements by SQL text takes the
 * parse/plan step off the hot paths (fetch, list-by-ids), which run thousands of times a second.
 */
function withStatementCache(db: Database.Database): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    close: () => db.close(),
    prepare(sql: string): SqliteStatement {
      const cached = cache.get(sql);
      if (cached) return cached;
      const statement = db.prepare(sql);
      if (cache.size >= STATEMENT_CACHE_SIZE) {
        const oldest = cache.keys().next().value;
        if (oldest !== undefined) cache.delete(oldest);
      }
      cache.set(sql, statement);
      return statement;
    },
  };
}

export function openSqliteDialect(url: string): { dialect: SqliteDialect; description: string } {
  const path = sqlitePath(url);
  if (path !== MEMORY_PATH) mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { timeout: BUSY_TIMEOUT_MS });
  if (path !== MEMORY_PATH) {
    db.pragma('journal_mode = WAL');
    // With WAL, NORMAL never corrupts the file; a power cut may lose only the last commits.
    db.pragma('synchronous = NORMAL');
  }
  return { dialect: new SqliteDialect({ database: withStatementCache(db) }), description: `sqlite ${path}` };
}
