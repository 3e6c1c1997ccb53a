import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { startTestService, type TestService } from './harness.js';
import { startHookReceiver, type HookReceiver } from './hook-receiver.js';
import { waitForHosted } from './hosting-helpers.js';
import { submit } from './plus-helpers.js';
import { until } from '../notify/hook-receiver.js';

/** Downloads retried long enough (backoff up to 8 s) for a test to end an outage in between. */
const ATTEMPTS = 10;

let svc: TestService;
let hooks: HookReceiver;
const warnings: { taskId?: string; msg: string }[] = [];

before(async () => {
  hooks = await startHookReceiver();
  const logger = pino({ level: 'warn' }, { write: (line: string) => void warnings.push(JSON.parse(line) as { taskId?: string; msg: string }) });
  svc = await startTestService({ images: { attempts: ATTEMPTS } }, undefined, logger);
});
after(async () => {
  await svc.close();
  await hooks.close();
});

async function imagine(prompt: string): Promise<string> {
  const answer = await submit(svc, '/submit/imagine', { prompt, notifyHook: hooks.url });
  assert.equal(answer.code, 1);
  return answer.result as string;
}

const isDiscordUrl = (url: string | null | undefined) => url?.startsWith(`${svc.sim.info.cdnBaseUrl}/attachments/`) === true;

test('a CDN outage leaves the task SUCCESS with Discord\'s URLs; the hook hears SUCCESS once', async (t) => {
  // 404 is not worth retrying: re-hosting gives up at once.
  svc.sim.faults.cdnOutage(404);
  t.after(() => svc.sim.faults.endCdnOutage());
  const id = await imagine('a quiet harbour');
  const done = await svc.waitForTask(id);
  assert.equal(done.status, 'SUCCESS');
  await until(() => warnings.some((line) => line.taskId === id && line.msg.startsWith('re-hosting failed')), 're-hosting gave up');

  const after = await svc.fetchTask(id);
  assert.equal(after.status, 'SUCCESS');
  assert.ok(isDiscordUrl(after.imageUrl), after.imageUrl ?? 'no imageUrl');
  assert.equal((after.imageUrls as { url: string }[] | null)?.length ?? 0, 0, 'no parts without the grid');
  assert.equal(after.properties.thumbnailUrl, undefined);
  await until(() => hooks.callsFor(id).some((task) => task.status === 'SUCCESS'), 'the SUCCESS hook');
  const successes = hooks.callsFor(id).filter((task) => task.status === 'SUCCESS');
  assert.equal(successes.length, 1);
  assert.ok(isDiscordUrl(successes[0]?.imageUrl));
});

test('SUCCESS is told at once with Discord\'s URL while the CDN is down; once it is back, the hook hears the stable URLs', async (t) => {
  svc.sim.faults.cdnOutage(503);
  t.after(() => svc.sim.faults.endCdnOutage());
  const id = await imagine('a lantern in fog');
  await until(() => hooks.callsFor(id).some((task) => task.status === 'SUCCESS'), 'the first SUCCESS hook');
  const first = hooks.callsFor(id).find((task) => task.status === 'SUCCESS');
  assert.ok(isDiscordUrl(first?.imageUrl));
  assert.equal(first?.properties.thumbnailUrl, undefined);

  svc.sim.faults.endCdnOutage();
  const hosted = await waitForHosted(svc, id);
  await until(() => hooks.callsFor(id).filter((task) => task.status === 'SUCCESS').length === 2, 'the second SUCCESS hook');
  const second = hooks.callsFor(id).filter((task) => task.status === 'SUCCESS')[1];
  assert.equal(second?.imageUrl, hosted.imageUrl);
  assert.deepEqual(second?.imageUrls, hosted.imageUrls);
  assert.equal(second?.properties.thumbnailUrl, hosted.properties.thumbnailUrl);
});
