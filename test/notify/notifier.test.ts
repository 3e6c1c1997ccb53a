import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { deferred } from '../../src/lib/deferred.js';
import { silentLogger } from '../../src/lib/logger.js';
import { createNotifier, type Notifier, type NotifierOptions } from '../../src/notify/index.js';
import { notifyRank } from '../../src/tasks/notify-rank.js';
import type { Task, TaskStatus } from '../../src/tasks/task.js';
import { HookReceiver, until } from './hook-receiver.js';

function task(id: string, status: TaskStatus, progress = '0%', notifyHook = ''): Task {
  return {
    id, action: 'IMAGINE', status, prompt: 'cat', promptEn: 'cat', description: '/imagine cat', state: 's',
    submitTime: 1, startTime: null, finishTime: null, progress, imageUrl: null, imageUrls: null, videoUrl: null,
    videoUrls: null, seed: null, failReason: null, properties: { notifyHook }, buttons: [], botType: 'MID_JOURNEY',
    mode: 'FAST',
  };
}

async function receiver(t: TestContext): Promise<HookReceiver> {
  const started = await HookReceiver.start();
  t.after(() => started.close());
  return started;
}

function notifier(t: TestContext, options: Partial<NotifierOptions>): Notifier {
  const created = createNotifier({
    defaultHook: '', concurrency: 4, timeoutMs: 2000, maxAttempts: 3, logger: silentLogger, retryBaseMs: 5,
    retryMaxMs: 20, closeTimeoutMs: 1000, ...options,
  });
  t.after(() => created.close());
  return created;
}

const label = (calls: Task[]): string[] => calls.map((call) => `${call.status}:${call.progress}`);

test('rank orders the lifecycle and progress, with every terminal state on top', () => {
  const ranks = [
    task('1', 'MODAL'), task('1', 'NOT_START'), task('1', 'SUBMITTED'), task('1', 'IN_PROGRESS', '5%'),
    task('1', 'IN_PROGRESS', '50%'), task('1', 'IN_PROGRESS', '100%'), task('1', 'SUCCESS', '100%'),
  ].map(notifyRank);
  assert.deepEqual([...ranks].sort((a, b) => a - b), ranks);
  assert.equal(new Set(ranks).size, ranks.length);
  assert.equal(notifyRank(task('1', 'CANCEL')), notifyRank(task('1', 'FAILURE', '')));
});

test('calls arrive in order; waiting updates coalesce to the newest; late and repeated ones are dropped', async (t) => {
  const hook = await receiver(t);
  const firstHeld = deferred<number>();
  hook.answer = (_task, callNo) => (callNo === 1 ? firstHeld.promise : 200);
  const hooks = notifier(t, { defaultHook: hook.url });

  hooks.notify(task('7', 'SUBMITTED'));
  await until(() => hook.calls.length === 1, 'first call in flight');
  hooks.notify(task('7', 'IN_PROGRESS', '10%'));
  hooks.notify(task('7', 'IN_PROGRESS', '60%'));
  hooks.notify(task('7', 'IN_PROGRESS', '30%'));
  firstHeld.resolve(200);
  await until(() => hooks.stats().busyTasks === 0, 'idle');
  hooks.notify(task('7', 'IN_PROGRESS', '80%'));
  hooks.notify(task('7', 'SUCCESS', '100%'));
  hooks.notify(task('7', 'IN_PROGRESS', '90%'));
  hooks.notify(task('7', 'SUCCESS', '100%'));
  hooks.notify(task('7', 'FAILURE', '100%'));
  await until(() => hooks.stats().busyTasks === 0, 'idle');
  // A snapshot after the task is forgotten is still recognised as late.
  hooks.notify(task('7', 'IN_PROGRESS', '95%'));

  assert.deepEqual(label(hook.calls), ['SUBMITTED:0%', 'IN_PROGRESS:60%', 'IN_PROGRESS:80%', 'SUCCESS:100%']);
  assert.deepEqual(hooks.stats(), { delivered: 4, failed: 0, dropped: 5, coalesced: 1, retries: 0, busyTasks: 0 });
});

