import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nestsDeeperThan } from '../../src/api/json-depth.js';

test('depth counts arrays and objects, not brackets inside strings or after escaped quotes', () => {
  assert.equal(nestsDeeperThan('{"a":[1,{"b":2}]}', 3), false);
  assert.equal(nestsDeeperThan('{"a":[1,{"b":[2]}]}', 3), true);
  assert.equal(nestsDeeperThan(`{"prompt":"${'['.repeat(1000)}"}`, 1), false);
  assert.equal(nestsDeeperThan(`{"prompt":"a \\" [[[[ \\\\"}`, 1), false);
  assert.equal(nestsDeeperThan(`{"p":"\\\\",${'['.repeat(5)}`, 3), true);
  assert.equal(nestsDeeperThan('['.repeat(100_000) + ']'.repeat(100_000), 64), true);
  assert.equal(nestsDeeperThan('not json at all', 0), false);
});
