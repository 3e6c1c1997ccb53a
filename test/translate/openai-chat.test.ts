import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createPromptTranslator } from '../../src/translate/index.js';
import { silentLogger } from '../../src/lib/logger.js';
import { chatCompletion, chatError, fakeChat } from './fake-providers.js';
import { translateConfig, type FakeServer } from './fake-server.js';

const API_KEY = 'sk-test-0123456789';
const MODEL = 'gpt-4o-mini';

describe('OpenAI-compatible chat backend', () => {
  let server: FakeServer;
  before(async () => { server = await fakeChat(API_KEY, MODEL); });
  after(() => server.close());
  beforeEach(() => {
    server.calls.length = 0;
    server.override = null;
  });

  const translator = (baseUrl = `${server.url}/v1`, apiKey = API_KEY) => createPromptTranslator(translateConfig({
    way: 'gpt', zhWay: 'gpt', gpt: { baseUrl, apiKey, model: MODEL },
  }), silentLogger);

  it('sends one chat completion per piece with the Bearer key and model', async (t) => {
    const subject = translator();
    t.after(() => subject.close());
    assert.equal(await subject.toEnglish('一只猫 --no 红色 汽车'), 'a cat --no red car');
    assert.equal(server.calls.length, 2);
    const bodies = server.calls.map((call) => JSON.parse(call.body) as { model: string; temperature: number; messages: { role: string; content: string }[] });
    assert.deepEqual(bodies.map((body) => body.messages[1]?.content).sort(), ['一只猫', '红色 汽车'].sort());
    for (const body of bodies) {
      assert.equal(body.model, MODEL);
      assert.equal(body.temperature, 0);
      assert.equal(body.messages[0]?.role, 'system');
    }
    assert.equal(server.calls[0]?.headers.authorization, `Bearer ${API_KEY}`);
  });

  it('accepts the full completions URL as older configurations hold it', async (t) => {
    const subject = translator(`${server.url}/v1/chat/completions`);
    t.after(() => subject.close());
    assert.equal(await subject.toEnglish('猫'), 'cat');
  });

  it('falls back on a 401 error body', async (t) => {
    const subject = translator(`${server.url}/v1`, 'sk-wrong');
    t.after(() => subject.close());
    assert.equal(await subject.toEnglish('猫'), '猫');
    assert.equal(subject.stats().failures, 1);
  });

  it('falls back when one of the parallel calls fails', async (t) => {
    server.override = chatError(500, 'The server had an error while processing your request.', 'server_error');
    const subject = translator();
    t.after(() => subject.close());
    assert.equal(await subject.toEnglish('一只猫 --no 狗'), '一只猫 --no 狗');
    assert.equal(subject.stats().failures, 1);
  });

  for (const [label, json] of [
    ['a null content (refusal)', chatCompletion(MODEL, null)],
    ['an empty content', chatCompletion(MODEL, '   ')],
    ['no choices', { id: 'x', object: 'chat.completion', choices: [] }],
  ] as const) {
    it(`treats ${label} as garbage`, async (t) => {
      server.override = { status: 200, json };
      const subject = translator();
      t.after(() => subject.close());
      assert.equal(await subject.toEnglish('猫'), '猫');
      assert.equal(await subject.toChinese('a dog'), '');
      assert.equal(subject.stats().failures, 2);
    });
  }
});
