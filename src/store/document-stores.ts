/**
 * Accounts and runtime configuration are both "a JSON document per key". Each backend implements
 * DocumentTable once; the two ports are thin views of it, the same for every backend.
 */
import type { AccountRecord, AccountStore } from '../accounts/account-store.js';
import type { JsonValue, RuntimeConfigStore } from '../config/runtime-config-store.js';

export interface DocumentTable {
  /** Every key with its JSON text, in any order. */
  all(): Promise<[string, string][]>;
  get(key: string): Promise<string | undefined>;
  put(key: string, json: string): Promise<void>;
  /** false when there was no such key. */
  delete(key: string): Promise<boolean>;
}

const byKey = ([a]: [string, string], [b]: [string, string]) => (a < b ? -1 : a > b ? 1 : 0);

export function accountStoreOn(table: DocumentTable): AccountStore {
  return {
    list: async () => (await table.all()).sort(byKey).map(([, json]) => JSON.parse(json) as AccountRecord),
    get: async (id) => {
      const json = await table.get(id);
      return json === undefined ? undefined : (JSON.parse(json) as AccountRecord);
    },
    put: (record) => table.put(record.id, JSON.stringify(record)),
    delete: (id) => table.delete(id),
  };
}

export function runtimeConfigStoreOn(table: DocumentTable): RuntimeConfigStore {
  return {
    getAll: async () => Object.fromEntries((await table.all()).sort(byKey).map(([key, json]) => [key, JSON.parse(json) as JsonValue])),
    set: (key, value) => table.put(key, JSON.stringify(value)),
    delete: (key) => table.delete(key),
  };
}
