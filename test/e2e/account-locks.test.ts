/**
 * Locks that need a human, over real sockets: a captcha locks the account (reason and verification
 * link on it, /mj/health and the stats show it), its waiting tasks move to another account their
 * accountFilter allows (one pinned to it fails with the lock's reason), it takes no new work, and
 * POST /mj/account/{id}/unlock returns it to service. "Blocked" locks the same way; with nowhere to
 * go, waiting tasks fail with the lock's reason.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import type { AccountHealth } from '../../src/tasks/api-port.js';
import { startTestService, type TestService } from './harness.js';
import { submit, succeed } from './plus-helpers.js';

const ADMIN = { 'mj-api-secret': 'locks-admin-secret' };

let sim: Simulator;
let svc: TestService;
let a: Simulator['info']['accounts'][number];
let b: Simulator['info']['accounts'][number];

before(async () => {
  sim = await startSimulator({ jobSeconds: 1, accounts: 2 });
  [a, b] = sim.info.accounts as [typeof a, typeof b];
  svc = await startTestService({
    server: { adminSecret: ADMIN['mj-api-secret'] },
    discord: { apiBaseUrl: sim.info.apiBaseUrl, gatewayUrl: sim.info.gatewayUrl, activityBaseUrl: sim.info.activityBaseUrl },
    // A runs one job at a time, so the next ones wait on it.
    accounts: [{ ...a, coreSize: 1, queueSize: 5 }, { ...b, coreSize: 1, queueSize: 5 }],
  });
});
after(async () => {
  await svc.close();
  await sim.close();
});

const healthOf = async (id: string): Promise<AccountHealth> => {
  const health = await svc.call<{ accounts: AccountHealth[] }>('GET', '/mj/health');
  const found = health.body.accounts.find((account) => account.instanceId === id);
  assert.ok(found, `no account ${id} in /mj/health`);
  return found;
};

const onA = (prompt: string) => submit(svc, '/submit/imagine', { prompt, accountFilter: { instanceId: a.channelId } });

/** A job running on A (the next job, not this one, meets the trigger set afterwards). */
async function keepABusy(prompt: string): Promise<void> {
  const busy = await onA(prompt);
  assert.equal(busy.code, 1, JSON.stringify(busy));
  await svc.waitForTask(busy.result as string, (task) => task.status === 'IN_PROGRESS');
}

