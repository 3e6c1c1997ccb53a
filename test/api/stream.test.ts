import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Task } from '../../src/tasks/task.js';
import type { Config } from '../../src/config/schema.js';
import { sampleTask, testApp, type TestApp } from './helpers.js';
import { openStream, taskOf } from './stream-reader.js';

const ID = '1700000000000123';
const running = (overrides: Partial<Task> = {}): Task => sampleTask({
  status: 'IN_PROGRESS', progress: '10%', finishTime: null, buttons: [], ...overrides,
});

/** A real port, tasks answered from `current` (unknown ids left out, like the service). */
async function streamApp(t: TestContext, current: Map<string, Task>, server: Partial<Config['server']> = {}) {
  const built: TestApp = await testApp({
    server,
    answers: { listByIds: async (ids) => ids.flatMap((id) => current.get(id) ?? []) },
  });
  const url = await built.app.listen({ host: '127.0.0.1', port: 0 });
  t.after(() => built.app.close());
  return { ...built, url };
}

async function waitUntil(check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await sleep(10);
  assert.ok(check(), 'condition not reached');
}

test('a task already terminal: one event with the task as fetch answers it, then end, then the stream closes', async (t) => {
  const { app, url } = await streamApp(t, new Map([[ID, sampleTask()]]));
  const stream = await openStream(`${url}/mj/task/${ID}/stream`);
  assert.equal(stream.status, 200);
  assert.match(stream.contentType ?? '', /^text\/event-stream/);
  const events = await stream.rest();
  assert.deepEqual(events.map((e) => e.event), ['message', 'end']);
  const fetched = await app.inject(`/mj/task/${ID}/fetch`);
  assert.equal(events[0]?.data, fetched.body);
  assert.deepEqual(JSON.parse(events[1]?.data ?? ''), { id: ID });
});

test('unknown ids answer 404 JSON code 3 before any event; a bad id list answers 400 code 4', async (t) => {
  const { url, changes } = await streamApp(t, new Map([[ID, running()]]));
  for (const path of ['/mj/task/404/stream', `/mj/task/stream?ids=${ID},404`]) {
    const response = await fetch(url + path);
    assert.equal(response.status, 404);
    const body = await response.json() as { code: number; description: string };
    assert.equal(body.code, 3);
    assert.match(body.description, /404/);
  }
  const tooMany = Array.from({ length: 101 }, (_, i) => String(i)).join(',');
  for (const ids of [',', tooMany]) {
    const response = await fetch(`${url}/mj/task/stream?ids=${ids}`);
    assert.equal(response.status, 400);
    assert.equal(((await response.json()) as { code: number }).code, 4);
  }
  const missing = await fetch(`${url}/mj/task/stream`);
  assert.equal(missing.status, 400);
  const head = await fetch(`${url}/mj/task/${ID}/stream`, { method: 'HEAD' });
  assert.equal(head.status, 404, 'no HEAD twin that would open a stream nobody reads');
  assert.equal(changes.keyedListenerCount(), 0, 'refused streams keep no subscription');
});

test('every change is one event, repeats are not, end follows the terminal state; closing frees the subscription', async (t) => {
  const current = new Map([[ID, running()]]);
  const { changes, url } = await streamApp(t, current);
  const stream = await openStream(`${url}/mj/task/${ID}/stream`);
  assert.equal(taskOf(await stream.next()).progress, '10%');
  changes.publish(running({ progress: '10%' }));
  changes.publish(running({ progress: '50%' }));
  assert.equal(taskOf(await stream.next()).progress, '50%', 'the unchanged state was not sent again');
  changes.publish(sampleTask());
  const last = await stream.next();
  assert.equal(taskOf(last).status, 'SUCCESS');
  assert.equal((await stream.next()).event, 'end');
  assert.deepEqual(await stream.rest(), []);
  await waitUntil(() => changes.keyedListenerCount() === 0);

  current.set('1700000000000777', running({ id: '1700000000000777' }));
  const dropped = await openStream(`${url}/mj/task/1700000000000777/stream`);
  await dropped.next();
  assert.equal(changes.keyedListenerCount(), 1);
  dropped.close();
  await waitUntil(() => changes.keyedListenerCount() === 0);
});

