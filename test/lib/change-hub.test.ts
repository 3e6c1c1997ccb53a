import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChangeHub } from '../../src/lib/change-hub.js';

interface Change { key: string; n: number }

test('every change reaches the listeners of everything and of its key; unsubscribing forgets the key', () => {
  const hub = new ChangeHub<Change>((change) => change.key, () => assert.fail('no listener throws'));
  const all: number[] = [];
  const ofA: number[] = [];
  hub.subscribeAll((change) => all.push(change.n));
  const stop = hub.subscribe('a', (change) => ofA.push(change.n));
  hub.publish({ key: 'a', n: 1 });
  hub.publish({ key: 'b', n: 2 });
  stop();
  hub.publish({ key: 'a', n: 3 });
  assert.deepEqual(all, [1, 2, 3]);
  assert.deepEqual(ofA, [1]);
  assert.equal(hub.keyedListenerCount(), 0);
});

test('a listener that throws is reported and does not keep the change from the others', () => {
  const errors: unknown[] = [];
  const hub = new ChangeHub<Change>((change) => change.key, (error) => errors.push(error));
  const told: string[] = [];
  hub.subscribeAll(() => {
    throw new Error('broken receiver');
  });
  hub.subscribe('a', () => told.push('stream'));
  hub.subscribe('a', () => {
    told.push('removes third');
    stopThird();
  });
  const stopThird = hub.subscribe('a', () => told.push('third'));
  hub.publish({ key: 'a', n: 1 });
  assert.equal(errors.length, 1);
  assert.deepEqual(told, ['stream', 'removes third', 'third'], 'a listener removed during a round still gets that round');
  hub.publish({ key: 'a', n: 2 });
  assert.deepEqual(told.slice(3), ['stream', 'removes third']);
});
