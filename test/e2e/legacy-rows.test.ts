import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import type { Task } from '../../src/tasks/task.js';
import { legacyDatabase } from '../store/legacy-db.js';
import { checkSnapshot } from './client-rules.js';
import { startTestService, tempDir } from './harness.js';

test('tasks an older version stored with [] media lists come out of every query with null', async (t) => {
  const dir = tempDir();
  t.after(() => rm(dir, { recursive: true, force: true }));
  const ids = ['1690000000000101', '1690000000000102'];
  const url = legacyDatabase(dir, ids.map((id) => ({ id, status: 'SUCCESS' })));
  const svc = await startTestService({ store: { url } });
  t.after(() => svc.close());

  const fetched = await Promise.all(ids.map(async (id) => (await svc.call<Task>('GET', `/mj/task/${id}/fetch`)).body));
  const batch = (await svc.call<Task[]>('POST', '/mj/task/list-by-condition', { ids })).body;
  const recent = (await svc.call<Task[]>('GET', '/mj/task/list')).body;
  assert.equal(batch.length, ids.length);
  assert.equal(recent.length, ids.length);
  for (const task of [...fetched, ...batch, ...recent]) {
    checkSnapshot(task, `stored ${task.id}`);
    assert.equal(task.imageUrls, null);
    assert.equal(task.videoUrls, null);
  }
});
