import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { silentLogger } from '../../src/lib/logger.js';
import { createPromptTranslator, LiveTranslator, TranslateConfigError } from '../../src/translate/index.js';
import { fakeDeepl } from './fake-providers.js';
import { translateConfig } from './fake-server.js';

const KEY = 'live-key:fx';
const SLOW_ANSWER_MS = 300;
const create = (config: Parameters<typeof createPromptTranslator>[0]) => createPromptTranslator(config, silentLogger);

/** A DeepL that answers every text as "a slow cat", after a while. */
async function slowDeepl(): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      setTimeout(() => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ translations: [{ detected_source_language: 'ZH', text: 'a slow cat' }] }));
      }, SLOW_ANSWER_MS);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

test('a new configuration takes the next texts; one it cannot work with is refused before anything changes', async (t) => {
  const deepl = await fakeDeepl(KEY);
  t.after(() => deepl.close());
  const live = new LiveTranslator(translateConfig({}), create);
  t.after(() => live.close());
  assert.equal(await live.toEnglish('一只猫'), '一只猫');

  const config = translateConfig({ way: 'deepl', deepl: { authKey: KEY, baseUrl: deepl.url } });
  live.use(live.build(config), config);
  assert.equal(await live.toEnglish('一只猫'), 'a cat');

  assert.throws(() => live.build(translateConfig({ way: 'baidu' })), (error: unknown) =>
    error instanceof TranslateConfigError && error.key === 'translate.baidu.appId');
  assert.equal(await live.toEnglish('猫'), 'cat', 'still the DeepL configuration');
  assert.equal(live.stats().translated, 2);
});

test('a text in flight when the configuration changes finishes on the translator it started on', async (t) => {
  const slow = await slowDeepl();
  t.after(() => slow.close());
  const config = translateConfig({ way: 'deepl', timeoutMs: 5000, deepl: { authKey: KEY, baseUrl: slow.url } });
  const live = new LiveTranslator(config, create);
  const inFlight = live.toEnglish('一只猫');
  await sleep(SLOW_ANSWER_MS / 3);
  const none = translateConfig({});
  live.use(live.build(none), none);
  assert.equal(await live.toEnglish('一只狗'), '一只狗', 'new texts: the new configuration');
  assert.equal(await inFlight, 'a slow cat', 'not cut short by the change');
  assert.equal(live.stats().translated, 1, 'the replaced translator still counts');
  await live.close();
  assert.equal(await live.toEnglish('一只猫'), '一只猫', 'closed: texts go out as they are');
});
