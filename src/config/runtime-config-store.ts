/**
 * The persistence port for configuration changed at run time (the admin API): a key (a config
 * path such as `translate`) → a JSON value. Adapters live in src/store, beside the tasks.
 */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface RuntimeConfigStore {
  /** Every key and its value. */
  getAll(): Promise<Record<string, JsonValue>>;
  /** Inserts or replaces the value of this key. */
  set(key: string, value: JsonValue): Promise<void>;
  /** false when the key was not set. */
  delete(key: string): Promise<boolean>;
}
