import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { request } from 'undici';
import type { Task } from '../../src/tasks/task.js';
import { startTestService, type TestService } from './harness.js';
import { startHookReceiver, type HookReceiver } from './hook-receiver.js';
import { taskUrls, waitForHosted } from './hosting-helpers.js';
import { click, submit, succeed } from './plus-helpers.js';
import { until } from '../notify/hook-receiver.js';

let svc: TestService;
let hooks: HookReceiver;
let ours: string;

before(async () => {
  hooks = await startHookReceiver();
  svc = await startTestService({ demo: { jobSeconds: 0.3 } });
  ours = `${svc.service.url}/mj/image/`;
});
after(async () => {
  svc.sim.faults.endCdnOutage();
  await svc.close();
  await hooks.close();
});

/** undici's request, not fetch: fetch turns a conditional request into a `no-cache` one. */
const download = async (url: string, headers: Record<string, string> = {}) => {
  const response = await request(url, { headers });
  const header = (name: string) => String(response.headers[name] ?? '');
  return { status: response.statusCode, header, bytes: Buffer.from(await response.body.arrayBuffer()) };
};

let grid: Task;
let single: Task;
let video: Task;

test('a grid is re-hosted after SUCCESS: the image, its four parts and a 512 px WebP thumbnail; the hook hears the stable URLs', async () => {
  const answer = await submit(svc, '/submit/imagine', { prompt: 'a lighthouse at dusk --ar 2:1', notifyHook: hooks.url });
  assert.equal(answer.code, 1);
  grid = await waitForHosted(svc, answer.result as string);

  assert.equal(grid.imageUrl, `${ours}${grid.id}/image.png`);
  assert.deepEqual(grid.imageUrls?.map((item) => item.url), [1, 2, 3, 4].map((n) => `${ours}${grid.id}/${n}.png`));
  assert.equal(grid.properties.thumbnailUrl, `${ours}${grid.id}/thumb.webp`);
  const whole = await sharp((await download(grid.imageUrl)).bytes).metadata();
  const part = await sharp((await download(`${ours}${grid.id}/3.png`)).bytes).metadata();
  assert.deepEqual([part.width * 2, part.height * 2], [whole.width, whole.height]);
  const thumbnail = await sharp((await download(grid.properties.thumbnailUrl)).bytes).metadata();
  assert.equal(thumbnail.format, 'webp');
  assert.equal(Math.max(thumbnail.width, thumbnail.height), 512);
  assert.ok(whole.width > 512, 'the 2:1 grid is wider than its thumbnail');

  // Every SUCCESS call before the last one carries Discord's result; the last one the stable URLs.
  await until(() => hooks.callsFor(grid.id).at(-1)?.imageUrl === grid.imageUrl, 'the hook hears the stable URLs');
  const successes = hooks.callsFor(grid.id).filter((task) => task.status === 'SUCCESS');
  assert.ok(successes.length <= 2, `${successes.length} SUCCESS calls`);
  assert.deepEqual(taskUrls(successes.at(-1) as Task), taskUrls(grid));
  for (const early of successes.slice(0, -1)) assert.ok(early.imageUrl?.startsWith(`${svc.sim.info.cdnBaseUrl}/attachments/`));
});

test('served files carry a year of immutable caching, an ETag that answers 304, CORS *, and byte ranges', async () => {
  const served = await download(grid.imageUrl as string, { origin: 'http://front.example' });
  assert.equal(served.status, 200);
  assert.equal(served.header('content-type'), 'image/png');
  assert.equal(served.header('access-control-allow-origin'), '*');
  assert.match(served.header('cache-control'), /max-age=31536000.*immutable/);
  const etag = served.header('etag');
  assert.ok(etag);
  assert.equal((await download(grid.imageUrl as string, { 'if-none-match': etag })).status, 304);
  const range = await download(grid.imageUrl as string, { range: 'bytes=0-7' });
  assert.equal(range.status, 206);
  assert.deepEqual(range.bytes, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));

  for (const missing of [`${ours}${grid.id}/9.png`, `${ours}999/image.png`, `${ours}${grid.id}/..%2F..%2Fetc.png`]) {
    const { status, bytes } = await download(missing);
    assert.equal(status, 404, missing);
    assert.equal(JSON.parse(bytes.toString()).code, 404);
  }
});

test('an upscale and a video are re-hosted too: the image with its thumbnail, the clip as mp4', async () => {
  single = await waitForHosted(svc, (await click(svc, grid, 'U2')).task?.id as string);
  assert.equal(single.imageUrl, `${ours}${single.id}/image.png`);
  assert.equal((single.imageUrls ?? []).length, 0, 'an upscale has no parts');
  const animated = await succeed(svc, '/submit/video', { taskId: single.id, index: 1, motion: 'low' });
  video = await svc.waitForTask(animated.id, (task) => task.videoUrl?.startsWith(ours) === true);
  // video.mp4, or image.mp4 when the clip is the job's only file (imageUrl then names the same copy).
  assert.match(video.videoUrl ?? '', new RegExp(`/mj/image/${video.id}/(image|video)\\.mp4$`));
  assert.deepEqual(video.videoUrls, [{ url: video.videoUrl }]);
  const clip = await download(video.videoUrl as string);
  assert.equal(clip.header('content-type'), 'video/mp4');
});

test('with the simulator\'s CDN down, every URL of the finished tasks still downloads', async (t) => {
  svc.sim.faults.cdnOutage();
  t.after(() => svc.sim.faults.endCdnOutage());
  assert.equal((await download(hooks.callsFor(grid.id)[0]?.imageUrl ?? `${svc.sim.info.cdnBaseUrl}/attachments/x`)).status, 503);
  for (const task of [grid, single, video]) {
    const fetched = await svc.fetchTask(task.id);
    const urls = taskUrls(fetched);
    assert.ok(urls.length > 0);
    for (const url of urls) {
      assert.ok(url.startsWith(ours), url);
      assert.equal((await download(url)).status, 200, url);
    }
  }
});
