/**
 * Task saves on SQLite, beside Kysely: the saves of one turn of the event loop go to the file in one
 * transaction (one WAL commit for the lot, or for as many as a few ms allow), through a statement prepared once. Under load (hundreds of
 * accounts, each task saved at every step) a commit per save was most of the process's work. A save
 * that changes no indexed column (a progress step) updates the other columns only, and leaves the
 * indexes alone.
 */
import type Database from 'better-sqlite3';
import { FencedOutError } from '../../tasks/task.js';

/** A `tasks` row: column name → value. */
export type TaskRow = Record<string, string | number | null> & { id: string };

/** A transaction of another caller (Kysely's) may be open on the connection: try again this much later. */
const BUSY_RETRY_MS = 5;
/** Rows go in one transaction for at most this long (but at least FLUSH_MIN_ROWS); the rest follow in the next turn of the event loop. */
const FLUSH_SLICE_MS = 8;
const FLUSH_MIN_ROWS = 16;
const TABLE = 'tasks';
/** Tasks whose indexed columns are remembered (LRU): every task in flight on hundreds of accounts. */
const REMEMBERED_ROWS = 20_000;

/** A row written: `written` false when its fence was refused (the row is unchanged); `key`, its indexed columns, to remember once committed. */
interface Outcome {
  written: boolean;
  key?: string;
}

interface Queued {
  row: TaskRow;
  /** The writer's fencing token (cluster mode); absent: an unconditional save. */
  fence: number | undefined;
  resolve(): void;
  reject(error: unknown): void;
}

export class SqliteTaskWrites {
  private queue: Queued[] = [];
  private upsert: Database.Statement<[TaskRow]> | undefined;
  /** The upsert that also stores the fence, and changes nothing where a newer fence wrote the row (cluster mode only). */
  private fencedUpsert: Database.Statement<[TaskRow]> | undefined;
  /** Updates the columns outside every index: SQLite then leaves the indexes alone (a progress step changes only the JSON). */
  private update: Database.Statement<[TaskRow]> | undefined;
  /**
   * Per task, its indexed columns as committed by this writer. A save that leaves them as they are
   * takes the update; any other (a new task, a new status, a task not seen yet) the whole upsert.
   */
  private readonly committedKeys = new Map<string, string>();
  /** The columns of the table's indexes, read at the first save (after the migrations); null: saves always upsert. */
  private indexedColumns: readonly string[] | null | undefined;

  constructor(
    private readonly db: Database.Database,
    private readonly onQuery?: (sql: string) => void,
  ) {}

