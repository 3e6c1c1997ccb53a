import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cloneData } from '../../src/lib/clone-data.js';

test('cloneData copies plain data deeply: changing the original afterwards changes nothing in the copy', () => {
  const original = {
    id: 't1', progress: '15%', finishTime: null, gone: undefined,
    properties: { nonce: 'n1', nested: { flags: 64 } },
    buttons: [{ customId: 'MJ::JOB::upsample::1::x', label: 'U1' }],
    imageUrls: [{ url: 'https://a' }],
  };
  const copy = cloneData(original);
  assert.deepEqual(copy, original);
  assert.ok(Object.hasOwn(copy, 'gone'));
  original.properties.nonce = 'n2';
  original.properties.nested.flags = 0;
  (original.buttons[0] as { label: string }).label = 'U2';
  original.imageUrls.push({ url: 'https://b' });
  assert.equal(copy.properties.nonce, 'n1');
  assert.equal(copy.properties.nested.flags, 64);
  assert.equal(copy.buttons[0]?.label, 'U1');
  assert.equal(copy.imageUrls.length, 1);
});

test('cloneData copies what is not plain data as structuredClone does', () => {
  const original = { at: new Date(0), bytes: Buffer.from('ab'), seen: new Map([['a', 1]]) };
  const copy = cloneData(original);
  assert.notEqual(copy.at, original.at);
  assert.equal(copy.at.getTime(), 0);
  original.bytes[0] = 0;
  assert.deepEqual([...copy.bytes], [97, 98]);
  original.seen.set('a', 2);
  assert.equal(copy.seen.get('a'), 1);
});
