/**
 * SQLite through better-sqlite3: file or in-memory database, WAL, a prepared-statement cache, and a
 * migration lock that holds across processes.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import {
  SqliteAdapter, SqliteDialect, sql, type DialectAdapter, type Kysely, type SqliteDatabase, type SqliteStatement,
} from 'kysely';
import type { OpenedDialect } from './engine.js';
import { sqliteTaskReads } from './sqlite-task-reads.js';
import { SqliteTaskWrites } from './sqlite-task-writes.js';

const MEMORY_PATH = ':memory:';
/** Distinct SQL texts the store issues: a handful of queries plus the IN-list chunk sizes. */
const STATEMENT_CACHE_SIZE = 64;
/** Wait this long for a lock held by another process before failing with SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5000;
/** Another process's migration (a backfill on a large file) may take long: wait for it longer. */
const MIGRATION_WAIT_MS = 10 * 60_000;
/** Address space for reading the file through a memory map (pages are loaded only as they are read). */
const MMAP_BYTES = 1024 * 1024 * 1024;

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

/**
 * Kysely takes no lock on SQLite (one connection per process). Two processes opening one file must
 * not both migrate: the migration runs inside one write transaction, which SQLite grants to one
 * process at a time (the other waits up to the busy timeout, then sees the finished migrations).
 */
class MigrationLockingSqliteAdapter extends SqliteAdapter {
  /** Kysely releases even when acquiring failed; only a begun transaction is committed. */
  private locked = false;

  override async acquireMigrationLock(db: Kysely<unknown>): Promise<void> {
    await sql`pragma busy_timeout = ${sql.lit(MIGRATION_WAIT_MS)}`.execute(db);
    try {
      await sql`begin immediate`.execute(db);
      this.locked = true;
    } finally {
      await sql`pragma busy_timeout = ${sql.lit(BUSY_TIMEOUT_MS)}`.execute(db);
    }
  }

  override async releaseMigrationLock(db: Kysely<unknown>): Promise<void> {
    if (!this.locked) return;
    this.locked = false;
    await sql`commit`.execute(db);
  }
}

class LockingSqliteDialect extends SqliteDialect {
  override createAdapter(): DialectAdapter {
    return new MigrationLockingSqliteAdapter();
  }
}

export function openSqliteDialect(url: string): OpenedDialect {
  const path = sqlitePath(url);
  if (path !== MEMORY_PATH) mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { timeout: BUSY_TIMEOUT_MS });
  if (path !== MEMORY_PATH) {
    db.pragma('journal_mode = WAL');
    // With WAL, NORMAL never corrupts the file; a power cut may lose only the last commits.
    db.pragma('synchronous = NORMAL');
    // Reads map the file instead of copying each page through a system call: a poll reads a row of a
    // large file at random. The map grows only with the pages read (shared, file-backed memory).
    db.pragma(`mmap_size = ${MMAP_BYTES}`);
  }
  return {
    engine: 'sqlite', dialect: new LockingSqliteDialect({ database: withStatementCache(db) }), description: `sqlite ${path}`,
    taskRows: (onQuery) => ({ reads: sqliteTaskReads(db, onQuery), writes: new SqliteTaskWrites(db, onQuery) }),
  };
}
