import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveConfig } from '../../src/config/load.js';
import { ConfigChangeError } from '../../src/config/runtime-keys.js';
import { RuntimeSettings, type ChangeHandler } from '../../src/config/runtime-settings.js';
import { maskSecret } from '../../src/config/secrets.js';
import { configSources } from '../../src/config/sources.js';
import { silentLogger } from '../../src/lib/logger.js';
import { memoryConfigStore } from '../api/helpers.js';

const GPT_KEY = 'sk-test-0123456789abcdefXYZ';

async function open(yaml: Record<string, unknown> = {}, env: Record<string, string> = {}, store = memoryConfigStore()) {
  const settings = await RuntimeSettings.open({ base: resolveConfig(yaml, env), sources: configSources(yaml, env), store, logger: silentLogger });
  return { settings, store };
}

const refusal = (key: string) => (error: unknown) => error instanceof ConfigChangeError && error.key === key;

test('sources: default, yaml, env (a variable beats the YAML; a mapping as JSON sets only what it names), store', async () => {
  const { settings } = await open(
    { translate: { way: 'gpt', gpt: { apiKey: GPT_KEY } }, notify: { hook: 'http://yaml.example/hook' } },
    { MJ_NOTIFY_HOOK: 'http://env.example/hook', MJ_TIMEOUTS: '{"taskMinutes":2}' },
  );
  await settings.update({ accountSelection: 'round-robin' });
  const { sources, config } = settings.view();
  assert.equal(sources['translate.way'], 'yaml');
  assert.equal(sources['translate.zhWay'], 'default');
  assert.equal(sources['notify.hook'], 'env');
  assert.equal(sources['timeouts.taskMinutes'], 'env');
  assert.equal(sources['timeouts.modalMinutes'], 'default');
  assert.equal(sources.accountSelection, 'store');
  assert.equal(sources['bannedWords.words'], 'default', 'the shipped list when neither a list nor a file is set');
  assert.equal((config.notify as { hook: string }).hook, 'http://env.example/hook');
});

test('credentials are masked in the view; sent back masked they stay; a new one replaces them', async () => {
  const { settings, store } = await open({ translate: { way: 'gpt', gpt: { apiKey: GPT_KEY } }, images: { s3: { secretAccessKey: 'short' } } });
  const view = settings.view();
  const shown = (view.config.translate as { gpt: { apiKey: string } }).gpt.apiKey;
  assert.equal(shown, 'sk-…XYZ');
  assert.equal((view.config.images as { s3: { secretAccessKey: string } }).s3.secretAccessKey, '…', 'a short one shows nothing of itself');
  assert.ok(!JSON.stringify(view).includes(GPT_KEY));

  const kept = await settings.update({ translate: { gpt: { apiKey: shown, model: 'gpt-4.1' } } });
  assert.deepEqual(kept.changed, ['translate.gpt.model']);
  assert.equal(settings.current.translate.gpt.apiKey, GPT_KEY);
  assert.ok(!store.entries.has('translate.gpt.apiKey'));

  await settings.update({ translate: { gpt: { apiKey: 'sk-another-key-9876543210' } } });
  assert.equal(settings.current.translate.gpt.apiKey, 'sk-another-key-9876543210');
  assert.equal(settings.view().sources['translate.gpt.apiKey'], 'store');
  assert.equal(maskSecret(''), '', 'an empty credential shows as empty (none set)');
});

test('a bad value is refused naming the key; nothing is applied or kept', async () => {
  const { settings, store } = await open();
  const applied: string[] = [];
  settings.onChange(['accountSelection', 'notify'], (next) => ({ apply: () => applied.push(next.accountSelection) }));
  await assert.rejects(settings.update({ accountSelection: 'round-robin', notify: { concurrency: 0 } }), refusal('notify.concurrency'));
  await assert.rejects(settings.update({ accountSelection: 'fastest' }), (error: unknown) =>
    refusal('accountSelection')(error) && /best-wait-idle \| round-robin/.test((error as Error).message));
  await assert.rejects(settings.update({ server: { port: 1 } }), refusal('server'));
  await assert.rejects(settings.update({ translate: { wya: 'gpt' } }), refusal('translate.wya'));
  await assert.rejects(settings.update({ notify: 'http://x' }), refusal('notify'));
  await assert.rejects(settings.update([1, 2]), refusal('(body)'));
  await assert.rejects(settings.update({ notify: { allowedHosts: ['ok.example', ''] } }), refusal('notify.allowedHosts.1'));
  assert.deepEqual(applied, []);
  assert.equal(store.entries.size, 0);
  assert.equal(settings.current.accountSelection, 'best-wait-idle');
  assert.equal(settings.view().sources.accountSelection, 'default');
});

