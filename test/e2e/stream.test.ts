import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openStream, taskOf } from '../api/stream-reader.js';
import { startTestService, type TestService } from './harness.js';

let svc: TestService;

before(async () => {
  svc = await startTestService({ demo: { jobSeconds: 0.8 } });
});
after(() => svc.close());

async function imagine(prompt: string): Promise<string> {
  const answer = await svc.call<{ code: number; result: string }>('POST', '/mj/submit/imagine', { prompt });
  assert.equal(answer.body.code, 1, answer.text);
  return answer.body.result;
}

const STATUS_ORDER = ['NOT_START', 'SUBMITTED', 'IN_PROGRESS', 'SUCCESS'];

test('the stream follows an imagine through the simulator: progress in order, SUCCESS as fetch answers it, end', async () => {
  const id = await imagine('a lighthouse in fog');
  const stream = await openStream(`${svc.service.url}/mj/task/${id}/stream`);
  const events = await stream.rest();
  assert.equal(events.at(-1)?.event, 'end');
  const tasks = events.filter((event) => event.event === 'message').map(taskOf);
  const ranks = tasks.map((task) => STATUS_ORDER.indexOf(task.status));
  assert.deepEqual(ranks, [...ranks].sort((a, b) => a - b), 'statuses never go backwards');
  assert.ok(tasks.some((task) => task.status === 'IN_PROGRESS' && /^\d+%$/.test(task.progress) && task.progress !== '0%'));
  assert.equal(new Set(events.map((event) => event.data)).size, events.length, 'no event repeats another');
  const fetched = await svc.call('GET', `/mj/task/${id}/fetch`);
  assert.equal(events.at(-2)?.data, fetched.text, 'the final event is the task exactly as fetch answers it');
  assert.equal(svc.service.changes.keyedListenerCount(), 0);
});

test('one stream for several tasks ends after the last of them; a resume after the end repeats nothing', async () => {
  const ids = [await imagine('a red fox'), await imagine('a blue whale')];
  const stream = await openStream(`${svc.service.url}/mj-fast/mj/task/stream?ids=${ids.join(',')}`);
  const events = await stream.rest();
  const ends = events.filter((event) => event.event === 'end').map((event) => (JSON.parse(event.data) as { id: string }).id);
  assert.deepEqual(ends.sort(), [...ids].sort());
  for (const id of ids) {
    const last = events.filter((event) => event.event === 'message').map(taskOf).filter((task) => task.id === id).at(-1);
    assert.equal(last?.status, 'SUCCESS');
  }
  const resumed = await openStream(`${svc.service.url}/mj/task/stream?ids=${ids.join(',')}`, { 'last-event-id': events.at(-1)?.lastEventId ?? '' });
  const again = await resumed.rest();
  // A task whose result was re-hosted after its stream ended comes once more, in its new state; nothing the client holds does.
  const held = new Set(events.map((event) => event.data));
  assert.deepEqual(again.filter((event) => held.has(event.data) && event.event === 'message'), [], 'no state the client holds is sent again');
  assert.ok(again.filter((event) => event.event === 'message').length <= ids.length);
  assert.deepEqual(again.filter((event) => event.event === 'end').map((event) => (JSON.parse(event.data) as { id: string }).id).sort(), [...ids].sort());
  assert.equal(again.at(-1)?.event, 'end');
});
