import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { startTestService, type TestService } from './harness.js';
import { dataUrl, pngBase64 } from './images.js';

interface Answer { code: number; description: string; result: string | string[] | null; properties: Record<string, unknown> }

let svc: TestService;
let red: string;
let blue: string;

before(async () => {
  // One test serves an image from loopback.
  svc = await startTestService({ security: { allowPrivateNetworks: true } });
  red = await pngBase64({ r: 200, g: 20, b: 20 });
  blue = await pngBase64({ r: 20, g: 20, b: 200 });
});
after(() => svc.close());

test('imagine with image prompts: uploaded through the attachment flow and prepended as URLs', async () => {
  const answer = await svc.call<Answer>('POST', '/mj/submit/imagine', { prompt: 'a cat in this style', base64Array: [dataUrl(red), blue] });
  assert.equal(answer.body.code, 1, answer.text);
  const task = await svc.waitForTask(answer.body.result as string);
  assert.equal(task.status, 'SUCCESS', task.failReason ?? '');
  assert.match(task.promptEn, /^http:\/\/127\.0\.0\.1:\d+\/\S+ http:\/\/127\.0\.0\.1:\d+\/\S+ a cat in this style$/);
  assert.ok(task.description.startsWith('/imagine http'));
});

test('imagine with an http image URL', async () => {
  const bytes = Buffer.from(red, 'base64');
  const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'image/png' }).end(bytes));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  try {
    const answer = await svc.call<Answer>('POST', '/mj/submit/imagine', { prompt: 'from a link', base64Array: [`http://127.0.0.1:${port}/x.png`] });
    assert.equal(answer.body.code, 1, answer.text);
    assert.equal((await svc.waitForTask(answer.body.result as string)).status, 'SUCCESS');
  } finally {
    server.close();
  }
});

test('blend of two images with LANDSCAPE dimensions', async () => {
  const answer = await svc.call<Answer>('POST', '/mj/submit/blend', { base64Array: [dataUrl(red), dataUrl(blue)], dimensions: 'LANDSCAPE' });
  assert.equal(answer.body.code, 1, answer.text);
  const id = answer.body.result as string;
  const task = await svc.waitForTask(id);
  assert.equal(task.status, 'SUCCESS', task.failReason ?? '');
  assert.equal(task.action, 'BLEND');
  assert.equal(task.description, `/blend ${id} 2`);
  assert.match(task.properties.finalPrompt ?? '', /--ar 3:2/);
  assert.equal(task.buttons.filter((button) => /^U\d$/.test(button.label)).length, 4);
});

test('describe an image: four prompts in finalPrompt and PicReader buttons', async () => {
  const answer = await svc.call<Answer>('POST', '/mj/submit/describe', { base64: dataUrl(red) });
  assert.equal(answer.body.code, 1, answer.text);
  const id = answer.body.result as string;
  const task = await svc.waitForTask(id);
  assert.equal(task.status, 'SUCCESS', task.failReason ?? '');
  assert.equal(task.action, 'DESCRIBE');
  assert.equal(task.description, `/describe ${id}.png`);
  for (const n of ['1️⃣', '2️⃣', '3️⃣', '4️⃣']) assert.ok((task.properties.finalPrompt ?? '').includes(n), n);
  assert.equal(task.properties.finalZhPrompt, '');
  assert.ok(task.imageUrl);
  assert.ok(task.buttons.some((button) => button.customId === 'MJ::Job::PicReader::1'));
});

test('lists: list-by-condition only the ids asked, list and queue as bare arrays, health', async () => {
  const a = await svc.call<Answer>('POST', '/mj/submit/imagine', { prompt: 'list one' });
  const b = await svc.call<Answer>('POST', '/mj/submit/imagine', { prompt: 'list two' });
  const ids = [a.body.result as string, b.body.result as string];
  const byCondition = await svc.call<{ id: string }[]>('POST', '/mj/task/list-by-condition', { ids: [...ids, '999', Number(ids[0])] });
  assert.deepEqual(byCondition.body.map((task) => task.id).sort(), [...ids].sort());
  const queue = await svc.call<{ id: string; status: string }[]>('GET', '/mj/task/queue');
  assert.ok(Array.isArray(queue.body));
  await Promise.all(ids.map((id) => svc.waitForTask(id)));
  const list = await svc.call<{ id: string }[]>('GET', '/mj/task/list');
  assert.ok(Array.isArray(list.body));
  assert.ok(ids.every((id) => list.body.some((task) => task.id === id)));
  const health = await svc.call<{ status: string; accounts: { status: string }[] }>('GET', '/mj/health');
  assert.equal(health.body.status, 'ok');
  assert.equal(health.body.accounts[0]?.status, 'ready');
});

