/**
 * Fast hours over real sockets: an account whose fast hours run out mid-run switches itself to
 * relax, fast work goes to an account that still has some (or runs relaxed where only relax is
 * left), and the account switches back once /info shows the renewed hours. With
 * `fastExhausted: refuse` fast work is refused with code 3 instead.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import type { AccountHealth } from '../../src/tasks/api-port.js';
import { startTestService, type TestService } from './harness.js';
import { submit, succeed } from './plus-helpers.js';

/** One simulated job's worth of fast time (the simulator charges a minute per job). */
const ONE_JOB_HOURS = 1 / 60;
// /info looks again every ~1 s while the fast hours are used up; at most one /info per 0.2 s.
const QUICK_SYNC = { everyMinutes: 60, exhaustedEveryMinutes: 1 / 60, minIntervalSeconds: 0.2 };

async function waitForAccount(svc: TestService, id: string, done: (account: AccountHealth) => boolean, what: string): Promise<AccountHealth> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const health = await svc.call<{ accounts: AccountHealth[] }>('GET', '/mj/health');
    const account = health.body.accounts.find((found) => found.instanceId === id);
    if (account && done(account)) return account;
    assert.ok(Date.now() < deadline, `${what}: ${JSON.stringify(account)}`);
    await sleep(50);
  }
}

const endpointsOf = (sim: Simulator) => ({ apiBaseUrl: sim.info.apiBaseUrl, gatewayUrl: sim.info.gatewayUrl, activityBaseUrl: sim.info.activityBaseUrl });

describe('fast hours running out mid-run (fastExhausted: relax)', () => {
  let sim: Simulator;
  let svc: TestService;
  let a: Simulator['info']['accounts'][number];
  let b: Simulator['info']['accounts'][number];

  before(async () => {
    sim = await startSimulator({ jobSeconds: 0.3, accounts: 2 });
    [a, b] = sim.info.accounts as [typeof a, typeof b];
    // Different plans: A has one fast job left, B a full month.
    sim.bots.midjourney.setAccountState(a.userId, { fastHoursLeft: ONE_JOB_HOURS });
    svc = await startTestService({
      discord: endpointsOf(sim), accountSync: QUICK_SYNC,
      accounts: [{ ...a, remark: 'alpha', coreSize: 1 }, { ...b, remark: 'beta' }],
    });
  });
  after(async () => {
    await svc.close();
    await sim.close();
  });

  test('the account moves to relax, FAST work goes elsewhere, and it switches back when the hours return', async () => {
    // A runs one job at a time: the second waits for the first, the third behind it.
    const onA = { mode: 'FAST', accountFilter: { instanceId: a.channelId } };
    const lastHour = await submit(svc, '/submit/imagine', { prompt: 'the last fast hour', ...onA });
    const oneTooMany = await submit(svc, '/submit/imagine', { prompt: 'one too many', ...onA });
    const queued = await submit(svc, '/submit/imagine', { prompt: 'queued fast work', ...onA });
    assert.deepEqual([lastHour.code, oneTooMany.code, queued.code], [1, 22, 22]);
    const last = await svc.waitForTask(lastHour.result as string);
    assert.match(last.properties.messageContent ?? '', /\(fast\)$/);
    assert.equal(sim.bots.midjourney.getAccountState(a.userId).fastHoursLeft, 0);
    // Midjourney answers the next fast job with "Credits exhausted": that task fails; the one behind it,
    // pinned to A by its accountFilter, is not moved to B but runs relaxed on A (fastExhausted: relax).
    const failed = await svc.waitForTask(oneTooMany.result as string);
    assert.match(failed.failReason ?? '', /^\[Credits exhausted\]/);
    const stayed = await svc.waitForTask(queued.result as string);
    assert.equal(stayed.status, 'SUCCESS', stayed.failReason ?? '');
    assert.equal(stayed.properties.discordInstanceId, a.channelId);
    assert.equal(stayed.mode, 'RELAX');
    assert.match(stayed.properties.messageContent ?? '', /\(relaxed\)$/);
    await waitForAccount(svc, a.channelId, (account) => account.fastExhausted && account.mode === 'RELAX', 'A never switched to relax');
    assert.equal(sim.bots.midjourney.getAccountState(a.userId).mode, 'relax');

    for (const n of [1, 2, 3]) {
      const task = await succeed(svc, '/submit/imagine', { prompt: `fast work ${n}`, mode: 'FAST' });
      assert.equal(task.properties.discordInstanceId, b.channelId, 'FAST work goes to the account with fast hours');
      assert.equal(task.mode, 'FAST');
    }
    // Pinned to A, FAST work runs relaxed there instead of failing.
    const relaxed = await succeed(svc, '/submit/imagine', { prompt: 'pinned fast', mode: 'FAST', accountFilter: { instanceId: a.channelId } });
    assert.equal(relaxed.mode, 'RELAX');
    assert.match(relaxed.properties.messageContent ?? '', /\(relaxed\)$/);

    sim.bots.midjourney.renewFastHours(a.userId);
    const back = await waitForAccount(svc, a.channelId, (account) => !account.fastExhausted && account.mode === 'FAST', 'A never switched back to fast');
    assert.equal(back.lock, null);
    assert.equal(sim.bots.midjourney.getAccountState(a.userId).mode, 'fast');
    const renewed = await succeed(svc, '/submit/imagine', { prompt: 'renewed fast', mode: 'FAST', accountFilter: { instanceId: a.channelId } });
    assert.equal(renewed.mode, 'FAST');
    assert.match(renewed.properties.messageContent ?? '', /\(fast\)$/);
  });
});

describe('fastExhausted: refuse', () => {
  let sim: Simulator;
  let svc: TestService;
  let a: Simulator['info']['accounts'][number];

  before(async () => {
    sim = await startSimulator({ jobSeconds: 0.3, accounts: 1 });
    a = sim.info.accounts[0]!;
    sim.bots.midjourney.setAccountState(a.userId, { fastHoursLeft: 0 });
    svc = await startTestService({ discord: endpointsOf(sim), accountSync: QUICK_SYNC, accounts: [{ ...a, fastExhausted: 'refuse' }] });
  });
  after(async () => {
    await svc.close();
    await sim.close();
  });

  test('FAST work is refused with code 3 while relaxed work still runs', async () => {
    await waitForAccount(svc, a.channelId, (account) => account.fastExhausted && account.mode === 'RELAX', 'the startup /info did not show the exhaustion');
    const fast = await submit(svc, '/submit/imagine', { prompt: 'a fast wish', mode: 'FAST' });
    assert.equal(fast.code, 3, JSON.stringify(fast));
    assert.match(fast.description, /fastExhausted|快速时长/);
    // The account's default mode is FAST: a task that names no mode is fast work too.
    assert.equal((await submit(svc, '/submit/imagine', { prompt: 'a default wish' })).code, 3);
    const relaxed = await succeed(svc, '/submit/imagine', { prompt: 'a relaxed wish', mode: 'RELAX' });
    assert.equal(relaxed.mode, 'RELAX');
  });
});
