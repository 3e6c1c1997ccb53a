import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nextSnowflake } from '../../src/lib/snowflake.js';
import type { AccountPool } from '../../src/accounts/account-pool.js';
import { Correlation } from '../../src/tasks/correlation.js';
import { OrphanJobs } from '../../src/tasks/orphans.js';
import { RecentEnds } from '../../src/tasks/recent-ends.js';
import { newTask } from '../../src/tasks/task-factory.js';
import type { Task, TaskStore } from '../../src/tasks/task.js';
import type { TimeoutSettings } from '../../src/tasks/timeout-settings.js';

function ended(status: Task['status'], nonce: string | undefined, startTime: number | null): Task {
  const { task } = newTask({
    action: 'SHORTEN', prompt: 'a cat', promptEn: 'a cat', description: '', botType: 'MID_JOURNEY', mode: 'FAST', accountId: 'A', channelId: 'C',
    job: { kind: 'shorten', prompt: 'a cat' },
  });
  Object.assign(task, { status, startTime, finishTime: Date.now() });
  if (nonce) task.properties.nonce = nonce;
  return task;
}

test('after a restart, a task cancelled while its send was in flight claims its job again; one never sent does not', async () => {
  const sentNonce = nextSnowflake();
  const inFlight = ended('CANCEL', sentNonce, null);
  const neverSent = ended('CANCEL', undefined, null);
  const refused = ended('FAILURE', nextSnowflake(), null);
  const started = ended('CANCEL', nextSnowflake(), Date.now() - 1000);
  const store = { list: async ({ page }: { page: number }) => (page === 0 ? [inFlight, neverSent, refused, started] : []) } as unknown as TaskStore;
  const account = { id: 'A' };
  const pool = { all: () => [account], get: (id: string) => (id === 'A' ? account : undefined) } as unknown as AccountPool;
  const timeouts = { taskMs: () => 60_000 } as unknown as TimeoutSettings;
  const correlation = new Correlation();
  const orphans = new OrphanJobs();
  await new RecentEnds(store, correlation, orphans, pool, timeouts).remember(Date.now() - 10_000);
  assert.deepEqual(orphans.all().map((orphan) => orphan.id).sort(), [inFlight.id, started.id].sort());
  const orphan = orphans.get(inFlight.id);
  assert.equal(orphan?.claims, true);
  assert.ok(Math.abs((orphan?.sentAt ?? 0) - Date.now()) < 5000, 'sent about when its nonce was made');
  assert.deepEqual(correlation.owner('nonce', sentNonce), { id: inFlight.id, live: false });
});
