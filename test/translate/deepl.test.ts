import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createPromptTranslator } from '../../src/translate/index.js';
import { DEEPL_FREE_URL, DEEPL_PRO_URL, deeplBaseUrl } from '../../src/translate/backends/deepl.js';
import { silentLogger } from '../../src/lib/logger.js';
import { fakeDeepl } from './fake-providers.js';
import { capturingLogger, translateConfig, type FakeServer } from './fake-server.js';

const AUTH_KEY = '279a2e9d-83b3-c416-7e2d-f721593e42a0:fx';

describe('DeepL backend', () => {
  let server: FakeServer;
  before(async () => { server = await fakeDeepl(AUTH_KEY); });
  after(() => server.close());
  beforeEach(() => {
    server.calls.length = 0;
    server.override = null;
  });

  const translator = (authKey = AUTH_KEY, logger = silentLogger) => createPromptTranslator(translateConfig({
    way: 'deepl', zhWay: 'deepl', deepl: { authKey, baseUrl: server.url },
  }), logger);

  it('posts JSON with the DeepL-Auth-Key header and reads translations[].text', async (t) => {
    const subject = translator();
    t.after(() => subject.close());
    assert.equal(await subject.toEnglish('猫::2 狗::1 --ar 16:9'), 'cat::2 dog::1 --ar 16:9');
    assert.equal(server.calls.length, 1);
    assert.equal(server.calls[0]?.headers.authorization, `DeepL-Auth-Key ${AUTH_KEY}`);
    assert.deepEqual(JSON.parse(server.calls[0]?.body ?? ''), { text: ['猫', '狗'], source_lang: 'ZH', target_lang: 'EN-US' });
  });

  it('asks for simplified Chinese when translating results', async (t) => {
    const subject = translator();
    t.after(() => subject.close());
    assert.equal(await subject.toChinese('2️⃣ a dog'), '2️⃣ 一只狗');
    assert.equal(JSON.parse(server.calls[0]?.body ?? '').target_lang, 'ZH-HANS');
  });

  it('falls back on 403 (wrong key) and logs the reason without the key', async (t) => {
    const { logger, lines } = capturingLogger();
    const subject = translator('wrong-key', logger);
    t.after(() => subject.close());
    assert.equal(await subject.toEnglish('一只猫'), '一只猫');
    assert.equal(subject.stats().failures, 1);
    assert.equal(lines.length, 1);
    assert.match(lines[0] ?? '', /HTTP 403: Forbidden/);
    assert.doesNotMatch(lines[0] ?? '', /wrong-key/);
  });

  for (const [status, message] of [[456, 'Quota exceeded'], [429, 'Too many requests']] as const) {
    it(`falls back on ${status} (${message})`, async (t) => {
      server.override = { status, json: { message } };
      const subject = translator();
      t.after(() => subject.close());
      assert.equal(await subject.toChinese('a dog'), '');
      assert.equal(await subject.toEnglish('一只猫'), '一只猫');
      assert.deepEqual(subject.stats(), { translated: 0, failures: 2, cacheHits: 0 });
    });
  }

  it('picks the free host for :fx keys, the pro host otherwise, a configured URL first', () => {
    assert.equal(deeplBaseUrl({ authKey: AUTH_KEY, baseUrl: '' }), DEEPL_FREE_URL);
    assert.equal(deeplBaseUrl({ authKey: 'pro-key', baseUrl: '' }), DEEPL_PRO_URL);
    assert.equal(deeplBaseUrl({ authKey: AUTH_KEY, baseUrl: 'http://127.0.0.1:9' }), 'http://127.0.0.1:9');
  });
});
