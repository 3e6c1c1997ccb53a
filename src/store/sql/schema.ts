/** Row shapes of the store's tables, as Kysely sees them (after every migration). */
export interface TasksTable {
  id: string;
  status: string;
  /** Epoch ms (0 for a task saved without one, so that every engine orders it alike). */
  submit_time: number;
  action: string;
  account_id: string | null;
  mode: string | null;
  fail_reason: string | null;
  /** prompt and promptEn, lower-cased, for the admin's substring search. */
  search_text: string | null;
  /** The public Task JSON, exactly what fetch answers. */
  task_json: string;
  /** The TaskRuntime JSON (internal bookkeeping). */
  runtime_json: string;
  /** Cluster mode: the highest fencing token that wrote the row (null: written unfenced only). */
  fence: number | null;
}

/** A JSON document per key: accounts by id, runtime configuration by config key. */
export interface DocumentsTable {
  id: string;
  doc_json: string;
}

export interface StoreDatabase {
  tasks: TasksTable;
  accounts: DocumentsTable;
  runtime_config: DocumentsTable;
}

export type DocumentTableName = 'accounts' | 'runtime_config';
