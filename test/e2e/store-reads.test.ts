/**
 * Fetch and list-by-condition read a finished task's public JSON only: with its runtime JSON (the
 * request payload) unreadable in the store, both still answer.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { startTestService, tempDbUrl } from './harness.js';

interface Answer {
  code: number;
  result: string;
}

test('fetch and list-by-condition never read the runtime JSON of a finished task', async (t) => {
  const url = tempDbUrl();
  const svc = await startTestService({ store: { url } });
  t.after(() => svc.close());
  const submitted = await svc.call<Answer>('POST', '/mj/submit/imagine', { prompt: 'a public cat' });
  assert.equal(submitted.body.code, 1);
  const id = submitted.body.result;
  const done = await svc.waitForTask(id);
  assert.equal(done.status, 'SUCCESS');
  const { registry } = svc.service.tasks;
  await registry.flush();
  // Finished and saved, it has left memory: what follows is read from the store.
  assert.equal(registry.liveEntry(id), undefined);

  const db = new Database(url.replace(/^sqlite:/, ''));
  db.prepare("update tasks set runtime_json = 'not json' where id = ?").run(id);
  db.close();

  assert.deepEqual(await svc.fetchTask(id), done);
  const listed = await svc.call<unknown[]>('POST', '/mj/task/list-by-condition', { ids: [id] });
  assert.deepEqual(listed.body, [done]);
});
