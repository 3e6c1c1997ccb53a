import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import type { MidjourneyEvent } from '../../src/midjourney/events.js';
import { startTestService, type TestService } from './harness.js';
import { submit } from './plus-helpers.js';

let svc: TestService;
let userId: string;

before(async () => {
  svc = await startTestService({ demo: { jobSeconds: 0.3 } });
  userId = svc.sim.info.accounts[0]!.userId;
});
after(() => svc.close());

test('"Action needed to continue" is appealed once and the job goes on', async () => {
  svc.sim.bots.midjourney.setOptions({ appealVerdict: 'approve' });
  svc.sim.bots.midjourney.triggerNext(userId, 'action-needed');
  const answer = await submit(svc, '/submit/imagine', { prompt: 'an appealed painting' });
  const task = await svc.waitForTask(answer.result as string);
  assert.equal(task.status, 'SUCCESS', task.failReason ?? '');
  assert.equal(task.properties.appealed, 'true');
});

test('a denied appeal fails the task with the verdict, not a timeout', async () => {
  svc.sim.bots.midjourney.setOptions({ appealVerdict: 'deny' });
  svc.sim.bots.midjourney.triggerNext(userId, 'action-needed');
  const answer = await submit(svc, '/submit/imagine', { prompt: 'a denied painting' });
  const task = await svc.waitForTask(answer.result as string);
  assert.equal(task.status, 'FAILURE');
  assert.match(task.failReason ?? '', /^\[.+\] /);
});

test('"Pending mod message" fails the task at once, is reported on the account, and clears once acknowledged', async () => {
  const account = svc.service.pool.all()[0]!;
  // The account's state as the notice arrives (the session records it before it tells anyone).
  let noticeOnArrival: string | null = null;
  const onEvent = (event: MidjourneyEvent) => {
    if (event.kind === 'bot-error' && event.code === 'pending-mod') noticeOnArrival = account.state.lock?.reason ?? null;
  };
  account.on('event', onEvent);
  try {
    svc.sim.bots.midjourney.triggerNext(userId, 'pending-mod');
    const answer = await submit(svc, '/submit/imagine', { prompt: 'a pending painting' });
    const task = await svc.waitForTask(answer.result as string);
    assert.equal(task.status, 'FAILURE');
    assert.match(task.failReason ?? '', /Pending mod message/);
    assert.match(noticeOnArrival ?? '', /Pending mod message/);
    // mj-proxy clicks Acknowledge itself; once that went through, health no longer reports the notice.
    const deadline = Date.now() + 10_000;
    for (;;) {
      const health = await svc.call<{ accounts: { moderationNotice?: string | null }[] }>('GET', '/mj/health');
      if (health.body.accounts[0]?.moderationNotice === null) break;
      assert.ok(Date.now() < deadline, `the notice stays: ${JSON.stringify(health.body)}`);
      await sleep(50);
    }
  } finally {
    account.off('event', onEvent);
  }
});

test('the captcha modal fails the task with a clear reason', async () => {
  svc.sim.bots.midjourney.triggerNext(userId, 'captcha');
  const answer = await submit(svc, '/submit/imagine', { prompt: 'a captcha painting' });
  const task = await svc.waitForTask(answer.result as string);
  assert.equal(task.status, 'FAILURE');
  assert.match(task.failReason ?? '', /captcha|human/i);
  // The account is locked until someone verifies it; this file's other tests need it back.
  const account = svc.service.pool.all()[0]!;
  assert.match(account.state.lock?.url ?? '', /\/captcha\/embedded\//);
  assert.equal(account.unlock(), true);
});

test('a silent bot (INTERACTION_FAILURE) fails the task, never leaving it hanging', async () => {
  svc.sim.bots.midjourney.setSilent(true);
  try {
    const answer = await submit(svc, '/submit/imagine', { prompt: 'nobody answers' });
    const task = await svc.waitForTask(answer.result as string);
    assert.equal(task.status, 'FAILURE');
    assert.match(task.failReason ?? '', /Interaction failed/);
  } finally {
    svc.sim.bots.midjourney.setSilent(false);
  }
});

test('an error embed fails exactly its own task, with failReason "[title] description"', async () => {
  svc.sim.bots.midjourney.setBannedWords(['forbiddenfruit']);
  try {
    const [good, bad] = await Promise.all([
      submit(svc, '/submit/imagine', { prompt: 'a garden with apples' }),
      submit(svc, '/submit/imagine', { prompt: 'a garden with forbiddenfruit' }),
    ]);
    const failed = await svc.waitForTask(bad.result as string);
    assert.equal(failed.status, 'FAILURE');
    assert.match(failed.failReason ?? '', /^\[Banned prompt detected\] \S/);
    const fine = await svc.waitForTask(good.result as string);
    assert.equal(fine.status, 'SUCCESS', fine.failReason ?? '');
    const invalid = await submit(svc, '/submit/imagine', { prompt: 'a garden --nonsense 5' });
    const rejected = await svc.waitForTask(invalid.result as string);
    assert.match(rejected.failReason ?? '', /^\[Invalid parameter\] /);
  } finally {
    svc.sim.bots.midjourney.setBannedWords([]);
  }
});
