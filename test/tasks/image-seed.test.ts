import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { silentLogger } from '../../src/lib/logger.js';
import type { AccountSession } from '../../src/accounts/account-session.js';
import { ImageSeeds } from '../../src/tasks/image-seed.js';
import { newTask } from '../../src/tasks/task-factory.js';
import type { TaskContext } from '../../src/tasks/task-context.js';
import { Wording } from '../../src/tasks/wording.js';

test('a /show slower than the seed deadline answers "no seed" and leaves no rejected promise behind', async () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  try {
    const entry = newTask({ action: 'IMAGINE', prompt: 'p', promptEn: 'p', description: '', botType: 'MID_JOURNEY', mode: 'FAST', accountId: 'A', channelId: 'C', job: { kind: 'shorten', prompt: 'p' } });
    entry.task.status = 'SUCCESS';
    entry.task.properties.messageHash = '0ddb91a0-af46-4ae9-8e8e-c271074eb6e6';
    const slowAccount = {
      usable: true,
      dmChannel: () => Promise.resolve('dm'),
      sendCommand: () => sleep(120).then(() => 'nonce'),
    } as unknown as AccountSession;
    const ctx = {
      registry: { get: () => Promise.resolve(entry), commit: () => Promise.resolve() },
      pool: { get: () => slowAccount },
      wording: new Wording(true),
      logger: silentLogger,
    } as unknown as TaskContext;
    const answer = await new ImageSeeds(ctx, 20).seedOf(entry.task.id);
    assert.equal(answer.code, 9);
    await sleep(50);
    assert.deepEqual(unhandled, []);
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
});