test('after the terminal call only a changed snapshot of the same status goes out (results re-hosted), even once forgotten', async (t) => {
  const hook = await receiver(t);
  const hooks = notifier(t, { defaultHook: hook.url });
  const withImage = (url: string) => ({ ...task('8', 'SUCCESS', '100%'), imageUrl: url });

  hooks.notify(withImage('https://cdn.discordapp.com/attachments/1/2/grid.png'));
  hooks.notify(withImage('http://mj.example/mj/image/8/image.png'));
  hooks.notify(withImage('http://mj.example/mj/image/8/image.png'));
  hooks.notify(task('8', 'FAILURE', '100%'));
  await until(() => hooks.stats().busyTasks === 0, 'idle');
  // Forgotten by now: the same rules hold from what is remembered of it.
  hooks.notify(withImage('http://mj.example/mj/image/8/image.png'));
  hooks.notify(task('8', 'IN_PROGRESS', '50%'));
  hooks.notify(withImage('https://s3.example/8/image.png'));
  await until(() => hooks.stats().busyTasks === 0, 'idle');

  assert.deepEqual(hook.calls.map((call) => call.imageUrl), [
    'https://cdn.discordapp.com/attachments/1/2/grid.png', 'http://mj.example/mj/image/8/image.png', 'https://s3.example/8/image.png',
  ]);
  assert.equal(hooks.stats().dropped, 4);
});

test('the task hook wins over the default hook; no hook means no call; a bad hook never throws', async (t) => {
  const fallback = await receiver(t);
  const own = await receiver(t);
  const hooks = notifier(t, { defaultHook: fallback.url });
  hooks.notify(task('1', 'SUBMITTED', '0%', own.url));
  hooks.notify(task('2', 'SUBMITTED'));
  hooks.notify(task('3', 'SUBMITTED', '0%', 'ftp://example.invalid/hook'));
  await until(() => hooks.stats().delivered === 2, 'two deliveries');
  assert.deepEqual(own.calls.map((call) => call.id), ['1']);
  assert.deepEqual(fallback.calls.map((call) => call.id), ['2']);
  assert.equal(hooks.stats().failed, 1);

  const silent = notifier(t, { defaultHook: '' });
  silent.notify(task('4', 'SUCCESS', '100%'));
  assert.deepEqual(silent.stats(), { delivered: 0, failed: 0, dropped: 0, coalesced: 0, retries: 0, busyTasks: 0 });
});

test('with notify.allowedHosts set, only hooks on those host names are called', async (t) => {
  const hook = await receiver(t);
  const hooks = notifier(t, { allowedHosts: ['hooks.example', '127.0.0.1'] });
  // The same receiver under another name is another host.
  hooks.notify(task('1', 'SUBMITTED', '0%', hook.url.replace('127.0.0.1', 'localhost')));
  hooks.notify(task('2', 'SUBMITTED', '0%', hook.url));
  await until(() => hooks.stats().delivered === 1, 'the allowed delivery');
  assert.deepEqual(hook.calls.map((call) => call.id), ['2']);
  assert.equal(hooks.stats().failed, 1);
});

test('the body is the full task as compact JSON, taken when notify was called', async (t) => {
  const hook = await receiver(t);
  const hooks = notifier(t, { defaultHook: hook.url });
  const sent = task('5', 'SUCCESS', '100%');
  hooks.notify(sent);
  sent.progress = 'mutated later';
  await until(() => hook.calls.length === 1, 'one call');
  assert.deepEqual(hook.calls[0], task('5', 'SUCCESS', '100%'));
});

test('a 500 answer is retried with the same snapshot until it succeeds; a 400 is not retried', async (t) => {
  const hook = await receiver(t);
  hook.answer = (call, callNo) => (call.id === 'bad' ? 400 : callNo <= 2 ? 500 : 200);
  const hooks = notifier(t, { defaultHook: hook.url, maxAttempts: 5 });
  hooks.notify(task('9', 'SUCCESS', '100%'));
  await until(() => hooks.stats().delivered === 1, 'delivered after retries');
  assert.deepEqual(label(hook.calls), ['SUCCESS:100%', 'SUCCESS:100%', 'SUCCESS:100%']);
  assert.equal(hooks.stats().retries, 2);

  hooks.notify(task('bad', 'SUCCESS', '100%'));
  await until(() => hooks.stats().failed === 1, 'refused');
  assert.equal(hook.calls.filter((call) => call.id === 'bad').length, 1);
});

test('a failing snapshot is replaced by a newer one rather than retried', async (t) => {
  const hook = await receiver(t);
  const firstHeld = deferred<number>();
  hook.answer = (_call, callNo) => (callNo === 1 ? firstHeld.promise : 200);
  const hooks = notifier(t, { defaultHook: hook.url, maxAttempts: 5 });
  hooks.notify(task('3', 'IN_PROGRESS', '20%'));
  await until(() => hook.calls.length === 1, 'first call in flight');
  hooks.notify(task('3', 'IN_PROGRESS', '40%'));
  firstHeld.resolve(503);
  await until(() => hooks.stats().busyTasks === 0, 'idle');
  assert.deepEqual(label(hook.calls), ['IN_PROGRESS:20%', 'IN_PROGRESS:40%']);
  assert.equal(hooks.stats().coalesced, 1);
});

