import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { NIJI_APPLICATION_ID } from '../../src/discord/protocol/index.js';
import { startTestService, type TestService } from './harness.js';
import { dataUrl, pngBase64 } from './images.js';
import { click, gridAndUpscale, submit, succeed } from './plus-helpers.js';
import type { Task } from '../../src/tasks/task.js';

let svc: TestService;

before(async () => {
  svc = await startTestService({ demo: { jobSeconds: 0.3 } });
});
after(() => svc.close());

test('describe → PicReader 2 → modal with the chosen prompt → IMAGINE; Imagine all makes four tasks', async () => {
  const described = await succeed(svc, '/submit/describe', { base64: dataUrl(await pngBase64({ r: 10, g: 160, b: 90 })) });
  const opened = await click(svc, described, 'MJ::Job::PicReader::2', 21);
  const id = opened.answer.result as string;
  assert.equal((await svc.fetchTask(id)).status, 'MODAL');
  assert.equal((await submit(svc, '/submit/modal', { taskId: id })).code, 1);
  const imagined = await svc.waitForTask(id);
  assert.equal(imagined.status, 'SUCCESS', imagined.failReason ?? '');
  assert.equal(imagined.action, 'IMAGINE');
  const second = (described.properties.finalPrompt ?? '').split('2️⃣')[1]?.split('3️⃣')[0]?.trim() ?? '';
  assert.ok(second.length > 0 && (imagined.properties.finalPrompt ?? '').includes(second.slice(0, 20)), 'the second described prompt was imagined');

  const all = await submit(svc, '/submit/action', { taskId: described.id, customId: 'MJ::Job::PicReader::all' });
  assert.equal(all.code, 1, JSON.stringify(all));
  const taskIds = all.properties.taskIds as string[];
  assert.equal(taskIds.length, 4);
  assert.equal(all.result, taskIds[0]);
  for (const taskId of taskIds) assert.equal((await svc.waitForTask(taskId)).action, 'IMAGINE');
});

test('shorten → Show Details (SHORTEN) and PromptAnalyzer 1 → modal → IMAGINE', async () => {
  const shortened = await succeed(svc, '/submit/shorten', { prompt: 'a very beautiful majestic ancient castle on a misty mountain at golden hour, highly detailed' });
  assert.equal(shortened.action, 'SHORTEN');
  assert.match(shortened.properties.finalPrompt ?? '', /## Important tokens[\s\S]*## Shortened prompts[\s\S]*1️⃣/);
  const details = await click(svc, shortened, /Details/i);
  assert.equal(details.task?.action, 'SHORTEN');
  assert.match(details.task?.properties.finalPrompt ?? '', /\(\d\.\d\d\)|█/);
  const opened = await click(svc, shortened, 'MJ::Job::PromptAnalyzer::1', 21);
  const id = opened.answer.result as string;
  assert.equal((await submit(svc, '/submit/modal', { taskId: id, prompt: '' })).code, 1);
  const imagined = await svc.waitForTask(id);
  assert.equal(imagined.status, 'SUCCESS', imagined.failReason ?? '');
  assert.equal(imagined.action, 'IMAGINE');
});

test('image seed: found through /show and the ✉️ DM, then cached on the task', async () => {
  const task = await succeed(svc, '/submit/imagine', { prompt: 'seeded fox' });
  const seed = await svc.call<{ code: number; result: string }>('GET', `/mj/task/${task.id}/image-seed`);
  assert.equal(seed.body.code, 1, seed.text);
  assert.match(seed.body.result, /^\d+$/);
  assert.equal((await svc.fetchTask(task.id)).seed, seed.body.result);
  const again = await svc.call<{ result: string }>('GET', `/mj/task/${task.id}/image-seed`);
  assert.equal(again.body.result, seed.body.result);
  const unknown = await svc.call<{ code: number }>('GET', '/mj/task/42/image-seed');
  assert.equal(unknown.body.code, 3);
});

test('niji・journey: imagine, U1, blend, describe and shorten run on the niji bot', async () => {
  const { grid, single } = await gridAndUpscale(svc, 'anime girl with umbrella', { botType: 'NIJI_JOURNEY' });
  assert.equal(grid.botType, 'NIJI_JOURNEY');
  assert.equal(single.botType, 'NIJI_JOURNEY');
  assert.equal(grid.properties.botType, 'NIJI_JOURNEY');
  const niji = { botType: 'NIJI_JOURNEY' };
  const images = [dataUrl(await pngBase64({ r: 250, g: 0, b: 0 })), dataUrl(await pngBase64({ r: 0, g: 0, b: 250 }))];
  for (const task of [
    await succeed(svc, '/submit/blend', { ...niji, base64Array: images }),
    await succeed(svc, '/submit/describe', { ...niji, base64: images[0] }),
    await succeed(svc, '/submit/shorten', { ...niji, prompt: 'a very detailed anime city at night with neon lights' }),
  ]) {
    assert.equal(task.botType, 'NIJI_JOURNEY', task.action);
    const message = svc.sim.world.getMessage(task.properties.discordChannelId ?? '', task.properties.messageId ?? '');
    assert.equal(message?.author.id, NIJI_APPLICATION_ID, `${task.action} answered by the niji bot`);
  }
});

test('upload-discord-images answers CDN URLs of the uploaded images', async () => {
  const answer = await svc.call<{ code: number; result: string[] }>('POST', '/mj/submit/upload-discord-images', {
    base64Array: [dataUrl(await pngBase64({ r: 1, g: 2, b: 3 }))],
  });
  assert.equal(answer.body.code, 1, answer.text);
  assert.equal(answer.body.result.length, 1);
  const image = await fetch(answer.body.result[0] as string);
  assert.equal(image.status, 200);
  assert.match(image.headers.get('content-type') ?? '', /^image\//);
});

test('face swap through the InsightFace bot', async () => {
  const task = await succeed(svc, '/insight-face/swap', {
    sourceBase64: dataUrl(await pngBase64({ r: 230, g: 190, b: 160 })),
    targetBase64: dataUrl(await pngBase64({ r: 40, g: 90, b: 200 }, 128)),
  });
  assert.equal(task.action, 'SWAP_FACE');
  assert.equal(task.botType, 'INSIGHT_FACE');
  assert.equal((await fetch(task.imageUrl as string)).status, 200);
});

test('video: animate a finished image, and a start image with a prompt', async () => {
  const { single } = await gridAndUpscale(svc, 'a waterfall');
  const animated = await succeed(svc, '/submit/video', { taskId: single.id, index: 1, motion: 'high' });
  assert.equal(animated.action, 'VIDEO');
  assert.ok(animated.videoUrl);
  assert.deepEqual(animated.videoUrls, [{ url: animated.videoUrl }]);
  const fromImage: Task = await succeed(svc, '/submit/video', { prompt: 'waves', image: dataUrl(await pngBase64({ r: 0, g: 80, b: 160 })), motion: 'low' });
  assert.equal(fromImage.action, 'VIDEO');
  assert.ok(fromImage.videoUrl);
});
