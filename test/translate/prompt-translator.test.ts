import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createPromptTranslator, TranslateConfigError, type TranslationObserver } from '../../src/translate/index.js';
import { silentLogger } from '../../src/lib/logger.js';
import { fakeDeepl } from './fake-providers.js';
import { translateConfig, type FakeServer } from './fake-server.js';

const AUTH_KEY = 'key:fx';
/** Far above the deadlines used below, far below the runner's own timeout. */
const GENEROUS_MS = 10_000;

describe('prompt translator', () => {
  let server: FakeServer;
  before(async () => { server = await fakeDeepl(AUTH_KEY); });
  after(() => server.close());
  beforeEach(() => {
    server.calls.length = 0;
    server.override = null;
  });

  const translator = (overrides: Parameters<typeof translateConfig>[0] = {}, observer?: TranslationObserver) => createPromptTranslator(translateConfig({
    way: 'deepl', zhWay: 'deepl', deepl: { authKey: AUTH_KEY, baseUrl: server.url }, ...overrides,
  }), silentLogger, observer);

  it('sends nothing for a prompt without Chinese', async (t) => {
    const subject = translator();
    t.after(() => subject.close());
    const prompt = 'https://a.example/x.png a cat --ar 16:9 --no red';
    assert.equal(await subject.toEnglish(prompt), prompt);
    assert.equal(server.calls.length, 0);
  });

  it('leaves everything alone when no way is configured', async (t) => {
    const subject = translator({ way: 'none', zhWay: 'none' });
    t.after(() => subject.close());
    assert.equal(await subject.toEnglish('一只猫'), '一只猫');
    assert.equal(await subject.toChinese('1️⃣ a dog'), '');
    assert.equal(server.calls.length, 0);
  });

  it('answers repeated pieces from the cache', async (t) => {
    const subject = translator();
    t.after(() => subject.close());
    assert.equal(await subject.toEnglish('一只猫 --no 狗'), 'a cat --no dog');
    assert.equal(await subject.toEnglish('一只猫 --no 狗'), 'a cat --no dog');
    assert.equal(await subject.toEnglish('狗::2 猫'), 'dog::2 cat');
    assert.equal(server.calls.length, 2);
    assert.deepEqual(JSON.parse(server.calls[1]?.body ?? '').text, ['猫']);
    assert.deepEqual(subject.stats(), { translated: 3, failures: 0, cacheHits: 3 });
  });

  it('tells the observer each call to the service (not cache hits) by backend and target, and whether it failed', async (t) => {
    const heard: [string, string, boolean][] = [];
    const subject = translator({}, ({ backend, target, ok }) => heard.push([backend, target, ok]));
    t.after(() => subject.close());
    await subject.toEnglish('一只猫');
    await subject.toEnglish('一只猫');
    await subject.toChinese('a dog');
    server.override = { status: 456, json: { message: 'Quota exceeded' } };
    await subject.toEnglish('一只狗');
    assert.deepEqual(heard, [['deepl', 'en', true], ['deepl', 'zh', true], ['deepl', 'en', false]]);
  });

  it('keeps the cache bounded', async (t) => {
    const subject = translator({ cacheSize: 1 });
    t.after(() => subject.close());
    for (const prompt of ['猫', '狗', '猫']) await subject.toEnglish(prompt);
    assert.equal(server.calls.length, 3);
    assert.equal(subject.stats().cacheHits, 0);
  });

  it('bounds a hanging backend by timeoutMs, sends the original and counts the failure', async (t) => {
    server.override = 'hang';
    const subject = translator({ timeoutMs: 100 });
    t.after(() => subject.close());
    const started = Date.now();
    assert.equal(await subject.toEnglish('一只猫'), '一只猫');
    assert.ok(Date.now() - started < GENEROUS_MS);
    assert.equal(subject.stats().failures, 1);
    // A failure is not cached: once the backend is back, the text is translated.
    server.override = null;
    assert.equal(await subject.toEnglish('一只猫'), 'a cat');
  });

  it('falls back on an answer that is not JSON', async (t) => {
    server.override = { status: 200, raw: '<html>gateway</html>' };
    const subject = translator();
    t.after(() => subject.close());
    assert.equal(await subject.toEnglish('一只猫'), '一只猫');
    assert.equal(subject.stats().failures, 1);
  });

  it('falls back on a backend that is down', async (t) => {
    const subject = translator({ deepl: { authKey: AUTH_KEY, baseUrl: 'http://127.0.0.1:1' } });
    t.after(() => subject.close());
    assert.equal(await subject.toEnglish('一只猫'), '一只猫');
    assert.equal(subject.stats().failures, 1);
  });

  it('close() ends translations in flight with the original text', async () => {
    server.override = 'hang';
    const subject = translator({ timeoutMs: GENEROUS_MS * 10 });
    const pending = subject.toEnglish('一只猫');
    while (server.calls.length === 0) await new Promise((resolve) => setImmediate(resolve));
    await subject.close();
    assert.equal(await pending, '一只猫');
    assert.equal(await subject.toEnglish('狗'), '狗');
  });

  it('refuses a way whose keys are missing, naming the key', () => {
    assert.throws(() => createPromptTranslator(translateConfig({ way: 'baidu' }), silentLogger), (err: unknown) =>
      err instanceof TranslateConfigError && err.key === 'translate.baidu.appId');
    assert.throws(() => createPromptTranslator(translateConfig({ zhWay: 'deepl' }), silentLogger), TranslateConfigError);
  });
});
