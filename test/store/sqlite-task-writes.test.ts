import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { SqliteTaskWrites } from '../../src/store/sql/sqlite-task-writes.js';

function database() {
  const db = new Database(':memory:');
  db.exec('create table tasks (id text primary key, status text not null, task_json text not null)');
  let transactions = 0;
  const transaction = db.transaction.bind(db);
  db.transaction = ((fn: () => void) => {
    transactions++;
    return transaction(fn);
  }) as typeof db.transaction;
  return { db, transactions: () => transactions };
}

test('the saves of one turn go in one transaction; a second save of a row overwrites it', async () => {
  const { db, transactions } = database();
  const writes = new SqliteTaskWrites(db);
  await Promise.all([
    writes.save({ id: '1', status: 'SUBMITTED', task_json: '{"id":"1"}' }),
    writes.save({ id: '2', status: 'SUBMITTED', task_json: '{"id":"2"}' }),
    writes.save({ id: '1', status: 'SUCCESS', task_json: '{"id":"1","done":true}' }),
  ]);
  assert.equal(transactions(), 1);
  assert.deepEqual(db.prepare('select id, status, task_json from tasks order by id').all(), [
    { id: '1', status: 'SUCCESS', task_json: '{"id":"1","done":true}' },
    { id: '2', status: 'SUBMITTED', task_json: '{"id":"2"}' },
  ]);
});

test('a row the database refuses fails alone; the others of its batch are saved', async () => {
  const { db } = database();
  const writes = new SqliteTaskWrites(db);
  const results = await Promise.allSettled([
    writes.save({ id: '1', status: 'SUBMITTED', task_json: '{}' }),
    writes.save({ id: '2', status: null, task_json: '{}' }),
    writes.save({ id: '3', status: 'SUBMITTED', task_json: '{}' }),
  ]);
  assert.deepEqual(results.map((result) => result.status), ['fulfilled', 'rejected', 'fulfilled']);
  assert.deepEqual(db.prepare('select id from tasks order by id').pluck().all(), ['1', '3']);
});

test('a transaction of another caller is waited for: the rows do not join it', async () => {
  const { db } = database();
  const writes = new SqliteTaskWrites(db);
  db.exec('begin');
  const saved = writes.save({ id: '1', status: 'SUBMITTED', task_json: '{}' });
  await new Promise((resolve) => setTimeout(resolve, 20));
  db.exec('rollback');
  await saved;
  assert.deepEqual(db.prepare('select id from tasks').pluck().all(), ['1']);
});

test('a batch longer than a few ms is cut into several transactions, and timers run between them', async () => {
  const { db, transactions } = database();
  // Each row costs 2 ms here (the query hook waits): 40 rows are far more than one slice.
  const slowRow = () => {
    const until = performance.now() + 2;
    while (performance.now() < until);
  };
  const writes = new SqliteTaskWrites(db, slowRow);
  let timerRanAfterRows = -1;
  setTimeout(() => {
    timerRanAfterRows = db.prepare('select count(*) from tasks').pluck().get() as number;
  }, 0);
  await Promise.all(Array.from({ length: 40 }, (_, i) => writes.save({ id: String(i), status: 'SUBMITTED', task_json: '{}' })));
  assert.ok(transactions() >= 2, `${transactions()} transactions`);
  assert.ok(timerRanAfterRows > 0 && timerRanAfterRows < 40, `the timer ran after ${timerRanAfterRows} rows`);
  assert.equal(db.prepare('select count(*) from tasks').pluck().get(), 40);
});

/** With an index on status: the statements each save ran, by their first word. */
function indexedDatabase() {
  const db = new Database(':memory:');
  db.exec('create table tasks (id text primary key, status text not null, task_json text not null); create index tasks_status on tasks (status)');
  const statements: string[] = [];
  const writes = new SqliteTaskWrites(db, (sql) => statements.push(sql.split(' ')[0] as string));
  const rows = () => db.prepare('select id, status, task_json from tasks order by id').all();
  return { db, writes, statements, rows };
}

test('a save that leaves the indexed columns as committed updates the rest only; a new status upserts', async () => {
  const { writes, statements, rows } = indexedDatabase();
  await writes.save({ id: '1', status: 'IN_PROGRESS', task_json: '{"progress":"10%"}' });
  await writes.save({ id: '1', status: 'IN_PROGRESS', task_json: '{"progress":"50%"}' });
  assert.deepEqual(rows(), [{ id: '1', status: 'IN_PROGRESS', task_json: '{"progress":"50%"}' }]);
  await writes.save({ id: '1', status: 'SUCCESS', task_json: '{"progress":"100%"}' });
  assert.deepEqual(rows(), [{ id: '1', status: 'SUCCESS', task_json: '{"progress":"100%"}' }]);
  assert.deepEqual(statements, ['insert', 'update', 'insert']);
});

test('a row deleted since its last save (retention) is written whole again', async () => {
  const { db, writes, rows } = indexedDatabase();
  await writes.save({ id: '1', status: 'SUCCESS', task_json: '{"a":1}' });
  db.exec('delete from tasks');
  await writes.save({ id: '1', status: 'SUCCESS', task_json: '{"a":2}' });
  assert.deepEqual(rows(), [{ id: '1', status: 'SUCCESS', task_json: '{"a":2}' }]);
});

test('indexed columns changed and changed back within one transaction end as last saved', async () => {
  const { writes, rows } = indexedDatabase();
  await writes.save({ id: '1', status: 'A', task_json: '{}' });
  await Promise.all([
    writes.save({ id: '1', status: 'B', task_json: '{"n":1}' }),
    writes.save({ id: '1', status: 'A', task_json: '{"n":2}' }),
  ]);
  assert.deepEqual(rows(), [{ id: '1', status: 'A', task_json: '{"n":2}' }]);
});

test('after a rolled-back batch, a row saved again alone gets its new indexed columns', async () => {
  const { writes, rows } = indexedDatabase();
  await writes.save({ id: '1', status: 'A', task_json: '{}' });
  const results = await Promise.allSettled([
    writes.save({ id: '1', status: 'B', task_json: '{"n":1}' }),
    writes.save({ id: '2', status: null, task_json: '{}' }),
  ]);
  assert.deepEqual(results.map((result) => result.status), ['fulfilled', 'rejected']);
  await writes.save({ id: '1', status: 'B', task_json: '{"n":2}' });
  assert.deepEqual(rows(), [{ id: '1', status: 'B', task_json: '{"n":2}' }]);
});

test('with a partial index every save upserts (the columns it depends on are not listed)', async () => {
  const db = new Database(':memory:');
  db.exec("create table tasks (id text primary key, status text not null, task_json text not null); create index tasks_open on tasks (id) where task_json <> '{}'");
  const statements: string[] = [];
  const writes = new SqliteTaskWrites(db, (sql) => statements.push(sql.split(' ')[0] as string));
  await writes.save({ id: '1', status: 'A', task_json: '{}' });
  await writes.save({ id: '1', status: 'A', task_json: '{"n":1}' });
  assert.deepEqual(statements, ['insert', 'insert']);
  assert.equal(db.prepare("select count(*) from tasks where task_json <> '{}'").pluck().get(), 1);
});
