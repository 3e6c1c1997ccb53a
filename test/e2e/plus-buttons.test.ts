import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { startTestService, type TestService } from './harness.js';
import { waitForHosted } from './hosting-helpers.js';
import { click, gridAndUpscale, submit, type Answer } from './plus-helpers.js';
import type { Task } from '../../src/tasks/task.js';

let svc: TestService;
let single: Task;
let grid: Task;

before(async () => {
  svc = await startTestService({ demo: { jobSeconds: 0.3, coreSize: 3 } });
  ({ grid, single } = await gridAndUpscale(svc, 'a lighthouse at dusk'));
});
after(() => svc.close());

test('every solo button of an upscaled image makes the right task action', async () => {
  const cases: [RegExp, string][] = [
    [/low_variation/, 'VARIATION'],
    [/high_variation/, 'VARIATION'],
    [/upsample_v\w+subtle|upsample_v5_2x/, 'UPSCALE'],
    [/MJ::Outpaint::50::/, 'ZOOM'],
    [/MJ::Outpaint::75::/, 'ZOOM'],
    [/pan_left/, 'PAN'],
    [/pan_up/, 'PAN'],
  ];
  for (const [match, action] of cases) {
    const { task } = await click(svc, single, match);
    assert.equal(task?.action, action, String(match));
  }
});

test('reroll and V1 on a grid give REROLL and VARIATION; upscales of U2 and U3 differ', async () => {
  assert.equal((await click(svc, grid, /reroll/)).task?.action, 'REROLL');
  assert.equal((await click(svc, grid, 'V1')).task?.action, 'VARIATION');
  const u2 = (await click(svc, grid, 'U2')).task as Task;
  const u3 = (await click(svc, grid, 'U3')).task as Task;
  const colour = async (url: string) => (await sharp(Buffer.from(await (await fetch(url)).arrayBuffer())).stats()).dominant;
  assert.notDeepEqual(await colour(u2.imageUrl as string), await colour(u3.imageUrl as string));
});

test('grid images: once re-hosted, imageUrls holds four served images', async () => {
  const hosted = await waitForHosted(svc, grid.id);
  assert.equal(hosted.imageUrls?.length, 4);
  for (const { url } of hosted.imageUrls ?? []) {
    const response = await fetch(url);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('access-control-allow-origin'), '*');
  }
});

test('buttons that do nothing through an API answer code 4', async () => {
  const bookmark = single.buttons.find((b) => b.customId.startsWith('MJ::BOOKMARK::'));
  assert.ok(bookmark, 'the upscale lists ❤️');
  const answer = await submit(svc, '/submit/action', { taskId: single.id, customId: bookmark.customId });
  assert.equal(answer.code, 4);
  assert.ok(answer.description.length > 0);
});

test('Custom Zoom: code 21 and MODAL; --zoom out of range is code 4; a good prompt runs a ZOOM', async () => {
  const opened = await click(svc, single, /MJ::CustomZoom::/, 21);
  const id = opened.answer.result as string;
  assert.equal((await svc.fetchTask(id)).status, 'MODAL');
  const bad = await submit(svc, '/submit/modal', { taskId: id, prompt: 'a lighthouse --zoom 3' });
  assert.equal(bad.code, 4);
  const good = await submit(svc, '/submit/modal', { taskId: id, prompt: 'a lighthouse --zoom 1.5' });
  assert.equal(good.code, 1, JSON.stringify(good));
  const task = await svc.waitForTask(id);
  assert.equal(task.status, 'SUCCESS', task.failReason ?? '');
  assert.equal(task.action, 'ZOOM');
});

test('Vary (Region): code 21; the mask is required; with it the region is varied', async () => {
  const opened = await click(svc, single, /MJ::Inpaint::/, 21);
  const id = opened.answer.result as string;
  const noMask = await submit(svc, '/submit/modal', { taskId: id, prompt: 'a red door' });
  assert.equal(noMask.code, 4);
  const mask = (await sharp({ create: { width: 64, height: 64, channels: 3, background: { r: 0, g: 0, b: 0 } } }).png().toBuffer()).toString('base64');
  const answer: Answer = await submit(svc, '/submit/modal', { taskId: id, prompt: 'a red door', maskBase64: mask });
  assert.equal(answer.code, 1, JSON.stringify(answer));
  const task = await svc.waitForTask(id);
  assert.equal(task.status, 'SUCCESS', task.failReason ?? '');
  assert.equal(task.action, 'VARIATION');
});
