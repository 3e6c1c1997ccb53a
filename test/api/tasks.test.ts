import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Task } from '../../src/tasks/task.js';
import { post, sampleTask, testApp } from './helpers.js';

const TASK_KEYS = [
  'id', 'action', 'status', 'prompt', 'promptEn', 'description', 'state', 'submitTime', 'startTime', 'finishTime',
  'progress', 'imageUrl', 'imageUrls', 'videoUrl', 'videoUrls', 'seed', 'failReason', 'properties', 'buttons',
  'botType', 'mode',
];

test('fetch answers the task with every key, unknown properties kept; unknown id is 404 code 3', async (t) => {
  const { app } = await testApp();
  t.after(() => app.close());
  const found = await app.inject('/mj/task/1700000000000123/fetch');
  assert.equal(found.statusCode, 200);
  assert.ok(!found.body.includes('": '));
  const task = found.json() as Record<string, unknown>;
  assert.deepEqual(Object.keys(task).sort(), [...TASK_KEYS].sort());
  assert.deepEqual(task, sampleTask() as unknown as Record<string, unknown>);

  const missing = await app.inject('/mj/task/404/fetch');
  assert.equal(missing.statusCode, 404);
  assert.equal(missing.json().code, 3);
  assert.equal(typeof missing.json().description, 'string');
});

test('a task missing keys still goes out with all of them: null, buttons [] and properties {}; numbers become strings', async (t) => {
  const partial = { id: 1700000000000999, action: 'IMAGINE', status: 'SUBMITTED', progress: 0 } as unknown as Task;
  const { app } = await testApp({ answers: { fetch: async () => partial } });
  t.after(() => app.close());
  const task = (await app.inject('/mj/task/x/fetch')).json() as Record<string, unknown>;
  assert.deepEqual(Object.keys(task).sort(), [...TASK_KEYS].sort());
  assert.equal(task.id, '1700000000000999');
  assert.equal(task.progress, '0');
  assert.equal(task.state, null);
  assert.equal(task.failReason, null);
  assert.equal(task.imageUrls, null);
  assert.equal(task.videoUrls, null);
  assert.deepEqual(task.buttons, []);
  assert.deepEqual(task.properties, {});
});

test('media lists go out as [{url}] when there are media and as null when not', async (t) => {
  const withMedia = sampleTask({ imageUrls: [{ url: 'http://127.0.0.1/1.png' }, { url: 'http://127.0.0.1/2.png' }], videoUrls: [{ url: 'http://127.0.0.1/v.mp4' }] });
  const { app } = await testApp({ answers: { fetch: async (id) => (id === withMedia.id ? withMedia : sampleTask({ id })) } });
  t.after(() => app.close());
  const found = (await app.inject(`/mj/task/${withMedia.id}/fetch`)).json() as Task;
  assert.deepEqual(found.imageUrls, withMedia.imageUrls);
  assert.deepEqual(found.videoUrls, withMedia.videoUrls);
  const bare = await app.inject('/mj/task/1/fetch');
  assert.match(bare.body, /"imageUrls":null,"videoUrl":null,"videoUrls":null/);
});

test('list-by-condition and list-by-ids take string or number ids and answer a bare array', async (t) => {
  const { app, tasks } = await testApp();
  t.after(() => app.close());
  for (const url of ['/mj/task/list-by-condition', '/mj/task/list-by-ids']) {
    const { status, body } = await post(app, url, { ids: ['1', 2, '1'] });
    assert.equal(status, 200);
    assert.deepEqual((body as unknown as Task[]).map((task) => task.id), ['1', '2']);
    assert.deepEqual(tasks.calls.at(-1)?.args[0], ['1', '2']);
  }
  const many = Array.from({ length: 10_000 }, (_, i) => String(1_700_000_000_000_000 + i));
  const { body } = await post(app, '/mj/task/list-by-condition', { ids: many });
  assert.equal((body as unknown as Task[]).length, 10_000);
  assert.deepEqual((await post(app, '/mj/task/list-by-condition', { ids: null })).body, []);
  const noBody = await app.inject({ method: 'POST', url: '/mj/task/list-by-ids' });
  assert.equal(noBody.body, '[]');
});

test('a non-submit route with a wrong type answers HTTP 400 code 4 naming the field', async (t) => {
  const { app, tasks } = await testApp({ server: { english: true } });
  t.after(() => app.close());
  const { status, body } = await post(app, '/mj/task/list-by-condition', { ids: { a: 1 } });
  assert.equal(status, 400);
  assert.deepEqual(body, { code: 4, description: 'ids: must be array' });
  const size = await app.inject('/mj/task/list?size=abc');
  assert.equal(size.statusCode, 400);
  assert.match(size.json().description, /^size: /);
  assert.equal(tasks.calls.length, 0);
});

test('list pages (0-based, default size 100) and queue answer bare arrays', async (t) => {
  const { app, tasks } = await testApp();
  t.after(() => app.close());
  const list = await app.inject('/mj/task/list');
  assert.ok(Array.isArray(list.json()));
  assert.deepEqual(tasks.calls.at(-1)?.args, [0, 100]);
  await app.inject('/mj/task/list?page=2&size=5');
  assert.deepEqual(tasks.calls.at(-1)?.args, [2, 5]);
  const queue = await app.inject('/mj/task/queue');
  assert.equal(queue.body, '[]');
});

test('image-seed and cancel answer the service result; cancel accepts an empty JSON body', async (t) => {
  const { app, tasks } = await testApp();
  t.after(() => app.close());
  const seed = await app.inject('/mj/task/77/image-seed');
  assert.deepEqual(seed.json(), { code: 1, description: '成功', result: '123456', properties: {} });
  assert.deepEqual(tasks.calls.at(-1), { method: 'imageSeed', args: ['77'] });
  const cancel = await app.inject({ method: 'POST', url: '/mj/task/77/cancel', headers: { 'content-type': 'application/json' } });
  assert.equal(cancel.statusCode, 200);
  assert.equal(cancel.json().code, 1);
  assert.deepEqual(tasks.calls.at(-1), { method: 'cancel', args: ['77'] });
});
