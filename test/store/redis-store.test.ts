/** What only Redis has: the TTL from the retention, and index entries outliving an expired task. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { silentLogger } from '../../src/lib/logger.js';
import { openStore } from '../../src/store/index.js';
import { TTL_GRACE_MS } from '../../src/store/redis/redis-task-store.js';
import { backendNamed } from './backends.js';
import { entry } from './store-suite.js';

const DAY = 24 * 3600_000;

test('redis: a finished task expires retentionDays (and a day of grace) after its submission; unfinished ones never', async (t) => {
  const place = await backendNamed('redis').create();
  const client = new Redis(place.url);
  const store = await openStore({ url: place.url, keyPrefix: place.keyPrefix, retentionDays: 30 }, silentLogger);
  t.after(async () => {
    await store.close();
    client.disconnect();
    await place.drop();
  });
  const submitTime = Date.now() - DAY;
  const key = (n: number) => `${place.keyPrefix}task:${entry(n).task.id}`;

  await store.tasks.save(entry(1, { status: 'IN_PROGRESS', submitTime }));
  assert.equal(await client.pttl(key(1)), -1);
  await store.tasks.save(entry(1, { status: 'SUCCESS', submitTime }));
  const expected = submitTime + 30 * DAY + TTL_GRACE_MS;
  assert.ok(Math.abs(Number(await client.pexpiretime(key(1))) - expected) < 1000);

  // Expired before the pruner came: the pruner still clears its index entries and names it.
  await store.tasks.save(entry(2, { status: 'FAILURE', submitTime: Date.now() - 40 * DAY, account: 'acc-x', action: 'ZOOM' }));
  assert.equal(await client.exists(key(2)), 0);
  assert.equal((await store.tasks.search({ page: 0, size: 5, accountId: 'acc-x' })).total, 1);
  assert.deepEqual(await store.tasks.deleteFinishedBefore(Date.now() - 30 * DAY, 10), [entry(2).task.id]);
  for (const index of ['tasks', 'status:FAILURE', 'action:ZOOM', 'account:acc-x']) {
    assert.equal(await client.zscore(`${place.keyPrefix}${index}`, entry(2).task.id), null, index);
  }
});

test('redis: with retentionDays 0 nothing expires', async (t) => {
  const place = await backendNamed('redis').create();
  const client = new Redis(place.url);
  const store = await openStore({ url: place.url, keyPrefix: place.keyPrefix, retentionDays: 0 }, silentLogger);
  t.after(async () => {
    await store.close();
    client.disconnect();
    await place.drop();
  });
  await store.tasks.save(entry(1, { status: 'SUCCESS', submitTime: Date.now() - 400 * DAY }));
  assert.equal(await client.pttl(`${place.keyPrefix}task:${entry(1).task.id}`), -1);
});
