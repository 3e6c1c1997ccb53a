/**
 * An interaction is never sent twice by accident: when Discord's answer is lost, the gateway
 * decides whether it went through; only when it shows nothing is it sent once more, with a new nonce.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LedgerInteraction } from '../../src/sim/index.js';
import { startTestService, type TestService } from './harness.js';
import { dataUrl, pngBase64 } from './images.js';
import { submit, succeed } from './plus-helpers.js';

let svc: TestService;

before(async () => {
  svc = await startTestService({ demo: { jobSeconds: 0.4 } });
});
after(() => svc.close());

const interactionsFor = (match: (i: LedgerInteraction) => boolean) => svc.sim.ledger.snapshot().interactions.filter(match);
const jobsOf = (interaction: LedgerInteraction) => svc.sim.ledger.snapshot().jobs.filter((job) => job.interactionId === interaction.id);

test('processed, then answered 502: the gateway shows it went through, one job, the task goes on', async () => {
  svc.sim.faults.failInteractions(1, 502, { processed: true });
  const task = await succeed(svc, '/submit/imagine', { prompt: 'answered 502 after all' });
  const sent = interactionsFor((i) => i.request.prompt === 'answered 502 after all');
  assert.equal(sent.length, 1, 'one interaction reached Discord');
  assert.equal(sent[0]?.nonce, task.properties.nonce);
  assert.equal(jobsOf(sent[0]!)[0]?.id, task.properties.messageHash);
});

test('processed, then the connection reset: one job, for a command and for a button click', async () => {
  svc.sim.faults.resetInteractions(1, { processed: true });
  const grid = await succeed(svc, '/submit/imagine', { prompt: 'reset after processing' });
  assert.equal(interactionsFor((i) => i.request.prompt === 'reset after processing').length, 1);
  svc.sim.faults.resetInteractions(1, { processed: true });
  const customId = grid.buttons.find((b) => b.label === 'U2')?.customId ?? '';
  const answer = await submit(svc, '/submit/action', { taskId: grid.id, customId });
  const upscale = await svc.waitForTask(answer.result as string);
  assert.equal(upscale.status, 'SUCCESS', upscale.failReason ?? '');
  assert.equal(interactionsFor((i) => i.request.name === customId).length, 1, 'the click reached Discord once');
});

test('a 502 before processing: nothing on the gateway, so it is sent once more with a new nonce', async () => {
  svc.sim.faults.failInteractions(1, 502);
  const task = await succeed(svc, '/submit/imagine', { prompt: 'lost before processing' });
  const sent = interactionsFor((i) => i.request.prompt === 'lost before processing');
  assert.equal(sent.length, 1);
  assert.equal(sent[0]?.nonce, task.properties.nonce, 'the task follows the nonce that went through');
});

test('uploads then a command reset before processing: the resend reuses the uploads, one blend job', async () => {
  const [red, blue] = await Promise.all([pngBase64({ r: 220, g: 20, b: 20 }), pngBase64({ r: 20, g: 20, b: 220 })]);
  svc.sim.faults.resetInteractions(1);
  const before = interactionsFor((i) => i.request.name === 'blend').length;
  const task = await succeed(svc, '/submit/blend', { base64Array: [dataUrl(red ?? ''), dataUrl(blue ?? '')] });
  const blends = interactionsFor((i) => i.request.name === 'blend').slice(before);
  assert.equal(blends.length, 1);
  assert.equal(blends[0]?.nonce, task.properties.nonce);
  assert.equal(blends[0]?.request.uploads.length, 2);
  const stored = await svc.service.tasks.registry.get(task.id);
  assert.doesNotMatch(JSON.stringify(stored?.runtime.request), /base64/, 'the images left the task once Discord had them');
});

test('Discord answering 429 to an interaction: the request waits retry_after and goes through once', async () => {
  svc.sim.faults.rateLimitInteractions(1, { retryAfterSeconds: 0.2, scope: 'user' });
  await succeed(svc, '/submit/imagine', { prompt: 'rate limited, then sent' });
  assert.equal(interactionsFor((i) => i.request.prompt === 'rate limited, then sent').length, 1);
});

test('processed, the answer lost, then a session that is not resumed: the channel read back decides before any resend', async () => {
  const prompt = 'lost answer, lost session';
  svc.sim.faults.holdDispatches(60_000);
  svc.sim.faults.resetInteractions(1, { processed: true });
  // The read back outlasts the live gateway's window: only the channel can tell that the job ran.
  svc.sim.faults.slowChannelReads(7000);
  try {
    const answer = await submit(svc, '/submit/imagine', { prompt });
    const jobs = () => interactionsFor((i) => i.request.prompt === prompt).flatMap(jobsOf);
    while (!jobs().some((job) => job.status === 'done')) await new Promise((resolve) => setTimeout(resolve, 50));
    svc.sim.faults.delayNextReady(300);
    svc.sim.faults.sendInvalidSession(false);
    const task = await svc.waitForTask(answer.result as string, undefined, 30_000);
    assert.equal(task.status, 'SUCCESS', task.failReason ?? '');
    assert.equal(interactionsFor((i) => i.request.prompt === prompt).length, 1, 'sent once');
    assert.equal(jobs()[0]?.id, task.properties.messageHash);
  } finally {
    svc.sim.faults.reset();
  }
});
