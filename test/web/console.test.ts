/**
 * The drawing console and the task page in Chromium, against the whole service in demo mode: a draw
 * with live progress and its grid, U2, and Vary (Region) with a mask painted by hand.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import type { Browser, Locator, Page } from 'playwright-core';
import { startTestService, type TestService } from '../e2e/harness.js';
import { pngBase64 } from '../e2e/images.js';
import { gridAndUpscale } from '../e2e/plus-helpers.js';
import type { Task } from '../../src/tasks/task.js';
import { eventually, imageLoaded, launchChromium, openUi, screenshot, signIn } from './browser.js';

const SECRET = 'console-admin-secret';
/** Long enough that nothing held runs out during a test. */
const HOLD_MS = 120_000;
/** Releasing a hold: a new, short one replaces it. */
const RELEASE_MS = 1;

let svc: TestService;
let browser: Browser;

before(async () => {
  svc = await startTestService({ server: { adminSecret: SECRET }, demo: { jobSeconds: 2 } });
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await svc?.close();
});

const progressOf = (task: Task): number => Number.parseFloat(task.progress);

test('console: imagine shows live progress with the preview, then the grid and its four parts; U2 upscales', async () => {
  const { page, context, pageErrors } = await openUi(browser, `${svc.service.url}/admin/#/console`);
  await signIn(page, SECRET);
  await page.getByRole('textbox', { name: /^Prompt/ }).fill('a lighthouse at dusk --ar 1:1');
  const submitted = page.waitForResponse((response) => response.url().endsWith('/mj/submit/imagine'));
  await page.getByRole('button', { name: 'Imagine', exact: true }).click();
  const answer = (await (await submitted).json()) as { code: number; result: string };
  assert.equal(answer.code, 1);
  const id = answer.result;

  // Freeze the job half-way (the simulator holds its gateway events), so the page can be checked as it runs.
  await svc.waitForTask(id, (task) => task.status === 'IN_PROGRESS' && progressOf(task) > 0);
  svc.sim.faults.holdDispatches(HOLD_MS);
  const card = page.getByRole('article', { name: `Task ${id}` });
  const progress = card.getByRole('progressbar', { name: 'Progress' });
  await eventually('progress above 0%', async () => Number(await progress.getAttribute('aria-valuenow')) > 0);
  await eventually('the preview image', () => imageLoaded(card.getByRole('img', { name: 'Preview image' })));
  await screenshot(page, 'console-progress');

  svc.sim.faults.holdDispatches(RELEASE_MS);
  await eventually('SUCCESS', async () => (await card.getAttribute('data-status')) === 'SUCCESS');
  assert.equal(await progress.count(), 0, 'no progress bar once done');
  await eventually('the grid image', () => imageLoaded(card.getByRole('img', { name: 'Result image' })));
  // The four images come once the grid is re-hosted, a moment after SUCCESS.
  const parts = card.getByRole('list', { name: 'The four images' }).getByRole('img');
  await eventually('the four images', async () => (await parts.count()) === 4);
  for (let i = 0; i < 4; i += 1) await eventually(`part ${i + 1}`, () => imageLoaded(parts.nth(i)));
  for (const label of ['U1', 'U2', 'U3', 'U4', 'V1', 'V2', 'V3', 'V4', 'Reroll']) {
    assert.ok(await card.getByRole('button', { name: label, exact: true }).isEnabled(), label);
  }
  await screenshot(page, 'console-grid');

  const clicked = page.waitForResponse((response) => response.url().endsWith('/mj/submit/action'));
  await card.getByRole('button', { name: 'U2', exact: true }).click();
  const upscaleId = ((await (await clicked).json()) as { result: string }).result;
  const upscale = page.getByRole('article', { name: `Task ${upscaleId}` });
  await eventually('the upscale done', async () => (await upscale.getAttribute('data-status')) === 'SUCCESS');
  await eventually('the upscaled image', () => imageLoaded(upscale.getByRole('img', { name: 'Result image' })));
  const task = await svc.fetchTask(upscaleId);
  assert.equal(task.action, 'UPSCALE');
  assert.equal(task.description, `/up ${id} U2`);
  assert.ok(await upscale.getByRole('button', { name: 'Vary (Region)' }).isEnabled());
  assert.deepEqual(pageErrors, []);
  await context.close();
});

