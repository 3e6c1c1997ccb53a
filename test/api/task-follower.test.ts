import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TaskFollower, type StreamEvent } from '../../src/api/task-follower.js';
import { ChangeHub } from '../../src/lib/change-hub.js';
import type { Task } from '../../src/tasks/task.js';
import { sampleTask } from './helpers.js';

const running = (percent: number, id = '1'): Task => sampleTask({ id, status: 'IN_PROGRESS', progress: `${percent}%` });
const hub = () => new ChangeHub<Task>((task) => task.id, (error) => { throw error; });

async function take(events: AsyncGenerator<StreamEvent>, n: number): Promise<StreamEvent[]> {
  const out: StreamEvent[] = [];
  for (let i = 0; i < n; i++) {
    const next = await events.next();
    if (next.done === true) break;
    out.push(next.value);
  }
  return out;
}

const progressOf = (event: StreamEvent | undefined): string => (event?.kind === 'task' ? (JSON.parse(event.json) as Task).progress : '');

test('a slow reader gets the newest state, not a backlog: one pending state per task', async () => {
  const changes = hub();
  const follower = new TaskFollower(['1'], changes, JSON.stringify, null);
  follower.start([running(1)]);
  const events = follower.events();
  assert.equal(progressOf((await take(events, 1))[0]), '1%');
  for (let percent = 2; percent <= 1000; percent++) changes.publish(running(percent));
  assert.equal(progressOf((await take(events, 1))[0]), '1000%');
  follower.close();
  assert.deepEqual(await take(events, 1), []);
  assert.equal(changes.keyedListenerCount(), 0);
});

test('a change told while the tasks were being read wins over the older read', async () => {
  const changes = hub();
  const follower = new TaskFollower(['1', '2'], changes, JSON.stringify, null);
  changes.publish(running(40));
  follower.start([running(10), running(5, '2')]);
  const events = await take(follower.events(), 2);
  assert.deepEqual(events.map(progressOf), ['40%', '5%']);
  follower.close();
});

test('the stream ends by itself once every task has ended; late changes of an ended task are ignored', async () => {
  const changes = hub();
  const follower = new TaskFollower(['1'], changes, JSON.stringify, null);
  follower.start([sampleTask({ id: '1' })]);
  const events = await take(follower.events(), 5);
  assert.deepEqual(events.map((event) => event.kind), ['task', 'end']);
  changes.publish(running(99));
  assert.equal(changes.keyedListenerCount(), 0);
});