test('a module that refuses stops the whole change; the others discard what they prepared', async () => {
  const { settings, store } = await open();
  const events: string[] = [];
  settings.onChange(['notify'], () => ({ apply: () => events.push('notify applied'), discard: () => events.push('notify discarded') }));
  const refuse: ChangeHandler = () => {
    throw new ConfigChangeError('translate.baidu.appId', 'is required');
  };
  settings.onChange(['translate'], refuse);
  await assert.rejects(settings.update({ notify: { hook: 'http://h.example/' }, translate: { way: 'baidu' } }), refusal('translate.baidu.appId'));
  assert.deepEqual(events, ['notify discarded']);
  assert.equal(store.entries.size, 0);
  assert.equal(settings.current.notify.hook, '');
});

test('only the modules of changed sections hear of a change; values converted as the YAML\'s are', async () => {
  const { settings, store } = await open();
  const heard: string[] = [];
  settings.onChange(['timeouts'], (next) => ({ apply: () => heard.push(`timeouts ${next.timeouts.taskMinutes}`) }));
  settings.onChange(['images'], () => ({ apply: () => heard.push('images') }));
  await settings.update({ timeouts: { taskMinutes: '2.5' } });
  assert.deepEqual(heard, ['timeouts 2.5']);
  assert.equal(store.entries.get('timeouts.taskMinutes'), 2.5);
  const result = await settings.update({ timeouts: { taskMinutes: 2.5 } });
  assert.deepEqual(result.changed, [], 'the same value again changes nothing');
  assert.deepEqual(heard, ['timeouts 2.5']);
});

test('null resets a key, or every key of a section, to its YAML / env / default value', async () => {
  const { settings, store } = await open({ notify: { hook: 'http://yaml.example/' } });
  await settings.update({ notify: { hook: 'http://store.example/', maxAttempts: 2 }, accountSelection: 'random' });
  await settings.update({ accountSelection: null });
  assert.equal(settings.current.accountSelection, 'best-wait-idle');
  await settings.update({ notify: null });
  assert.equal(settings.current.notify.hook, 'http://yaml.example/');
  assert.equal(settings.view().sources['notify.hook'], 'yaml');
  assert.equal(store.entries.size, 0);
});

test('kept changes win over the YAML at the next start; one no longer valid is ignored; forget drops a section\'s', async () => {
  const store = memoryConfigStore();
  const first = await open({ accountSelection: 'random' }, {}, store);
  await first.settings.update({ accountSelection: 'weighted', translate: { timeoutMs: 900 } });
  store.entries.set('notify.maxAttempts', 'many');
  store.entries.set('server.port', 1);
  const { settings } = await open({ accountSelection: 'random' }, {}, store);
  assert.equal(settings.current.accountSelection, 'weighted');
  assert.equal(settings.view().sources.accountSelection, 'store');
  assert.equal(settings.current.notify.maxAttempts, 5);
  assert.equal(settings.current.server.port, 8080);
  assert.ok(settings.hasChanges('translate'));
  await settings.forget('translate');
  assert.equal(settings.current.translate.timeoutMs, 5000);
  assert.ok(!store.entries.has('translate.timeoutMs'));
});

test('the image store, its folder and S3 settings are kept at once and apply after a restart', async () => {
  const { settings } = await open();
  const { afterRestart } = settings.view();
  assert.ok(afterRestart.includes('images.store'));
  assert.ok(afterRestart.includes('images.s3.bucket'));
  assert.ok(!afterRestart.includes('images.previews'));
});
