/**
 * The persistence port for accounts added or changed at run time (the admin API). A record is a
 * JSON document keyed by its id; the accounts work defines its fields, the store only keeps them.
 * Adapters live in src/store, in the same database (or Redis key space) as the tasks.
 */
export interface AccountRecord {
  id: string;
  [field: string]: unknown;
}

export interface AccountStore {
  /** Every record, by id ascending. */
  list(): Promise<AccountRecord[]>;
  get(id: string): Promise<AccountRecord | undefined>;
  /** Inserts or replaces the record with this id. */
  put(record: AccountRecord): Promise<void>;
  /** false when there was no such record. */
  delete(id: string): Promise<boolean>;
}
