import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { startTestService, type TestService } from './harness.js';
import { startHookReceiver, type HookReceiver } from './hook-receiver.js';

let svc: TestService;
let hooks: HookReceiver;

before(async () => {
  hooks = await startHookReceiver();
  svc = await startTestService({ demo: { jobSeconds: 0.6 } });
});
after(async () => {
  await svc.close();
  await hooks.close();
});

interface Answer { code: number; description: string; result: string | null; properties: Record<string, unknown> }

test('imagine → progress → SUCCESS with a real image, buttons and hooks; then U2 on the same account', async () => {
  const submitted = await svc.call<Answer>('POST', '/mj/submit/imagine', { prompt: 'a red cat', state: 'mine ✓', notifyHook: hooks.url });
  assert.equal(submitted.status, 200);
  assert.equal(submitted.body.code, 1, submitted.text);
  assert.equal(typeof submitted.body.result, 'string');
  assert.ok(!submitted.text.includes('": '), 'compact JSON');
  const id = submitted.body.result as string;

  const running = await svc.waitForTask(id, (task) => task.status === 'IN_PROGRESS' && task.progress !== '0%');
  assert.match(running.progress, /^\d+%$/);

  const done = await svc.waitForTask(id);
  assert.equal(done.status, 'SUCCESS', done.failReason ?? '');
  assert.equal(done.progress, '100%');
  assert.equal(done.state, 'mine ✓');
  assert.equal(done.action, 'IMAGINE');
  assert.match(done.imageUrl ?? '', /^http:\/\/127\.0\.0\.1:\d+\/.+\.png/);
  const image = await fetch(done.imageUrl as string);
  assert.equal(image.status, 200);
  assert.equal(image.headers.get('content-type'), 'image/png');
  assert.deepEqual(done.buttons.slice(0, 4).map((button) => button.label), ['U1', 'U2', 'U3', 'U4']);
  assert.ok(done.properties.messageHash && done.properties.messageId && (done.properties.finalPrompt ?? '').includes('a red cat'));

  await sleep(200);
  const calls = hooks.callsFor(id);
  assert.ok(calls.some((task) => task.status === 'IN_PROGRESS' && /^\d+%$/.test(task.progress)), 'an IN_PROGRESS hook with a percentage');
  // One terminal hook, and one more once the result is re-hosted at stable URLs (result-hosting.test.ts).
  const successes = calls.filter((task) => task.status === 'SUCCESS').length;
  assert.ok(successes === 1 || successes === 2, `${successes} terminal hooks`);

  const u2 = done.buttons.find((button) => button.label === 'U2');
  assert.ok(u2);
  const upscale = await svc.call<Answer>('POST', '/mj/submit/action', { taskId: id, customId: u2.customId });
  assert.equal(upscale.body.code, 1, upscale.text);
  const upscaled = await svc.waitForTask(upscale.body.result as string);
  assert.equal(upscaled.status, 'SUCCESS', upscaled.failReason ?? '');
  assert.equal(upscaled.action, 'UPSCALE');
  assert.equal(upscaled.description, `/up ${id} U2`);
  assert.equal(upscaled.properties.discordInstanceId, done.properties.discordInstanceId);
  assert.notEqual(upscaled.imageUrl, done.imageUrl);
});

test('two identical prompts at once resolve to their own tasks', async () => {
  const [a, b] = await Promise.all([
    svc.call<Answer>('POST', '/mj/submit/imagine', { prompt: 'twin prompt' }),
    svc.call<Answer>('POST', '/mj/submit/imagine', { prompt: 'twin prompt' }),
  ]);
  const [ta, tb] = await Promise.all([svc.waitForTask(a.body.result as string), svc.waitForTask(b.body.result as string)]);
  assert.equal(ta.status, 'SUCCESS');
  assert.equal(tb.status, 'SUCCESS');
  assert.notEqual(ta.properties.messageHash, tb.properties.messageHash);
  assert.notEqual(ta.properties.messageId, tb.properties.messageId);
});

test('simple-change and change drive the old protocol', async () => {
  const submitted = await svc.call<Answer>('POST', '/mj/submit/imagine', { prompt: 'old protocol dog' });
  const id = submitted.body.result as string;
  await svc.waitForTask(id);
  const variation = await svc.call<Answer>('POST', '/mj/submit/simple-change', { content: `${id} V3` });
  assert.equal(variation.body.code, 1, variation.text);
  const varied = await svc.waitForTask(variation.body.result as string);
  assert.equal(varied.status, 'SUCCESS', varied.failReason ?? '');
  assert.equal(varied.action, 'VARIATION');
  const reroll = await svc.call<Answer>('POST', '/mj/submit/change', { taskId: id, action: 'REROLL' });
  assert.equal(reroll.body.code, 1, reroll.text);
  const rerolled = await svc.waitForTask(reroll.body.result as string);
  assert.equal(rerolled.status, 'SUCCESS', rerolled.failReason ?? '');
  assert.equal(rerolled.action, 'REROLL');
});