test('a captcha locks the account: its waiting tasks move where their filter allows, those pinned to it fail; unlock returns it to service', async () => {
  await keepABusy('keeps A busy');
  // B runs one job with three waiting: the unpinned tasks below go to A, whose backlog is shorter.
  const onB = (prompt: string) => submit(svc, '/submit/imagine', { prompt, accountFilter: { instanceId: b.channelId } });
  const onBusyB = [await onB('keeps B busy'), await onB('waits on B one'), await onB('waits on B two'), await onB('waits on B three')];
  sim.bots.midjourney.triggerNext(a.userId, 'captcha');
  const captcha = await onA('meets the captcha');
  const movable = [await submit(svc, '/submit/imagine', { prompt: 'waits on A, unpinned one' }), await submit(svc, '/submit/imagine', { prompt: 'waits on A, unpinned two' })];
  const pinned = await onA('waits on A, pinned');
  for (const answer of [captcha, ...movable, pinned]) {
    assert.equal(answer.code, 22, JSON.stringify(answer));
    const task = await svc.call<{ properties: { discordInstanceId: string } }>('GET', `/mj/task/${answer.result as string}/fetch`);
    assert.equal(task.body.properties.discordInstanceId, a.channelId, 'waiting on A');
  }

  const failed = await svc.waitForTask(captcha.result as string);
  assert.equal(failed.status, 'FAILURE');
  assert.match(failed.failReason ?? '', /human/i);
  for (const answer of movable) {
    const moved = await svc.waitForTask(answer.result as string);
    assert.equal(moved.status, 'SUCCESS', moved.failReason ?? '');
    assert.equal(moved.properties.discordInstanceId, b.channelId, 'a waiting task moved to the other account');
  }
  // Its accountFilter names A only: it is not run on another account.
  const stayed = await svc.waitForTask(pinned.result as string);
  assert.equal(stayed.status, 'FAILURE');
  assert.match(stayed.failReason ?? '', /Action required to continue/);
  for (const answer of onBusyB) assert.equal((await svc.waitForTask(answer.result as string)).status, 'SUCCESS');

  const locked = await healthOf(a.channelId);
  assert.match(locked.lock?.reason ?? '', /Action required to continue/);
  assert.match(locked.lock?.url ?? '', /^http:\/\/127\.0\.0\.1:\d+\/.*\/captcha\/embedded\//);
  assert.ok((locked.lock?.since ?? 0) > 0);
  const stats = await svc.call<{ result: { accounts: { up: number; locked: number } } }>('GET', '/mj/admin/stats', undefined, ADMIN);
  assert.deepEqual(stats.body.result.accounts, { up: 1, down: 0, locked: 1 });

  // No new work for A: unpinned work goes to B, work pinned to A finds no account.
  const unpinned = await succeed(svc, '/submit/imagine', { prompt: 'while A is locked' });
  assert.equal(unpinned.properties.discordInstanceId, b.channelId);
  assert.equal((await onA('pinned to a locked account')).code, 3);

  const plain = await svc.call('POST', `/mj/account/${a.channelId}/unlock`);
  assert.equal(plain.status, 401, 'unlock needs the admin secret');
  const unlock = await svc.call<{ code: number; result: { lock: null; cleared?: string } }>('POST', `/mj/account/${a.channelId}/unlock`, undefined, ADMIN);
  assert.equal(unlock.body.code, 1);
  assert.match(unlock.body.result.cleared ?? '', /Action required/);
  assert.equal((await healthOf(a.channelId)).lock, null);
  const back = await onA('A is back');
  const done = await svc.waitForTask(back.result as string);
  assert.equal(done.status, 'SUCCESS', done.failReason ?? '');
  assert.equal(done.properties.discordInstanceId, a.channelId);
  const unknown = await svc.call<{ code: number }>('POST', '/mj/account/404404/unlock', undefined, ADMIN);
  assert.equal(unknown.body.code, 3);
});

test('"Blocked" locks the account; with no other account to take them, its waiting tasks fail with the reason', async () => {
  sim.bots.midjourney.triggerNext(b.userId, 'blocked');
  const onB = (prompt: string) => submit(svc, '/submit/imagine', { prompt, accountFilter: { instanceId: b.channelId } });
  const blocked = await onB('meets the block');
  const task = await svc.waitForTask(blocked.result as string);
  assert.match(task.failReason ?? '', /^\[Blocked\]/);
  assert.match((await healthOf(b.channelId)).lock?.reason ?? '', /^\[Blocked\]/);

  // Now A alone takes work; lock it with tasks waiting and nowhere to send them.
  await keepABusy('keeps A busy again');
  sim.bots.midjourney.triggerNext(a.userId, 'subscription-required');
  const first = await onA('meets the subscription wall');
  const stranded = await onA('stranded on A');
  assert.equal(stranded.code, 22, JSON.stringify(stranded));
  const failed = await svc.waitForTask(stranded.result as string);
  assert.equal(failed.status, 'FAILURE');
  assert.match(failed.failReason ?? '', /Subscription required/);
  assert.match((await svc.waitForTask(first.result as string)).failReason ?? '', /^\[Subscription required\]/);
  assert.equal((await submit(svc, '/submit/imagine', { prompt: 'nobody is free' })).code, 3);

  for (const id of [a.channelId, b.channelId]) {
    assert.equal((await svc.call<{ code: number }>('POST', `/mj/account/${id}/unlock`, undefined, ADMIN)).body.code, 1);
    assert.equal((await healthOf(id)).lock, null);
  }
  await succeed(svc, '/submit/imagine', { prompt: 'both are back' });
});

test('a gateway close that can be reconnected locks nothing', async () => {
  const account = svc.service.pool.get(a.channelId)!;
  const seen: string[] = [];
  const onStatus = (status: string) => seen.push(status);
  account.on('status', onStatus);
  try {
    assert.equal(sim.faults.closeConnections(4000, 'unknown error', a.userId), 1);
    const deadline = Date.now() + 15_000;
    while (!(seen.some((status) => status !== 'ready') && account.ready)) {
      assert.ok(Date.now() < deadline, `A never came back: ${seen.join(', ')}`);
      await sleep(20);
    }
  } finally {
    account.off('status', onStatus);
  }
  assert.equal((await healthOf(a.channelId)).lock, null);
  const done = await svc.waitForTask((await onA('after the reconnect')).result as string);
  assert.equal(done.status, 'SUCCESS', done.failReason ?? '');
});