test('a hanging receiver times out after the bounded attempts and does not hold up another receiver', async (t) => {
  const dead = await receiver(t);
  dead.answer = () => 'hang';
  const live = await receiver(t);
  // Four slots, two per receiver: the dead one can never hold them all.
  const hooks = notifier(t, { concurrency: 4, timeoutMs: 200, maxAttempts: 2 });
  for (const id of ['a', 'b', 'c']) hooks.notify(task(id, 'SUCCESS', '100%', dead.url));
  hooks.notify(task('live', 'SUCCESS', '100%', live.url));

  await until(() => live.calls.length === 1, 'live receiver served');
  assert.equal(hooks.stats().failed, 0, 'the live call did not wait for the dead one to time out');
  await until(() => hooks.stats().failed === 3, 'dead receiver given up');
  assert.equal(hooks.stats().delivered, 1);
  assert.equal(dead.calls.length, 6);
});

test('calls in flight never exceed the concurrency bound', async (t) => {
  const first = await receiver(t);
  const second = await receiver(t);
  const release = deferred<number>();
  for (const hook of [first, second]) hook.answer = () => release.promise;
  const hooks = notifier(t, { concurrency: 4 });
  for (let n = 0; n < 12; n += 1) hooks.notify(task(`t${n}`, 'SUCCESS', '100%', n % 2 ? first.url : second.url));

  await until(() => first.inFlight + second.inFlight === 4, 'four calls in flight');
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(first.inFlight + second.inFlight, 4);
  release.resolve(200);
  await until(() => hooks.stats().delivered === 12, 'all delivered');
  assert.equal(Math.max(first.maxInFlight, second.maxInFlight), 2);
});

test('configure: a new default hook, allowed hosts and concurrency apply to the calls from then on', async (t) => {
  const before = await receiver(t);
  const after = await receiver(t);
  const hooks = notifier(t, { defaultHook: before.url, concurrency: 1 });
  hooks.notify(task('c1', 'SUCCESS', '100%'));
  await until(() => before.calls.length === 1, 'the first default hook called');

  const release = deferred<number>();
  after.answer = () => release.promise;
  hooks.configure({ defaultHook: after.url, concurrency: 4, timeoutMs: 2000, maxAttempts: 3, allowedHosts: [] });
  for (let n = 0; n < 6; n += 1) hooks.notify(task(`c${n + 2}`, 'SUCCESS', '100%'));
  // Half of the new four slots for one receiver: the raised concurrency is in force.
  await until(() => after.inFlight === 2, 'two calls in flight at once');
  release.resolve(200);
  await until(() => hooks.stats().delivered === 7, 'all delivered');
  assert.equal(before.calls.length, 1, 'the old default hook hears nothing more');

  hooks.configure({ defaultHook: after.url, concurrency: 4, timeoutMs: 2000, maxAttempts: 3, allowedHosts: ['hooks.example.com'] });
  hooks.notify(task('c9', 'SUCCESS', '100%'));
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(after.calls.filter((call) => call.id === 'c9').length, 0, 'a host no longer allowed is not called');
});

test('close flushes what is pending, then drops new snapshots', async (t) => {
  const hook = await receiver(t);
  const held = deferred<number>();
  hook.answer = () => held.promise;
  const hooks = notifier(t, { defaultHook: hook.url });
  hooks.notify(task('1', 'SUBMITTED'));
  await until(() => hook.calls.length === 1, 'call in flight');
  hooks.notify(task('1', 'SUCCESS', '100%'));
  const closed = hooks.close();
  held.resolve(200);
  await closed;
  assert.deepEqual(label(hook.calls), ['SUBMITTED:0%', 'SUCCESS:100%']);
  hooks.notify(task('2', 'SUBMITTED'));
  assert.equal(hooks.stats().dropped, 1);
});

test('close is bounded when a receiver never answers', async (t) => {
  const hook = await receiver(t);
  hook.answer = () => 'hang';
  const hooks = notifier(t, { defaultHook: hook.url, timeoutMs: 60_000, closeTimeoutMs: 100 });
  hooks.notify(task('1', 'SUCCESS', '100%'));
  await until(() => hook.calls.length === 1, 'call in flight');
  await hooks.close();
  assert.deepEqual({ delivered: hooks.stats().delivered, failed: hooks.stats().failed }, { delivered: 0, failed: 1 });
});
