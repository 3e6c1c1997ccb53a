/**
 * Account leases on a real Redis: one owner at a time, a lapsed lease goes to the next instance
 * with a newer fencing token, and the old owner can neither renew nor write any more.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { AccountLeases } from '../../src/cluster/account-leases.js';
import { backendNamed } from '../store/backends.js';

const SHORT_TTL_MS = 1500;

test('a lease has one owner; once it lapses the next owner gets a newer token and the old one is fenced out', async (t) => {
  const place = await backendNamed('redis').create();
  t.after(() => place.drop());
  const redis = new Redis(place.url);
  t.after(() => redis.quit());
  const prefix = place.keyPrefix ?? '';
  const first = new AccountLeases(redis, prefix, 'first', SHORT_TTL_MS);
  const second = new AccountLeases(redis, prefix, 'second', SHORT_TTL_MS);

  const firstToken = await first.acquire('acct');
  assert.ok(firstToken !== undefined && firstToken > 0);
  assert.equal(await second.acquire('acct'), undefined, 'held: nobody else takes it');
  assert.ok(first.holds('acct'));
  assert.ok(await first.renew('acct'));
  assert.ok(await first.mayWrite('acct'));
  assert.equal((await second.owners(['acct', 'other'])).get('acct'), 'first');
  assert.equal((await second.owners(['acct', 'other'])).get('other'), undefined);

  // The first owner stops renewing (it died, or paused): by its own clock it lets go before Redis does.
  await sleep(SHORT_TTL_MS - 800);
  assert.equal(first.holds('acct'), false, 'the owner stops counting on its lease before it lapses');
  const deadline = Date.now() + 5000;
  let secondToken: number | undefined;
  while (secondToken === undefined && Date.now() < deadline) {
    secondToken = await second.acquire('acct');
    if (secondToken === undefined) await sleep(100);
  }
  assert.ok(secondToken !== undefined && firstToken !== undefined && secondToken > firstToken, 'a newer fencing token');
  assert.equal(await first.mayWrite('acct'), false, 'the old owner is fenced out');
  assert.equal(await first.renew('acct'), false, 'and cannot renew');
  assert.ok(await second.mayWrite('acct'));

  // A release by a stale owner does not free the new owner's lease; the owner's own does.
  await first.release('acct');
  assert.equal((await first.owners(['acct'])).get('acct'), 'second');
  await second.release('acct');
  assert.equal((await first.owners(['acct'])).get('acct'), undefined);
});
