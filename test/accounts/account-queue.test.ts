import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AccountQueue } from '../../src/accounts/account-queue.js';

test('starts up to coreSize, queues up to queueSize, refuses beyond', () => {
  const started: string[] = [];
  const queue = new AccountQueue(2, 2, (id) => started.push(id));
  assert.deepEqual(queue.offer('a'), { accepted: true, ahead: 0, started: true });
  assert.deepEqual(queue.offer('b'), { accepted: true, ahead: 0, started: true });
  assert.deepEqual(queue.offer('c'), { accepted: true, ahead: 0, started: false });
  assert.deepEqual(queue.offer('d'), { accepted: true, ahead: 1, started: false });
  assert.deepEqual(queue.offer('e'), { accepted: false });
  assert.deepEqual(started, ['a', 'b']);
  assert.equal(queue.backlog, 2);
});

test('a released slot starts the oldest waiting task; a waiting task can leave', () => {
  const started: string[] = [];
  const queue = new AccountQueue(1, 5, (id) => started.push(id));
  queue.offer('a');
  queue.offer('b');
  queue.offer('c');
  queue.release('b');
  assert.deepEqual([...queue.waitingIds()], ['c']);
  queue.release('a');
  assert.deepEqual(started, ['a', 'c']);
  assert.equal(queue.runningCount, 1);
  assert.equal(queue.waitingCount, 0);
});

test('occupy takes a slot without starting (re-attached after restart)', () => {
  const started: string[] = [];
  const queue = new AccountQueue(1, 5, (id) => started.push(id));
  queue.occupy('old');
  queue.offer('new');
  assert.deepEqual(started, []);
  queue.release('old');
  assert.deepEqual(started, ['new']);
});
