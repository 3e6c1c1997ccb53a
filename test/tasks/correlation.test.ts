import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Correlation } from '../../src/tasks/correlation.js';

test('links identities to tasks and forgets them all on release', () => {
  const c = new Correlation();
  c.link('nonce', 'n1', 't1');
  c.link('message', 'm1', 't1');
  c.link('nonce', 'n2', 't2');
  c.awaitReplyTo('grid', 't1');
  c.awaitReplyTo('grid', 't2');
  assert.equal(c.find('nonce', 'n1'), 't1');
  assert.equal(c.find('message', 'm1'), 't1');
  assert.deepEqual(c.awaitingReplyTo('grid'), ['t1', 't2']);
  c.release('t1');
  assert.equal(c.find('nonce', 'n1'), undefined);
  assert.equal(c.find('message', 'm1'), undefined);
  assert.equal(c.find('nonce', 'n2'), 't2');
  assert.deepEqual(c.awaitingReplyTo('grid'), ['t2']);
  assert.equal(c.find('hash', null), undefined);
});
