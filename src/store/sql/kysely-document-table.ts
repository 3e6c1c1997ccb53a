/** A DocumentTable on one of the SQL document tables (`accounts`, `runtime_config`). */
import type { Kysely } from 'kysely';
import type { DocumentTable } from '../document-stores.js';
import type { SqlEngine } from './engine.js';
import type { DocumentTableName, StoreDatabase } from './schema.js';
import { upsert } from './upsert.js';

export function kyselyDocumentTable(db: Kysely<StoreDatabase>, engine: SqlEngine, table: DocumentTableName): DocumentTable {
  return {
    async all() {
      const rows = await db.selectFrom(table).select(['id', 'doc_json']).execute();
      return rows.map((row): [string, string] => [row.id, row.doc_json]);
    },
    async get(key) {
      return (await db.selectFrom(table).select('doc_json').where('id', '=', key).executeTakeFirst())?.doc_json;
    },
    async put(key, json) {
      await upsert(db, engine, table, { id: key, doc_json: json });
    },
    async delete(key) {
      const result = await db.deleteFrom(table).where('id', '=', key).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
  };
}
