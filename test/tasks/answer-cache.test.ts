import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AnswerCache } from '../../src/tasks/answer-cache.js';

const bytes = (text: string) => Buffer.from(text);

test('an answer is kept until it ages out, and the oldest put goes first when the bytes are over the budget', () => {
  let now = 1000;
  // Room for two answers of 10 bytes.
  const cache = new AnswerCache(25, 60_000, () => now);
  cache.put('a', bytes('{"id":"a"}'));
  cache.put('b', bytes('{"id":"b"}'));
  assert.equal(cache.get('a')?.toString(), '{"id":"a"}');
  // A change of a puts it last: b is now the oldest, and goes when c comes.
  cache.put('a', bytes('{"id":"a2"}'));
  cache.put('c', bytes('{"id":"c"}'));
  assert.equal(cache.get('b'), undefined);
  assert.equal(cache.get('a')?.toString(), '{"id":"a2"}');
  assert.equal(cache.get('c')?.toString(), '{"id":"c"}');
  now += 60_000;
  assert.equal(cache.get('a')?.toString(), '{"id":"a2"}', 'still within its age');
  now += 1;
  assert.equal(cache.get('a'), undefined, 'aged out');
  cache.delete('c');
  assert.equal(cache.get('c'), undefined);
});

test('a put gives back the memory of answers that aged out, and an answer bigger than the budget is not kept', () => {
  let now = 0;
  const cache = new AnswerCache(25, 1000, () => now);
  cache.put('a', bytes('{"id":"a"}'));
  cache.put('b', bytes('{"id":"b"}'));
  assert.equal(cache.bytesKept, 20);
  now = 2000;
  cache.put('c', bytes('{"id":"c"}'));
  assert.equal(cache.bytesKept, 10, 'a and b aged out: only c is held');
  cache.put('big', bytes('x'.repeat(26)));
  assert.equal(cache.get('big'), undefined);
  assert.equal(cache.bytesKept, 0);
});

test('an answer read from the store is kept only when nothing was put or deleted since the read began', () => {
  const cache = new AnswerCache(1000, 60_000);
  const before = cache.mark();
  cache.putRead('a', bytes('{"id":"a","v":1}'), before);
  assert.equal(cache.get('a')?.toString(), '{"id":"a","v":1}');
  // A read begins, the task changes, the read (older) ends: the change stays.
  const readBegan = cache.mark();
  cache.put('a', bytes('{"id":"a","v":2}'));
  cache.putRead('a', bytes('{"id":"a","v":1}'), readBegan);
  assert.equal(cache.get('a')?.toString(), '{"id":"a","v":2}');
  // A read begins, the task is deleted (retention), the read ends: nothing is kept.
  const again = cache.mark();
  cache.delete('a');
  cache.putRead('a', bytes('{"id":"a","v":2}'), again);
  assert.equal(cache.get('a'), undefined);
});
