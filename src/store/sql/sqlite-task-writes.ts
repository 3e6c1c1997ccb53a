/**
 * Task saves on SQLite, beside Kysely: the saves of one turn of the event loop go to the file in one
 * transaction (one WAL commit for the lot, or for as many as a few ms allow), through a statement prepared once. Under load (hundreds of
 * accounts, each task saved at every step) a commit per save was most of the process's work.
 */
import type Database from 'better-sqlite3';

/** A `tasks` row: column name → value. */
export type TaskRow = Record<string, string | number | null> & { id: string };

/** A transaction of another caller (Kysely's) may be open on the connection: try again this much later. */
const BUSY_RETRY_MS = 5;
/** Rows go in one transaction for at most this long (but at least FLUSH_MIN_ROWS); the rest follow in the next turn of the event loop. */
const FLUSH_SLICE_MS = 8;
const FLUSH_MIN_ROWS = 16;

interface Queued {
  row: TaskRow;
  resolve(): void;
  reject(error: unknown): void;
}

export class SqliteTaskWrites {
  private queue: Queued[] = [];
  private upsert: Database.Statement<[TaskRow]> | undefined;

  constructor(
    private readonly db: Database.Database,
    private readonly onQuery?: (sql: string) => void,
  ) {}

  /** Resolves once the row is committed. */
  save(row: TaskRow): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.queue.length === 0) setImmediate(() => this.flush());
      this.queue.push({ row, resolve, reject });
    });
  }

  /** Every row names every column (the store's toRow), so the first one gives the statement. */
  private statement(row: TaskRow): Database.Statement<[TaskRow]> {
    if (this.upsert) return this.upsert;
    const columns = Object.keys(row);
    const names = columns.join(', ');
    const values = columns.map((column) => `@${column}`).join(', ');
    const changes = columns.filter((column) => column !== 'id').map((column) => `${column} = excluded.${column}`).join(', ');
    return (this.upsert = this.db.prepare(`insert into tasks (${names}) values (${values}) on conflict (id) do update set ${changes}`));
  }

  private flush(): void {
    // Inside another transaction our rows would commit (or roll back) with it: wait for it to end.
    if (this.db.inTransaction) {
      setTimeout(() => this.flush(), BUSY_RETRY_MS);
      return;
    }
    const upsert = this.statement((this.queue[0] as Queued).row);
    const end = performance.now() + FLUSH_SLICE_MS;
    let written = 0;
    try {
      this.db.transaction(() => {
        while (written < this.queue.length) {
          this.onQuery?.(upsert.source);
          upsert.run((this.queue[written] as Queued).row);
          written++;
          if (written >= FLUSH_MIN_ROWS && performance.now() >= end) break;
        }
      })();
      for (const queued of this.queue.splice(0, written)) queued.resolve();
    } catch {
      // One bad row must not fail the others: those of the rolled-back transaction each on its own, so that only it fails.
      for (const queued of this.queue.splice(0, written + 1)) this.saveAlone(queued);
    }
    // The rest after the loop's timers and I/O: a long batch would hold the event loop for its whole length.
    if (this.queue.length > 0) setImmediate(() => this.flush());
  }

  private saveAlone({ row, resolve, reject }: Queued): void {
    try {
      this.statement(row).run(row);
      resolve();
    } catch (error) {
      reject(error);
    }
  }
}
