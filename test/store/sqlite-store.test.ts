/** What only SQLite has: the file and its folder, WAL, in-memory databases, the IN-list chunks. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createTaskStore, openStore } from '../../src/store/index.js';
import { idChunks } from '../../src/store/sql/id-chunks.js';
import { silentLogger } from '../../src/lib/logger.js';
import { entry } from './store-suite.js';

test('idChunks pads to power-of-two sizes without changing the set of ids', () => {
  const ids = Array.from({ length: 700 }, (_, n) => `id${n}`);
  const chunks = idChunks(ids);
  assert.deepEqual(chunks.map((c) => c.length), [512, 256]);
  assert.deepEqual(new Set(chunks.flat()), new Set(ids));
  assert.deepEqual(idChunks(['a', 'b', 'c']), [['a', 'b', 'c', 'c']]);
});

test('a file database creates its folder and uses WAL', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'mj-store-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const store = await createTaskStore(`sqlite:${join(dir, 'nested', 'tasks.db')}`, silentLogger);
  t.after(() => store.close());
  await store.save(entry(1, { status: 'IN_PROGRESS' }));
  await stat(join(dir, 'nested', 'tasks.db-wal'));
});

test('sqlite::memory: is a private, empty database', async (t) => {
  const first = await createTaskStore('sqlite::memory:', silentLogger);
  const second = await createTaskStore('sqlite::memory:', silentLogger);
  t.after(() => Promise.all([first.close(), second.close()]));
  await first.save(entry(1));
  assert.equal((await first.list({ page: 0, size: 5 })).length, 1);
  assert.deepEqual(await second.list({ page: 0, size: 5 }), []);
});

test('unsupported or malformed store urls fail with the scheme only', async () => {
  await assert.rejects(createTaskStore('mongodb://root:secret@db/mj', silentLogger), (error: Error) => {
    assert.match(error.message, /"mongodb:" is not supported/);
    assert.doesNotMatch(error.message, /secret/);
    return true;
  });
  await assert.rejects(createTaskStore('./no-scheme.db', silentLogger), /must start with a scheme/);
  await assert.rejects(createTaskStore('sqlite:', silentLogger), /needs a file path/);
  await assert.rejects(createTaskStore('postgres://u:secret@[bad/db', silentLogger), (error: Error) => {
    assert.match(error.message, /not a valid postgres url/);
    assert.doesNotMatch(error.message, /secret/);
    return true;
  });
});

test('a database written before the search columns is migrated and its old rows found by every query', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'mj-store-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const path = join(dir, 'old.db');
  // The schema and rows as the store of migration 0001 left them.
  const old = new Database(path);
  old.exec(`
    create table "tasks" ("id" text primary key, "status" text not null, "submit_time" bigint, "action" text not null,
      "account_id" text, "task_json" text not null, "runtime_json" text not null);
    create index "tasks_status" on "tasks" ("status");
    create index "tasks_submit_time" on "tasks" ("submit_time", "id");
    create table "kysely_migration" ("name" varchar(255) not null primary key, "timestamp" varchar(255) not null);
    create table "kysely_migration_lock" ("id" varchar(255) not null primary key, "is_locked" integer default 0 not null);
    insert into "kysely_migration" values ('0001_create_tasks', '2025-01-01T00:00:00.000Z');
    insert into "kysely_migration_lock" values ('migration_lock', 0);`);
  const insert = old.prepare('insert into tasks values (?, ?, ?, ?, ?, ?, ?)');
  const failed = entry(1, { status: 'FAILURE', mode: 'RELAX', prompt: 'Old Red Cat', failReason: 'banned' });
  const running = entry(2, { status: 'IN_PROGRESS', action: 'UPSCALE' });
  running.task.submitTime = null;
  for (const { task, runtime } of [failed, running]) {
    insert.run(task.id, task.status, task.submitTime, task.action, runtime.accountId, JSON.stringify(task), JSON.stringify(runtime));
  }
  old.close();

  const store = await createTaskStore(`sqlite:${path}`, silentLogger);
  t.after(() => store.close());
  assert.deepEqual((await store.search({ page: 0, size: 5, prompt: 'red cat' })).tasks, [failed.task]);
  assert.deepEqual(await store.stats({ todayStart: 1, failuresSince: 1 }), {
    todayByMode: { RELAX: 1 }, todayByAction: { IMAGINE: 1 }, failures: [{ reason: 'banned', count: 1 }],
  });
  // The task without a submit time sorts as the oldest, as on every backend.
  assert.deepEqual((await store.list({ page: 0, size: 5 })).map((task) => task.id), [failed.task.id, running.task.id]);
  assert.deepEqual((await store.listUnfinished()).map((e) => e.task), [running.task]);
});

test("the draw counts read at start scan the account index alone, never the tasks' rows", async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'mj-store-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const path = join(dir, 'tasks.db');
  const issued: string[] = [];
  const store = await openStore({ url: `sqlite:${path}` }, silentLogger, { onQuery: (sql) => issued.push(sql) });
  t.after(() => store.close());
  await store.tasks.save(entry(1, { status: 'SUCCESS' }));
  await store.tasks.drawCounts(0);
  const query = issued.find((sql) => /group by/i.test(sql));
  assert.ok(query, 'drawCounts issued a grouped query');
  const reader = new Database(path, { readonly: true });
  t.after(() => reader.close());
  const plan = (reader.prepare(`explain query plan ${query}`).all(0) as { detail: string }[]).map((row) => row.detail).join(' | ');
  assert.match(plan, /USING COVERING INDEX/, plan);
});