  /** Resolves once the row is committed; with `fence`, fails with FencedOutError when a newer fence wrote the row. */
  save(row: TaskRow, fence?: number): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.queue.length === 0) setImmediate(() => this.flush());
      this.queue.push({ row, fence, resolve, reject });
    });
  }

  /** Every row names every column but the fence (the store's toRow), so the first one gives the statement. */
  private statement(row: TaskRow, fenced: boolean): Database.Statement<[TaskRow]> {
    if (fenced) return (this.fencedUpsert ??= this.prepare([...Object.keys(row), 'fence'], 'where tasks.fence is null or tasks.fence <= excluded.fence'));
    return (this.upsert ??= this.prepare(Object.keys(row), ''));
  }

  private prepare(columns: string[], condition: string): Database.Statement<[TaskRow]> {
    const values = columns.map((column) => `@${column}`).join(', ');
    const changes = columns.filter((column) => column !== 'id').map((column) => `${column} = excluded.${column}`).join(', ');
    return this.db.prepare(`insert into tasks (${columns.join(', ')}) values (${values}) on conflict (id) do update set ${changes} ${condition}`.trimEnd());
  }

  /**
   * Every column of the table's indexes, the primary key's included. Null when an index is partial or
   * on an expression: which columns such an index depends on is not listed, so no save may skip it.
   */
  private readIndexedColumns(): readonly string[] | null {
    const columns = new Set<string>();
    for (const index of this.db.prepare('select name, partial from pragma_index_list(?)').all(TABLE) as { name: string; partial: number }[]) {
      if (index.partial) return null;
      for (const { name } of this.db.prepare('select name from pragma_index_info(?)').all(index.name) as { name: string | null }[]) {
        if (name === null) return null;
        columns.add(name);
      }
    }
    return [...columns];
  }

  private write({ row, fence }: Queued): Outcome {
    const indexed = this.indexedColumns === undefined ? (this.indexedColumns = this.readIndexedColumns()) : this.indexedColumns;
    const key = fence === undefined && indexed !== null ? JSON.stringify(indexed.map((column) => row[column])) : undefined;
    const unchangedKey = key !== undefined && this.committedKeys.get(row.id) === key;
    // A row gone since (retention) changes nothing here: the upsert puts it back.
    if (unchangedKey && indexed !== null && this.run(this.updateStatement(row, indexed), row)) return { written: true, key };
    // Until this commits, the row's indexed columns are not known here (a later save in the same transaction upserts too).
    this.committedKeys.delete(row.id);
    if (fence !== undefined) return { written: this.run(this.statement(row, true), { ...row, fence }) };
    return { written: this.run(this.statement(row, false), row), key };
  }

  private run(statement: Database.Statement<[TaskRow]>, row: TaskRow): boolean {
    this.onQuery?.(statement.source);
    return statement.run(row).changes > 0;
  }

  private updateStatement(row: TaskRow, indexed: readonly string[]): Database.Statement<[TaskRow]> {
    const columns = Object.keys(row).filter((column) => !indexed.includes(column));
    return (this.update ??= this.db.prepare(`update ${TABLE} set ${columns.map((column) => `${column} = @${column}`).join(', ')} where id = @id`));
  }

  /** Only what was committed: a row of a rolled-back transaction may not hold what it was given. */
  private remember(id: string, key: string | undefined): void {
    // Deleted first, so that a key set again moves to the end (the oldest go first).
    this.committedKeys.delete(id);
    if (key === undefined) return;
    this.committedKeys.set(id, key);
    if (this.committedKeys.size > REMEMBERED_ROWS) this.committedKeys.delete(this.committedKeys.keys().next().value as string);
  }

  private flush(): void {
    // Inside another transaction our rows would commit (or roll back) with it: wait for it to end.
    if (this.db.inTransaction) {
      setTimeout(() => this.flush(), BUSY_RETRY_MS);
      return;
    }
    const end = performance.now() + FLUSH_SLICE_MS;
    const outcomes: Outcome[] = [];
    try {
      this.db.transaction(() => {
        while (outcomes.length < this.queue.length) {
          outcomes.push(this.write(this.queue[outcomes.length] as Queued));
          if (outcomes.length >= FLUSH_MIN_ROWS && performance.now() >= end) break;
        }
      })();
      this.queue.splice(0, outcomes.length).forEach((queued, index) => this.settle(queued, outcomes[index] ?? { written: false }));
    } catch {
      // One bad row must not fail the others: those of the rolled-back transaction each on its own, so that only it fails.
      for (const queued of this.queue.splice(0, outcomes.length + 1)) this.saveAlone(queued);
    }
    // The rest after the loop's timers and I/O: a long batch would hold the event loop for its whole length.
    if (this.queue.length > 0) setImmediate(() => this.flush());
  }

  private saveAlone(queued: Queued): void {
    try {
      this.settle(queued, this.write(queued));
    } catch (error) {
      this.remember(queued.row.id, undefined);
      queued.reject(error);
    }
  }

  private settle(queued: Queued, { written, key }: Outcome): void {
    this.remember(queued.row.id, written ? key : undefined);
    if (written) queued.resolve();
    else queued.reject(new FencedOutError(`task ${queued.row.id}`));
  }
}
