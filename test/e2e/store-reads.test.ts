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

  // Its answer kept in memory (answer-cache.ts) is dropped: what follows is read from the store.
  registry.forgetAnswers([id]);

  const db = new Database(url.replace(/^sqlite:/, ''));
  db.prepare("update tasks set runtime_json = 'not json' where id = ?").run(id);
  const stored = db.prepare('select task_json from tasks where id = ?').pluck().get(id) as string;
  db.close();

  assert.deepEqual(await svc.fetchTask(id), done);
  const listed = await svc.call<unknown[]>('POST', '/mj/task/list-by-condition', { ids: [id] });
  assert.deepEqual(listed.body, [done]);
  // The stored text is the answer, byte for byte: nothing parsed and written anew.
  assert.equal((await svc.call('GET', `/mj/task/${id}/fetch`)).text, stored);
});

test('fetch answers the stored JSON as it is, and a change of the task is visible at once', async (t) => {
  const url = tempDbUrl();
  const svc = await startTestService({ store: { url } });
  t.after(() => svc.close());
  const submitted = await svc.call<Answer>('POST', '/mj/submit/imagine', { prompt: 'a stored cat' });
  const id = submitted.body.result;
  // Re-hosted: a task that still shows Discord media is parsed to check its links (fresh-media.ts).
  const done = await svc.waitForTask(id, (task) => task.imageUrl?.includes('/mj/image/') === true);
  const { registry } = svc.service.tasks;
  await registry.flush();
  registry.forgetAnswers([id]);
  // Written by another instance, say: the row's text is what fetch answers, not a re-serialization.
  const db = new Database(url.replace(/^sqlite:/, ''));
  // Spaced out: a parse and a new serialization would not give these bytes back.
  const edited = JSON.stringify({ ...done, description: 'edited in the store' }, null, 1);
  db.prepare('update tasks set task_json = ? where id = ?').run(edited, id);
  db.close();
  assert.equal((await svc.call('GET', `/mj/task/${id}/fetch`)).text, edited);
  assert.equal((await svc.call('POST', '/mj/task/list-by-condition', { ids: [id] })).text, `[${edited}]`);

  // A change made here is answered from memory at once, the stored row notwithstanding.
  const entry = await registry.get(id);
  assert.ok(entry);
  entry.task.seed = '12345';
  const saved = registry.commit(entry, { notify: false });
  assert.equal((await svc.fetchTask(id)).seed, '12345');
  await saved;
});