test('Last-Event-ID resumes: a missed terminal state comes once, a seen one is not repeated', async (t) => {
  const current = new Map([[ID, running()]]);
  const { changes, url } = await streamApp(t, current);
  const first = await openStream(`${url}/mj/task/${ID}/stream`);
  const seen = await first.next();
  first.close();
  await waitUntil(() => changes.keyedListenerCount() === 0);

  const unchanged = await openStream(`${url}/mj/task/${ID}/stream`, { 'last-event-id': seen.lastEventId });
  changes.publish(running({ progress: '60%' }));
  assert.equal(taskOf(await unchanged.next()).progress, '60%', 'the state the client held was not sent again');
  unchanged.close();

  current.set(ID, sampleTask());
  const missed = await openStream(`${url}/mj/task/${ID}/stream`, { 'last-event-id': seen.lastEventId });
  const events = await missed.rest();
  assert.deepEqual(events.map((e) => e.event), ['message', 'end']);
  assert.equal(taskOf(events[0] as never).status, 'SUCCESS');

  const again = await openStream(`${url}/mj/task/${ID}/stream`, { 'last-event-id': events[0]?.lastEventId ?? '' });
  assert.deepEqual((await again.rest()).map((e) => e.event), ['end'], 'no duplicate of the terminal state');

  const foreign = await openStream(`${url}/mj/task/${ID}/stream`, { 'last-event-id': 'not-ours' });
  assert.deepEqual((await foreign.rest()).map((e) => e.event), ['message', 'end'], 'an id we did not make starts afresh');
});

test('several ids: each task its own end, the stream closes after the last; the event id covers every task', async (t) => {
  const other = '1700000000000456';
  const current = new Map([[ID, running()], [other, running({ id: other, progress: '20%' })]]);
  const { changes, url } = await streamApp(t, current);
  const stream = await openStream(`${url}/mj/task/stream?ids=${ID},${other},${ID}`);
  const opening = [taskOf(await stream.next()), taskOf(await stream.next())];
  assert.deepEqual(opening.map((task) => task.id).sort(), [ID, other].sort());
  changes.publish(sampleTask());
  assert.equal(taskOf(await stream.next()).status, 'SUCCESS');
  const end = await stream.next();
  assert.deepEqual([end.event, JSON.parse(end.data)], ['end', { id: ID }]);
  changes.publish(running({ id: other, progress: '90%' }));
  const progress = await stream.next();
  assert.equal(taskOf(progress).progress, '90%');
  assert.equal(progress.lastEventId.split('.').length, 2, 'one version per distinct id');

  // A reconnect with that id misses nothing and repeats nothing.
  stream.close();
  current.set(ID, sampleTask());
  current.set(other, sampleTask({ id: other, status: 'FAILURE', failReason: 'banned' }));
  const resumed = await openStream(`${url}/mj/task/stream?ids=${ID},${other}`, { 'last-event-id': progress.lastEventId });
  const events = await resumed.rest();
  assert.deepEqual(events.map((e) => [e.event, JSON.parse(e.data).id ?? '']), [['end', ID], ['message', other], ['end', other]]);
});

test('heartbeats keep an idle stream alive, at the configured interval', async (t) => {
  const { url } = await streamApp(t, new Map([[ID, running()]]), { streamHeartbeatSeconds: 0.05 });
  const response = await fetch(`${url}/mj/task/${ID}/stream`);
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  let text = '';
  while (!text.includes(': heartbeat')) text += new TextDecoder().decode((await reader.read()).value);
  await reader.cancel();
});

test('auth like the rest of the API, under the mode prefixes too; CORS headers on the stream', async (t) => {
  const { url } = await streamApp(t, new Map([[ID, sampleTask()]]), { apiSecret: 's3cret' });
  const refused = await fetch(`${url}/mj/task/${ID}/stream`);
  assert.equal(refused.status, 401);
  assert.equal(((await refused.json()) as { code: number }).code, 401);
  const stream = await openStream(`${url}/mj-relax/mj/task/${ID}/stream`, { authorization: 'Bearer s3cret', origin: 'http://ui.example' });
  assert.equal(stream.status, 200);
  assert.equal((await stream.rest()).length, 2);
  const cors = await fetch(`${url}/fast/mj/task/${ID}/stream`, { headers: { 'mj-api-secret': 's3cret', origin: 'http://ui.example' } });
  assert.equal(cors.headers.get('access-control-allow-origin'), '*');
  await cors.body?.cancel();
});

test('closing the app ends open streams instead of waiting for them', async (t) => {
  const { app, url, changes } = await streamApp(t, new Map([[ID, running()]]));
  const stream = await openStream(`${url}/mj/task/${ID}/stream`);
  await stream.next();
  await app.close();
  assert.deepEqual(await stream.rest(), []);
  assert.equal(changes.keyedListenerCount(), 0);
});
