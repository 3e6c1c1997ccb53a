/** Row shapes of the store's tables, as Kysely sees them. */
export interface TasksTable {
  id: string;
  status: string;
  /** Epoch ms; null only for a task saved before it was submitted. */
  submit_time: number | null;
  action: string;
  account_id: string | null;
  /** The public Task JSON, exactly what fetch answers. */
  task_json: string;
  /** The TaskRuntime JSON (internal bookkeeping). */
  runtime_json: string;
}

export interface StoreDatabase {
  tasks: TasksTable;
}