test('errors in the protocol shape: 4 for bad input, 3 for unknown tasks, 24 for banned words, 404 JSON', async () => {
  const empty = await svc.call<Answer>('POST', '/mj/submit/imagine', { prompt: '  ' });
  assert.equal(empty.body.code, 4);
  const badImage = await svc.call<Answer>('POST', '/mj/submit/imagine', { prompt: 'x', base64Array: ['not an image!'] });
  assert.equal(badImage.body.code, 4);
  assert.match(badImage.body.description, /base64Array/);
  const banned = await svc.call<Answer>('POST', '/mj/submit/imagine', { prompt: 'a NUDE figure' });
  assert.equal(banned.body.code, 24, banned.text);
  assert.equal(banned.body.result, null);
  assert.equal(banned.body.properties.bannedWord, 'NUDE');
  assert.equal(banned.body.properties.promptEn, 'a NUDE figure');
  const unknown = await svc.call<Answer>('POST', '/mj/submit/action', { taskId: '123', customId: 'MJ::JOB::upsample::1::x' });
  assert.equal(unknown.body.code, 3);
  const fetchUnknown = await svc.call<{ code: number }>('GET', '/mj/task/1234567890123456/fetch');
  assert.equal(fetchUnknown.status, 404);
  assert.equal(fetchUnknown.body.code, 3);
  // A submit refuses a body that is not JSON like any other bad input: HTTP 200, code 4.
  const badJson = await svc.call<Answer>('POST', '/mj/submit/imagine', '{"prompt":');
  assert.equal(badJson.status, 200);
  assert.equal(badJson.body.code, 4);
  const lowVariation = await svc.call<Answer>('POST', '/mj/submit/change', { taskId: '1', action: 'UPSCALE' });
  assert.equal(lowVariation.body.code, 4);
  // Discord takes no command option over 6000 characters: such a prompt is refused, never queued.
  for (const path of ['/mj/submit/imagine', '/mj/submit/shorten']) {
    const tooLong = await svc.call<Answer>('POST', path, { prompt: 'x'.repeat(6001) });
    assert.deepEqual([tooLong.status, tooLong.body.code, tooLong.body.result], [200, 4, null], tooLong.text);
    assert.match(tooLong.body.description, /prompt.*6000/);
  }
});

test('a prompt that image URLs take past Discord\'s 6000 characters fails with Discord\'s reason, it does not hang', async () => {
  const answer = await svc.call<Answer>('POST', '/mj/submit/imagine', { prompt: 'y'.repeat(5990), base64Array: [dataUrl(red)] });
  assert.equal(answer.body.code, 1, answer.text);
  const task = await svc.waitForTask(answer.body.result as string);
  assert.equal(task.status, 'FAILURE');
  assert.match(task.failReason ?? '', /data\.options\.0\.value: Must be 6000 or fewer in length/, task.failReason ?? '');
});

test('an action on an unfinished task or with an unknown customId is refused with code 4', async () => {
  const answer = await svc.call<Answer>('POST', '/mj/submit/imagine', { prompt: 'not yet' });
  const id = answer.body.result as string;
  const early = await svc.call<Answer>('POST', '/mj/submit/action', { taskId: id, customId: 'MJ::JOB::upsample::1::abc' });
  assert.equal(early.body.code, 4, early.text);
  await svc.waitForTask(id);
  const wrong = await svc.call<Answer>('POST', '/mj/submit/action', { taskId: id, customId: 'MJ::JOB::upsample::9::nope' });
  assert.equal(wrong.body.code, 4, wrong.text);
});