test('task page: Vary (Region) takes a mask painted by hand (black, the region white) and runs the variation', async () => {
  const { single } = await gridAndUpscale(svc, 'a red door in a white wall');
  const { page, context, pageErrors } = await openUi(browser, `${svc.service.url}/#/tasks/${single.id}`);
  await signIn(page, SECRET);
  const card = page.getByRole('article', { name: `Task ${single.id}` });
  await card.getByRole('button', { name: 'Vary (Region)' }).click();
  const dialog = page.getByRole('dialog', { name: 'Vary (Region)' });
  await eventually('the image to paint on', () => imageLoaded(dialog.getByRole('img', { name: 'The image to vary' })));

  await dialog.getByRole('button', { name: 'Submit' }).click();
  await dialog.getByRole('alert').filter({ hasText: 'Paint the region' }).waitFor();

  // A stroke across the middle of the image, left to right.
  const canvas = dialog.getByRole('img', { name: 'Mask: paint the region to vary' });
  const box = await canvas.boundingBox();
  assert.ok(box);
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
  await page.mouse.down();
  for (const share of [0.4, 0.5, 0.6, 0.7]) await page.mouse.move(box.x + box.width * share, box.y + box.height / 2, { steps: 3 });
  await page.mouse.up();
  await dialog.getByRole('textbox', { name: /^Prompt/ }).fill('a blue door');
  await screenshot(page, 'vary-region-dialog');

  const sent = page.waitForRequest((request) => request.url().endsWith('/mj/submit/modal'));
  await dialog.getByRole('button', { name: 'Submit' }).click();
  const body = (await sent).postDataJSON() as { taskId: string; prompt: string; maskBase64: string };
  assert.equal(body.prompt, 'a blue door');
  const mask = sharp(Buffer.from(body.maskBase64.replace(/^data:image\/png;base64,/, ''), 'base64'));
  const { width, height } = await mask.metadata();
  const source = await sharp(Buffer.from(await (await fetch(single.imageUrl as string)).arrayBuffer())).metadata();
  assert.deepEqual([width, height], [source.width, source.height], 'the mask has the image’s size');
  const { data, info } = await mask.removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const pixel = (x: number, y: number) => data[(Math.round(y) * info.width + Math.round(x)) * info.channels] ?? -1;
  assert.equal(pixel(info.width / 2, info.height / 2), 255, 'the painted middle is white');
  assert.equal(pixel(5, 5), 0, 'an unpainted corner is black');
  assert.equal(pixel(info.width / 2, info.height * 0.1), 0, 'above the stroke is black');

  // The page follows the new task: a VARIATION of the region, done.
  await page.getByRole('heading', { name: `Task ${body.taskId}` }).waitFor();
  const variation = page.getByRole('article', { name: `Task ${body.taskId}` });
  await eventually('the variation done', async () => (await variation.getAttribute('data-status')) === 'SUCCESS');
  const task = await svc.fetchTask(body.taskId);
  assert.equal(task.action, 'VARIATION');
  assert.equal(task.status, 'SUCCESS');
  await screenshot(page, 'task-detail');
  assert.deepEqual(pageErrors, []);
  await context.close();
});

/** Drops a PNG on an element the way a browser does: a drop event carrying a DataTransfer with the file. */
async function dropPng(page: Page, target: Locator, name: string, color: { r: number; g: number; b: number }): Promise<void> {
  const base64 = await pngBase64(color);
  // A string expression: this test's tsconfig has no DOM types, the page has them all.
  const transfer = await page.evaluateHandle(`(() => {
    const bytes = Uint8Array.from(atob(${JSON.stringify(base64)}), (c) => c.charCodeAt(0));
    const transfer = new DataTransfer();
    transfer.items.add(new File([bytes], ${JSON.stringify(name)}, { type: 'image/png' }));
    return transfer;
  })()`);
  await target.dispatchEvent('drop', { dataTransfer: transfer });
}

