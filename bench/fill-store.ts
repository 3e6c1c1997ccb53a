/**
 * A store of a million tasks in seconds: a few real tasks (made by the service through the
 * simulator) are copied over and over in SQL, each copy under a new id, so every row has the shape,
 * size and indexes of a real one. The copy knows only that the table is `tasks` with a text primary
 * key that also appears, quoted, in the JSON columns; the store's own code wrote the originals.
 */
import Database from 'better-sqlite3';
import { closeSync, fsyncSync, openSync } from 'node:fs';

const TABLE = 'tasks';

interface Column {
  name: string;
  type: string;
  pk: number;
}

const TEXT_TYPE = /CHAR|CLOB|TEXT/i;

function tableShape(db: Database.Database): { columns: Column[]; key: Column } {
  const columns = db.prepare(`PRAGMA table_info(${TABLE})`).all() as Column[];
  const key = columns.find((column) => column.pk === 1);
  if (!key || !TEXT_TYPE.test(key.type)) throw new Error(`${TABLE} has no text primary key to copy rows under`);
  return { columns, key };
}

/** Copies rows until the table holds `target` of them (doubling each time, the ids shifted past the largest). */
export function multiplyTasks(dbPath: string, target: number): number {
  const db = new Database(dbPath);
  let rows: number;
  try {
    rows = copyRows(db, target);
  } finally {
    db.close();
  }
  // On disk before anything is measured: else the kernel writes gigabytes back during the measurement.
  const file = openSync(dbPath, 'r+');
  try {
    fsyncSync(file);
  } finally {
    closeSync(file);
  }
  return rows;
}

function copyRows(db: Database.Database, target: number): number {
  // This connection only fills a bench file: a crash loses nothing worth an fsync per transaction.
  db.pragma('synchronous = OFF');
  const { columns, key } = tableShape(db);
  const newId = `CAST(CAST(${key.name} AS INTEGER) + @offset AS TEXT)`;
  const values = columns.map((column) => {
    if (column === key) return newId;
    if (!TEXT_TYPE.test(column.type)) return column.name;
    return `replace(${column.name}, '"' || ${key.name} || '"', '"' || ${newId} || '"')`;
  });
  const copy = db.prepare(`INSERT INTO ${TABLE} (${columns.map((column) => column.name).join(', ')}) `
    + `SELECT ${values.join(', ')} FROM ${TABLE} ORDER BY rowid LIMIT @count`);
  // Snowflake-sized ids do not fit a double: 64-bit integers throughout.
  const range = db.prepare(`SELECT COUNT(*) AS n, MIN(CAST(${key.name} AS INTEGER)) AS low, MAX(CAST(${key.name} AS INTEGER)) AS high FROM ${TABLE}`).safeIntegers(true);
  for (;;) {
    const { n, low, high } = range.get() as { n: bigint; low: bigint; high: bigint };
    const rows = Number(n);
    if (rows === 0) throw new Error(`${TABLE} is empty: nothing to copy`);
    if (rows >= target) return rows;
    // Shifted by the whole id span, the copies' ids cannot meet any existing one.
    copy.run({ offset: high - low + 1n, count: Math.min(rows, target - rows) });
  }
}

/** `count` ids picked at random from the table. */
export function sampleTaskIds(dbPath: string, count: number): string[] {
  const db = new Database(dbPath, { readonly: true });
  try {
    const { key } = tableShape(db);
    const rows = db.prepare(`SELECT ${key.name} AS id FROM ${TABLE} ORDER BY random() LIMIT ?`).all(count) as { id: string }[];
    return rows.map((row) => row.id);
  } finally {
    db.close();
  }
}
