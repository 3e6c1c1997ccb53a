/**
 * Task saves on SQLite, beside Kysely: the saves of one turn of the event loop go to the file in one
 * transaction (one WAL commit for the lot, or for as many as a few ms allow), through a statement prepared once. Under load (hundreds of
 * accounts, each task saved at every step) a commit per save was most of the process's work.
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

  /** Writes one row; false when its fence was refused (the row is unchanged). */
  private write({ row, fence }: Queued): boolean {
    const statement = this.statement(row, fence !== undefined);
    this.onQuery?.(statement.source);
    return statement.run(fence === undefined ? row : { ...row, fence }).changes > 0;
  }

  private flush(): void {
    // Inside another transaction our rows would commit (or roll back) with it: wait for it to end.
    if (this.db.inTransaction) {
      setTimeout(() => this.flush(), BUSY_RETRY_MS);
      return;
    }
    const end = performance.now() + FLUSH_SLICE_MS;
    const outcomes: boolean[] = [];
    try {
      this.db.transaction(() => {
        while (outcomes.length < this.queue.length) {
          outcomes.push(this.write(this.queue[outcomes.length] as Queued));
          if (outcomes.length >= FLUSH_MIN_ROWS && performance.now() >= end) break;
        }
      })();
      this.queue.splice(0, outcomes.length).forEach((queued, index) => this.settle(queued, outcomes[index] === true));
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
      queued.reject(error);
    }
  }

  private settle(queued: Queued, written: boolean): void {
    if (written) queued.resolve();
    else queued.reject(new FencedOutError(`task ${queued.row.id}`));
  }
}