test('console: an image dropped on the page is described; prompt 1 is picked in the page’s modal and drawn', async () => {
  const { page, context, pageErrors } = await openUi(browser, `${svc.service.url}/#/console`);
  await signIn(page, SECRET);
  await page.getByRole('tab', { name: 'Describe' }).click();
  const drop = page.getByRole('group', { name: 'Image to describe' });
  await dropPng(page, drop, 'orange.png', { r: 250, g: 140, b: 20 });
  await eventually('the dropped image shown', () => imageLoaded(drop.getByRole('img', { name: 'Uploaded image 1' })));
  const submitted = page.waitForResponse((response) => response.url().endsWith('/mj/submit/describe'));
  await page.getByRole('button', { name: 'Describe', exact: true }).click();
  const request = (await submitted).request().postDataJSON() as { base64: string };
  assert.match(request.base64, /^data:image\/png;base64,/);
  const describeId = ((await (await submitted).json()) as { result: string }).result;

  const card = page.getByRole('article', { name: `Task ${describeId}` });
  await eventually('the description', async () => (await card.getAttribute('data-status')) === 'SUCCESS');
  assert.match(await card.getByLabel('Midjourney’s answer').innerText(), /1️⃣/);
  await card.getByRole('button', { name: 'Prompt 1', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Prompt' });
  const picked = page.waitForResponse((response) => response.url().endsWith('/mj/submit/modal'));
  await dialog.getByRole('button', { name: 'Submit' }).click();
  const imagineId = ((await (await picked).json()) as { code: number; result: string }).result;
  const imagine = page.getByRole('article', { name: `Task ${imagineId}` });
  await eventually('the picked prompt drawn', async () => (await imagine.getAttribute('data-status')) === 'SUCCESS');
  const task = await svc.fetchTask(imagineId);
  assert.equal(task.action, 'IMAGINE');
  await screenshot(page, 'console-describe');
  assert.deepEqual(pageErrors, []);
  await context.close();
});

test('console: blend two images chosen with the file picker', async () => {
  const { page, context, pageErrors } = await openUi(browser, `${svc.service.url}/#/console`);
  await signIn(page, SECRET);
  await page.getByRole('tab', { name: 'Blend' }).click();
  const files = await Promise.all([{ r: 200, g: 20, b: 20 }, { r: 20, g: 20, b: 200 }].map(async (color, i) => ({
    name: `blend-${i}.png`, mimeType: 'image/png', buffer: Buffer.from(await pngBase64(color), 'base64'),
  })));
  await page.getByLabel('Choose files: Images to blend (2 to 5)').setInputFiles(files);
  await page.getByRole('combobox', { name: 'Dimensions' }).selectOption('LANDSCAPE');
  const submitted = page.waitForResponse((response) => response.url().endsWith('/mj/submit/blend'));
  await page.getByRole('button', { name: 'Blend', exact: true }).click();
  const answer = (await (await submitted).json()) as { code: number; result: string };
  assert.equal(answer.code, 1);
  const card = page.getByRole('article', { name: `Task ${answer.result}` });
  await eventually('the blend done', async () => (await card.getAttribute('data-status')) === 'SUCCESS');
  const task = await svc.fetchTask(answer.result);
  assert.equal(task.action, 'BLEND');
  assert.match(task.description, /^\/blend /);
  assert.deepEqual(pageErrors, []);
  await context.close();
});

test('console: a face swap and a video from a start image, both dropped on the page', async () => {
  const { page, context, pageErrors } = await openUi(browser, `${svc.service.url}/#/console`);
  await signIn(page, SECRET);
  const finished = async (path: string, click: () => Promise<void>) => {
    const submitted = page.waitForResponse((response) => response.url().endsWith(path));
    await click();
    const id = ((await (await submitted).json()) as { result: string }).result;
    const card = page.getByRole('article', { name: `Task ${id}` });
    await eventually(`${path} done`, async () => (await card.getAttribute('data-status')) === 'SUCCESS');
    return { id, card };
  };

  await page.getByRole('tab', { name: 'Face swap' }).click();
  await dropPng(page, page.getByRole('group', { name: 'Face' }), 'face.png', { r: 230, g: 190, b: 160 });
  await dropPng(page, page.getByRole('group', { name: 'Target image' }), 'target.png', { r: 40, g: 90, b: 200 });
  const swap = await finished('/mj/insight-face/swap', () => page.getByRole('button', { name: 'Swap face' }).click());
  await eventually('the swapped image', () => imageLoaded(swap.card.getByRole('img', { name: 'Result image' })));
  assert.equal((await svc.fetchTask(swap.id)).action, 'SWAP_FACE');

  await page.getByRole('tab', { name: 'Video' }).click();
  await dropPng(page, page.getByRole('group', { name: 'Start image' }), 'start.png', { r: 0, g: 80, b: 160 });
  await page.getByRole('textbox', { name: /^Prompt/ }).fill('waves');
  await page.getByRole('combobox', { name: 'Motion' }).selectOption('high');
  const video = await finished('/mj/submit/video', () => page.getByRole('button', { name: 'Make video' }).click());
  const task = await svc.fetchTask(video.id);
  assert.equal(task.action, 'VIDEO');
  assert.equal(await video.card.getByLabel('Result video').getAttribute('src'), task.videoUrl);
  await screenshot(page, 'console-swap-video');
  assert.deepEqual(pageErrors, []);
  await context.close();
});

test('task page: Custom Zoom is answered in the page; a --zoom out of range is refused there, 1.5 runs', async () => {
  const { single } = await gridAndUpscale(svc, 'a tower on a hill');
  const { page, context, pageErrors } = await openUi(browser, `${svc.service.url}/#/tasks/${single.id}`);
  await signIn(page, SECRET);
  await page.getByRole('article', { name: `Task ${single.id}` }).getByRole('button', { name: 'Custom Zoom' }).click();
  const dialog = page.getByRole('dialog', { name: 'Custom Zoom' });
  const prompt = dialog.getByRole('textbox', { name: /^Prompt/ });
  assert.match(await prompt.inputValue(), /--zoom 2$/);
  await prompt.fill('a tower on a hill --zoom 3');
  await dialog.getByRole('button', { name: 'Submit' }).click();
  await dialog.getByRole('alert').waitFor();
  await prompt.fill('a tower on a hill --zoom 1.5');
  const sent = page.waitForResponse((response) => response.url().endsWith('/mj/submit/modal') && response.request().postData()?.includes('1.5') === true);
  await dialog.getByRole('button', { name: 'Submit' }).click();
  const id = ((await (await sent).json()) as { result: string }).result;
  const zoom = page.getByRole('article', { name: `Task ${id}` });
  await eventually('the zoom done', async () => (await zoom.getAttribute('data-status')) === 'SUCCESS');
  assert.equal((await svc.fetchTask(id)).action, 'ZOOM');
  assert.deepEqual(pageErrors, []);
  await context.close();
});
