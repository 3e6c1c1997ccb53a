import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AnswerCache } from '../../src/tasks/answer-cache.js';

const bytes = (text: string) => Buffer.from(text);

test('an answer is kept until it ages out, and the oldest change goes first when the cache is full', () => {
  let now = 1000;
  const cache = new AnswerCache(2, 60_000, () => now);
  cache.put('a', bytes('{"id":"a"}'));
  cache.put('b', bytes('{"id":"b"}'));
  assert.equal(cache.get('a')?.toString(), '{"id":"a"}');
  // A change of a puts it last: b is now the oldest change, and goes when c comes.
  cache.put('a', bytes('{"id":"a","v":2}'));
  cache.put('c', bytes('{"id":"c"}'));
  assert.equal(cache.get('b'), undefined);
  assert.equal(cache.get('a')?.toString(), '{"id":"a","v":2}');
  assert.equal(cache.get('c')?.toString(), '{"id":"c"}');
  now += 60_000;
  assert.equal(cache.get('a')?.toString(), '{"id":"a","v":2}', 'still within its age');
  now += 1;
  assert.equal(cache.get('a'), undefined, 'aged out');
  cache.delete('c');
  assert.equal(cache.get('c'), undefined);
});
