/** Translation through the HTTP API against a local fake DeepL that speaks the real format. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { fakeDeepl } from '../translate/fake-providers.js';
import type { FakeServer } from '../translate/fake-server.js';
import { startTestService, type TestService } from './harness.js';
import { dataUrl, pngBase64 } from './images.js';
import { submit, succeed } from './plus-helpers.js';

let deepl: FakeServer;
let svc: TestService;

before(async () => {
  deepl = await fakeDeepl('key:fx');
  svc = await startTestService({ translate: { way: 'deepl', zhWay: 'deepl', timeoutMs: 800, deepl: { authKey: 'key:fx', baseUrl: deepl.url } } });
});
after(async () => {
  await svc.close();
  await deepl.close();
});

test('a Chinese prompt is sent translated; prompt keeps the original; parameters stay', async () => {
  const task = await succeed(svc, '/submit/imagine', { prompt: '一只猫 --ar 16:9' });
  assert.equal(task.prompt, '一只猫 --ar 16:9');
  assert.doesNotMatch(task.promptEn, /[\u4e00-\u9fff]/);
  assert.match(task.promptEn, /--ar 16:9$/);
});

test('the banned-word check runs on the translation', async () => {
  deepl.override = { status: 200, json: { translations: [{ detected_source_language: 'ZH', text: 'a nude statue' }] } };
  try {
    const answer = await submit(svc, '/submit/imagine', { prompt: '一座雕像' });
    assert.equal(answer.code, 24, JSON.stringify(answer));
    assert.equal(answer.properties.bannedWord, 'nude');
    assert.equal(answer.properties.promptEn, 'a nude statue');
  } finally {
    deepl.override = null;
  }
});

test('describe gets finalZhPrompt with its emoji numbering', async () => {
  const task = await succeed(svc, '/submit/describe', { base64: dataUrl(await pngBase64({ r: 5, g: 5, b: 250 })) });
  assert.ok((task.properties.finalZhPrompt ?? '').length > 0);
  assert.ok((task.properties.finalZhPrompt ?? '').includes('1️⃣'));
});

test('a translation backend that hangs never fails the submit: the original is sent', async () => {
  deepl.override = 'hang';
  try {
    const task = await succeed(svc, '/submit/imagine', { prompt: '一只狗 in the rain' });
    assert.equal(task.promptEn, '一只狗 in the rain');
  } finally {
    deepl.override = null;
  }
});
