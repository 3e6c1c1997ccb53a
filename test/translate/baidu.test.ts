import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createPromptTranslator } from '../../src/translate/index.js';
import { silentLogger } from '../../src/lib/logger.js';
import { fakeBaidu } from './fake-providers.js';
import { translateConfig, type FakeServer } from './fake-server.js';

const APP_ID = '20240101000000001';
const SECRET = 'baidu-secret-value';

describe('Baidu backend', () => {
  let server: FakeServer;
  before(async () => { server = await fakeBaidu(APP_ID, SECRET); });
  after(() => server.close());
  beforeEach(() => {
    server.calls.length = 0;
    server.override = null;
  });

  const translator = (appSecret = SECRET) => createPromptTranslator(translateConfig({
    way: 'baidu', zhWay: 'baidu', baidu: { appId: APP_ID, appSecret, baseUrl: `${server.url}/` },
  }), silentLogger);

  it('sends a signed form with every piece as one line of q', async (t) => {
    const subject = translator();
    t.after(() => subject.close());
    const prompt = 'https://cdn.example.com/a.png 一只猫 --ar 16:9 --no 红色 汽车';
    assert.equal(await subject.toEnglish(prompt), 'https://cdn.example.com/a.png a cat --ar 16:9 --no red car');
    assert.equal(server.calls.length, 1);
    const form = new URLSearchParams(server.calls[0]?.body);
    assert.equal(form.get('q'), '一只猫\n红色 汽车');
    assert.equal(form.get('from'), 'zh');
    assert.equal(form.get('to'), 'en');
    assert.match(form.get('salt') ?? '', /^\d+$/);
    assert.match(form.get('sign') ?? '', /^[0-9a-f]{32}$/);
    assert.deepEqual(subject.stats(), { translated: 2, failures: 0, cacheHits: 0 });
  });

  it('falls back to the original on an error_code body (wrong secret → Invalid Sign)', async (t) => {
    const subject = translator('not-the-secret');
    t.after(() => subject.close());
    assert.equal(await subject.toEnglish('一只猫'), '一只猫');
    assert.equal(server.calls.length, 1);
    assert.equal(subject.stats().failures, 1);
  });

  it('treats error codes such as 54003 (rate limited) as failures', async (t) => {
    server.override = { status: 200, json: { error_code: '54003', error_msg: 'Invalid Access Limit' } };
    const subject = translator();
    t.after(() => subject.close());
    assert.equal(await subject.toEnglish('一只猫'), '一只猫');
    assert.equal(subject.stats().failures, 1);
  });

  it('rejects a trans_result that does not match the lines sent', async (t) => {
    server.override = { status: 200, json: { from: 'zh', to: 'en', trans_result: [{ src: '一只猫', dst: 'a cat' }] } };
    const subject = translator();
    t.after(() => subject.close());
    assert.equal(await subject.toEnglish('一只猫 --no 红色 汽车'), '一只猫 --no 红色 汽车');
    assert.equal(subject.stats().failures, 1);
  });

  it('translates describe results into Chinese from English', async (t) => {
    const subject = translator();
    t.after(() => subject.close());
    assert.equal(await subject.toChinese('1️⃣ a dog --ar 3:2'), '1️⃣ 一只狗 --ar 3:2');
    const form = new URLSearchParams(server.calls[0]?.body);
    assert.equal(form.get('from'), 'en');
    assert.equal(form.get('to'), 'zh');
  });
});
