import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestService, type TestService } from './harness.js';
import { submit } from './plus-helpers.js';

/** Long jobs: a preview stays on screen for seconds, whatever the machine's load. */
const JOB_SECONDS = 20;

let svc: TestService;

before(async () => {
  svc = await startTestService({ demo: { jobSeconds: JOB_SECONDS }, images: { previews: true } });
});
after(() => svc.close());

test('images.previews: a running task shows its progress preview from mj-proxy; a cancelled one keeps it', async () => {
  const ours = `${svc.service.url}/mj/image/`;
  const answer = await submit(svc, '/submit/imagine', { prompt: 'a slow sunrise' });
  const id = answer.result as string;
  const running = await svc.waitForTask(id, (task) => task.status === 'IN_PROGRESS' && task.imageUrl?.startsWith(ours) === true, JOB_SECONDS * 1000);
  assert.match(running.imageUrl ?? '', new RegExp(`/mj/image/${id}/preview-[0-9a-f]{12}\\.webp$`));
  const preview = await fetch(running.imageUrl as string);
  assert.equal(preview.status, 200);
  assert.equal(preview.headers.get('content-type'), 'image/webp');
  await preview.arrayBuffer();

  assert.equal((await svc.call<{ code: number }>('POST', `/mj/task/${id}/cancel`)).body.code, 1);
  const cancelled = await svc.waitForTask(id, (task) => task.status === 'CANCEL' && task.imageUrl?.startsWith(ours) === true);
  svc.sim.faults.cdnOutage();
  const kept = await fetch(cancelled.imageUrl as string);
  assert.equal(kept.status, 200, cancelled.imageUrl ?? '');
  await kept.arrayBuffer();
  svc.sim.faults.endCdnOutage();
});
