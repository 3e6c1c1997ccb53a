import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Correlation } from '../../src/tasks/correlation.js';

test('links identities to tasks; an ended task\'s stay known, retired, and never pass to another', () => {
  const c = new Correlation();
  c.link('nonce', 'n1', 't1');
  c.link('message', 'm1', 't1');
  c.link('nonce', 'n2', 't2');
  assert.deepEqual(c.owner('nonce', 'n1'), { id: 't1', live: true });
  c.retire('t1');
  assert.deepEqual(c.owner('nonce', 'n1'), { id: 't1', live: false });
  assert.deepEqual(c.owner('message', 'm1'), { id: 't1', live: false });
  assert.deepEqual(c.owner('nonce', 'n2'), { id: 't2', live: true });
  assert.equal(c.owner('hash', null), undefined);
  assert.equal(c.owner('hash', 'unknown'), undefined);
});

test('retireKey takes an identity away from a live task (a send given up) and records orphans\' identities', () => {
  const c = new Correlation();
  c.link('nonce', 'first', 't1');
  c.retireKey('nonce', 'first', 't1~first');
  assert.deepEqual(c.owner('nonce', 'first'), { id: 't1~first', live: false });
  c.retire('t1');
  assert.deepEqual(c.owner('nonce', 'first'), { id: 't1~first', live: false }, 'the orphan keeps it');
  c.retireKey('hash', 'h', 'orphan');
  assert.deepEqual(c.owner('hash', 'h'), { id: 'orphan', live: false });
});
