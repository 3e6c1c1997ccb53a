/**
 * The cluster's fenced store on a real store: saves carry the account's token, a save after a newer
 * owner wrote the task is refused and the instance is told to stop running that account; a task of
 * an account this instance never ran is written unfenced.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fencedStore } from '../../src/cluster/fenced-store.js';
import { silentLogger } from '../../src/lib/logger.js';
import { openStore } from '../../src/store/index.js';
import { FencedOutError } from '../../src/tasks/task.js';
import { backendNamed } from '../store/backends.js';
import { entry } from '../store/store-suite.js';

test('a stale owner\'s save is refused by the store and stops the account there; a newer owner writes on', async (t) => {
  const place = await backendNamed('sqlite').create();
  t.after(() => place.drop());
  const store = await openStore({ url: place.url }, silentLogger);
  t.after(() => store.close());
  const stopped: string[] = [];
  const tokens = new Map([['acc-1', 1]]);
  const stale = fencedStore(store.tasks, (accountId) => tokens.get(accountId), (accountId) => stopped.push(accountId));
  const successor = fencedStore(store.tasks, () => 2, () => assert.fail('the owner in force is never fenced out'));

  await stale.save(entry(1, { status: 'SUBMITTED' }));
  await successor.save(entry(1, { status: 'IN_PROGRESS' }));
  await assert.rejects(stale.save(entry(1, { status: 'FAILURE', failReason: 'stale' })), FencedOutError);
  assert.deepEqual(stopped, ['acc-1']);
  assert.equal((await store.tasks.get(entry(1).task.id))?.task.status, 'IN_PROGRESS');

  // No token for the account here: a new task, anyone's to write (and reads pass through).
  await stale.save(entry(2, { status: 'NOT_START', account: 'acc-9' }));
  assert.equal((await stale.getTask(entry(2).task.id))?.status, 'NOT_START');
  await successor.save(entry(1, { status: 'SUCCESS' }));
  assert.equal((await store.tasks.get(entry(1).task.id))?.task.status, 'SUCCESS');
});
