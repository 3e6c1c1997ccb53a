import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import type { Task } from '../../src/tasks/task.js';
import { startTestService, type TestService } from './harness.js';
import { submit } from './plus-helpers.js';

/** Short-lived links, so that a test sees one expire. */
const LINK_LIFETIME_S = 4;

let sim: Simulator;
let svc: TestService;

before(async () => {
  sim = await startSimulator({ jobSeconds: 0.3, cdnLinkLifetimeSeconds: LINK_LIFETIME_S });
  svc = await startTestService({ images: { store: 'none' } }, sim);
});
after(async () => {
  await svc.close();
  await sim.close();
});

const expiryOf = (url: string) => Number.parseInt(new URL(url).searchParams.get('ex') ?? '0', 16) * 1000;

test('images.store none: the task keeps Discord\'s URL; once expired, a fetch answers a refreshed link and saves it', async () => {
  const answer = await submit(svc, '/submit/imagine', { prompt: 'a paper boat' });
  const done = await svc.waitForTask(answer.result as string);
  assert.equal(done.status, 'SUCCESS');
  const original = done.imageUrl ?? '';
  assert.ok(original.startsWith(`${sim.info.cdnBaseUrl}/attachments/`), original);
  assert.equal((done.imageUrls as Task['imageUrls'] | null)?.length ?? 0, 0, 'nothing is cut without a store');
  assert.equal(done.properties.thumbnailUrl, undefined);

  await sleep(Math.max(0, expiryOf(original) - Date.now()) + 100);
  assert.equal((await fetch(original)).status, 404, 'the CDN refuses the expired link');

  const fetched = await svc.fetchTask(done.id);
  const refreshed = fetched.imageUrl ?? '';
  assert.notEqual(refreshed, original);
  assert.equal(refreshed.split('?')[0], original.split('?')[0], 'the same file, newly signed');
  const image = await fetch(refreshed);
  assert.equal(image.status, 200);
  assert.equal(image.headers.get('content-type'), 'image/png');

  // Saved, so the next read needs no refresh.
  const { registry } = svc.service.tasks;
  await registry.flush();
  assert.equal((await registry.get(done.id))?.task.imageUrl, refreshed);
  const [listed] = (await svc.call<Task[]>('POST', '/mj/task/list-by-condition', { ids: [done.id] })).body;
  assert.equal(listed?.imageUrl, refreshed);
});
