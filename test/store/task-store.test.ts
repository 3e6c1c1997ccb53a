import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTaskStore } from '../../src/store/index.js';
import { idChunks } from '../../src/store/sql/kysely-task-store.js';
import { silentLogger } from '../../src/lib/logger.js';
import type { StoredTask, TaskStatus } from '../../src/tasks/task.js';

const BASE_TIME = 1_700_000_000_000;

function entry(n: number, status: TaskStatus = 'SUCCESS', jobHash: string | null = null): StoredTask {
  const id = String(BASE_TIME + n);
  return {
    task: {
      id, action: 'IMAGINE', status, prompt: `cat ${n}`, promptEn: `cat ${n}`, description: `/imagine cat ${n}`,
      state: n % 2 === 0 ? '{"a":1}' : null, submitTime: BASE_TIME + n, startTime: null, finishTime: null,
      progress: status === 'SUCCESS' ? '100%' : '0%', imageUrl: null, imageUrls: [], videoUrl: null, videoUrls: [],
      seed: null, failReason: null, properties: { notifyHook: '' }, buttons: [], botType: 'MID_JOURNEY', mode: 'FAST',
    },
    runtime: {
      accountId: 'acc-1', nonce: `nonce-${n}`, interactionId: null, progressMessageId: null, jobHash,
      parentMessageId: null, parentTaskId: null, lastProgressAt: null, request: { prompt: `cat ${n}` },
    },
  };
}

test('save then get returns the same task and runtime; save again updates in place', async (t) => {
  const store = await createTaskStore('sqlite::memory:', silentLogger);
  t.after(() => store.close());
  const first = entry(1, 'SUBMITTED');
  await store.save(first);
  assert.deepEqual(await store.get(first.task.id), first);
  assert.equal(await store.get('404'), undefined);

  const updated = entry(1, 'SUCCESS', 'hash-1');
  updated.task.imageUrls = [{ url: 'http://x/1.png' }];
  await store.save(updated);
  assert.deepEqual(await store.get(first.task.id), updated);
  assert.deepEqual(await store.list({ page: 0, size: 10 }), [updated.task]);
});

test('getTasks answers only known ids, across chunk boundaries and with duplicates', async (t) => {
  const store = await createTaskStore('sqlite::memory:', silentLogger);
  t.after(() => store.close());
  const count = 1300;
  for (let n = 0; n < count; n += 1) await store.save(entry(n));
  const asked = [...Array.from({ length: count }, (_, n) => String(BASE_TIME + n)), 'unknown', String(BASE_TIME)];
  const found = await store.getTasks(asked);
  assert.equal(found.length, count);
  assert.deepEqual(new Set(found.map((task) => task.id)).size, count);
  assert.deepEqual(await store.getTasks([]), []);
  assert.deepEqual((await store.getTasks(['unknown', String(BASE_TIME + 7)])).map((task) => task.id), [String(BASE_TIME + 7)]);
});

test('idChunks pads to power-of-two sizes without changing the set of ids', () => {
  const ids = Array.from({ length: 700 }, (_, n) => `id${n}`);
  const chunks = idChunks(ids);
  assert.deepEqual(chunks.map((c) => c.length), [512, 256]);
  assert.deepEqual(new Set(chunks.flat()), new Set(ids));
  assert.deepEqual(idChunks(['a', 'b', 'c']), [['a', 'b', 'c', 'c']]);
});

test('list is newest first and paged; listUnfinished is oldest first without terminal tasks', async (t) => {
  const store = await createTaskStore('sqlite::memory:', silentLogger);
  t.after(() => store.close());
  const statuses: TaskStatus[] = ['SUCCESS', 'IN_PROGRESS', 'FAILURE', 'NOT_START', 'CANCEL', 'MODAL', 'SUBMITTED'];
  // Saved out of time order, so the order must come from submitTime, not insertion.
  for (const n of [3, 0, 6, 1, 5, 2, 4]) await store.save(entry(n, statuses[n]));
  const ids = (tasks: { id: string }[]) => tasks.map((task) => Number(task.id) - BASE_TIME);

  assert.deepEqual(ids(await store.list({ page: 0, size: 3 })), [6, 5, 4]);
  assert.deepEqual(ids(await store.list({ page: 2, size: 3 })), [0]);
  assert.deepEqual(await store.list({ page: 3, size: 3 }), []);
  assert.deepEqual(ids((await store.listUnfinished()).map((e) => e.task)), [1, 3, 5, 6]);
});


test('a file database creates its folder, uses WAL and keeps data across a reopen', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'mj-store-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const url = `sqlite:${join(dir, 'nested', 'tasks.db')}`;

  const first = await createTaskStore(url, silentLogger);
  await first.save(entry(1, 'IN_PROGRESS', 'h1'));
  await stat(join(dir, 'nested', 'tasks.db-wal'));
  await first.close();

  const second = await createTaskStore(url, silentLogger);
  t.after(() => second.close());
  assert.deepEqual(await second.get(String(BASE_TIME + 1)), entry(1, 'IN_PROGRESS', 'h1'));
  assert.equal((await second.listUnfinished()).length, 1);
});

test('unsupported or malformed store urls fail with the scheme only', async () => {
  await assert.rejects(createTaskStore('mongodb://root:secret@db/mj', silentLogger), (error: Error) => {
    assert.match(error.message, /"mongodb:" is not supported/);
    assert.doesNotMatch(error.message, /secret/);
    return true;
  });
  await assert.rejects(createTaskStore('./no-scheme.db', silentLogger), /must start with a scheme/);
  await assert.rejects(createTaskStore('sqlite:', silentLogger), /needs a file path/);
});
