/**
 * fetch and list-by-condition on SQLite, beside Kysely: statements prepared once and run on the same
 * connection, synchronously (better-sqlite3 is). A poll then costs one B-tree lookup, not a query
 * built, compiled and queued for the connection on every request. The JSON comes out as a blob: its
 * UTF-8 bytes go to the socket as they are, never decoded into a string and encoded back.
 */
import type Database from 'better-sqlite3';
import { idChunks } from './id-chunks.js';

const JSON_BYTES = 'cast(task_json as blob)';

export interface TaskJsonReads {
  taskJson(id: string): Buffer | undefined;
  /** By id; unknown ids left out. */
  taskJsons(ids: readonly string[]): Map<string, Buffer>;
}

export function sqliteTaskReads(db: Database.Database, onQuery?: (sql: string) => void): TaskJsonReads {
  const one = db.prepare<[string], Buffer>(`select ${JSON_BYTES} from tasks where id = ?`).pluck();
  // idChunks pads every IN list to a power of two: a dozen statements at most, each prepared once.
  const many = new Map<number, Database.Statement<string[], [string, Buffer]>>();
  const manyOf = (size: number) => {
    let statement = many.get(size);
    if (statement === undefined) {
      statement = db.prepare<string[], [string, Buffer]>(`select id, ${JSON_BYTES} from tasks where id in (${new Array<string>(size).fill('?').join(', ')})`).raw();
      many.set(size, statement);
    }
    return statement;
  };
  return {
    taskJson(id) {
      onQuery?.(one.source);
      return one.get(id);
    },
    taskJsons(ids) {
      const found = new Map<string, Buffer>();
      for (const chunk of idChunks([...new Set(ids)])) {
        const statement = manyOf(chunk.length);
        onQuery?.(statement.source);
        for (const [id, json] of statement.all(...chunk)) found.set(id, json);
      }
      return found;
    },
  };
}
