/** Insert-or-replace by primary key, in each engine's own words. */
import type { Kysely } from 'kysely';
import type { SqlEngine } from './engine.js';
import type { StoreDatabase } from './schema.js';

type Row = { id: string } & Record<string, string | number | null>;
/** Kysely's per-table types cannot follow a table chosen at run time; the rows' types are checked by the callers. */
type AnyTables = Record<string, Row>;

/** `row` has the key column `id`; every other column of it is overwritten on conflict. */
export async function upsert(db: Kysely<StoreDatabase>, engine: SqlEngine, table: keyof StoreDatabase, row: Row): Promise<void> {
  const { id: _key, ...changes } = row;
  const insert = (db as unknown as Kysely<AnyTables>).insertInto(table).values(row);
  await (engine === 'mysql'
    ? insert.onDuplicateKeyUpdate(changes)
    : insert.onConflict((conflict) => conflict.column('id').doUpdateSet(changes))
  ).execute();
}
