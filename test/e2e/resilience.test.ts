import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { startTestService, type TestService } from './harness.js';
import { dataUrl, pngBase64 } from './images.js';
import { submit } from './plus-helpers.js';

let svc: TestService;

before(async () => {
  svc = await startTestService({ demo: { jobSeconds: 1.2 } });
});
after(() => svc.close());

test('a socket dropped mid-job: the gateway resumes, missed messages are replayed, the job completes', async () => {
  const answer = await submit(svc, '/submit/imagine', { prompt: 'dropped in the middle' });
  await svc.waitForTask(answer.result as string, (task) => task.status === 'IN_PROGRESS');
  svc.sim.faults.dropConnections();
  const task = await svc.waitForTask(answer.result as string);
  assert.equal(task.status, 'SUCCESS', task.failReason ?? '');
});

test('op 7 and op 9 mid-job: the job still completes', async () => {
  const answer = await submit(svc, '/submit/imagine', { prompt: 'reconnect in the middle' });
  await svc.waitForTask(answer.result as string, (task) => task.status === 'IN_PROGRESS');
  svc.sim.faults.sendReconnect();
  await sleep(100);
  svc.sim.faults.sendInvalidSession(true);
  const task = await svc.waitForTask(answer.result as string);
  assert.equal(task.status, 'SUCCESS', task.failReason ?? '');
});

/** A session that is not resumed loses what Discord said meanwhile; a READY that comes late widens the gap. */
for (const [name, breakSession] of [
  ['op 9 d:false', () => svc.sim.faults.sendInvalidSession(false)],
  ['a refused RESUME', () => {
    svc.sim.faults.rejectNextResume();
    svc.sim.faults.dropConnections();
  }],
  ['close 4009', () => svc.sim.faults.closeConnections(4009, 'Session timed out')],
] as const) {
  test(`${name} mid-job with a slow READY: the result said meanwhile is read back from the channel`, async () => {
    const answer = await submit(svc, '/submit/imagine', { prompt: `not resumed after ${name}` });
    const id = answer.result as string;
    await svc.waitForTask(id, (task) => task.status === 'IN_PROGRESS');
    svc.sim.faults.delayNextReady(2500);
    breakSession();
    const task = await svc.waitForTask(id, undefined, 15_000);
    assert.equal(task.status, 'SUCCESS', task.failReason ?? '');
    const job = svc.sim.ledger.snapshot().jobs.find((j) => j.id === task.properties.messageHash);
    assert.equal(job?.finalMessageId, task.properties.messageId);
    const health = await svc.call<{ accounts: { status: string }[] }>('GET', '/mj/health');
    assert.equal(health.body.accounts[0]?.status, 'ready');
  });
}

/**
 * The session breaks before the gateway told which interaction the request became: only the
 * channel read back after READY knows the job, and a blend echoes no words to recognise it by.
 */
for (const [action, path, body] of [
  ['an imagine', '/submit/imagine', async () => ({ prompt: 'unheard from the start' })],
  ['a blend', '/submit/blend', async () => {
    const [red, blue] = await Promise.all([pngBase64({ r: 200, g: 30, b: 30 }), pngBase64({ r: 30, g: 30, b: 200 })]);
    return { base64Array: [dataUrl(red ?? ''), dataUrl(blue ?? '')] };
  }],
] as const) {
  test(`${action} whose every gateway event is lost with the session: the read back after READY finds its job`, async () => {
    const jobs = () => svc.sim.ledger.snapshot().jobs;
    const before = jobs().length;
    svc.sim.faults.holdDispatches(60_000);
    const answer = await submit(svc, path, await body());
    const id = answer.result as string;
    while (!jobs().slice(before).some((job) => job.status === 'done')) await sleep(50);
    svc.sim.faults.delayNextReady(1000);
    svc.sim.faults.sendInvalidSession(false);
    const task = await svc.waitForTask(id, undefined, 15_000);
    assert.equal(task.status, 'SUCCESS', task.failReason ?? '');
    const job = jobs().find((j) => j.id === task.properties.messageHash);
    assert.equal(job?.finalMessageId, task.properties.messageId);
  });
}

/**
 * Two blends of two images each echo nothing to tell them apart by. Had both been anonymous at once
 * when the session broke, the read back would show two finals that either could own, and both paid
 * jobs would be lost: the second is sent only once the first is known.
 */
test('two blends alike, the session lost before either start message: each gets its own job', async () => {
  const jobs = () => svc.sim.ledger.snapshot().jobs;
  const before = jobs().length;
  const images = async (r: number) => (await Promise.all([pngBase64({ r, g: 30, b: 30 }), pngBase64({ r: 30, g: 30, b: r })])).map((png) => dataUrl(png ?? ''));
  svc.sim.faults.holdDispatches(60_000);
  const ids = await Promise.all([200, 120].map(async (r) => (await submit(svc, '/submit/blend', { base64Array: await images(r) })).result as string));
  while (!jobs().slice(before).some((job) => job.status === 'done')) await sleep(50);
  svc.sim.faults.delayNextReady(1000);
  svc.sim.faults.sendInvalidSession(false);
  const tasks = await Promise.all(ids.map((id) => svc.waitForTask(id, undefined, 15_000)));
  for (const task of tasks) {
    assert.equal(task.status, 'SUCCESS', task.failReason ?? '');
    assert.equal(jobs().find((j) => j.id === task.properties.messageHash)?.finalMessageId, task.properties.messageId);
  }
  assert.notEqual(tasks[0]?.properties.messageHash, tasks[1]?.properties.messageHash);
});

test('Discord answering 429 to an interaction: the request waits retry_after and goes through', async () => {
  svc.sim.faults.rateLimitInteractions(1, { retryAfterSeconds: 0.2, scope: 'user' });
  const answer = await submit(svc, '/submit/imagine', { prompt: 'rate limited once' });
  const task = await svc.waitForTask(answer.result as string);
  assert.equal(task.status, 'SUCCESS', task.failReason ?? '');
});

test('a reconnectable close code (4000) never disables the account', async () => {
  svc.sim.faults.closeConnections(4000, 'unknown error');
  await sleep(300);
  const answer = await submit(svc, '/submit/imagine', { prompt: 'after 4000' });
  assert.equal(answer.code, 1, JSON.stringify(answer));
  const task = await svc.waitForTask(answer.result as string);
  assert.equal(task.status, 'SUCCESS', task.failReason ?? '');
  const health = await svc.call<{ accounts: { status: string }[] }>('GET', '/mj/health');
  assert.equal(health.body.accounts[0]?.status, 'ready');
});

test('4004 stops the account with its reason: its tasks fail, new submits get code 3', async () => {
  const own = await startTestService({ demo: { jobSeconds: 3 } });
  try {
    const answer = await submit(own, '/submit/imagine', { prompt: 'token revoked' });
    await own.waitForTask(answer.result as string, (task) => task.status === 'IN_PROGRESS');
    own.sim.faults.closeConnections(4004, 'Authentication failed.');
    const task = await own.waitForTask(answer.result as string);
    assert.equal(task.status, 'FAILURE');
    assert.match(task.failReason ?? '', /4004|Authentication failed/);
    const health = await own.call<{ accounts: { status: string; disabledReason: string | null }[] }>('GET', '/mj/health');
    assert.equal(health.body.accounts[0]?.status, 'stopped');
    assert.match(health.body.accounts[0]?.disabledReason ?? '', /4004|Authentication failed/);
    const refused = await submit(own, '/submit/imagine', { prompt: 'after 4004' });
    assert.equal(refused.code, 3);
  } finally {
    await own.close();
  }
});
