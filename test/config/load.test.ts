import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, envNameFor, resolveConfig } from '../../src/config/load.js';

test('defaults fill every key of SPEC §10', () => {
  const config = resolveConfig({});
  assert.equal(config.server.port, 8080);
  assert.equal(config.server.host, '0.0.0.0');
  assert.equal(config.store.url, 'sqlite:./data/mj-proxy.db');
  assert.equal(config.store.retentionDays, 30);
  assert.equal(config.store.keyPrefix, 'mj:');
  assert.equal(config.translate.way, 'none');
  assert.equal(config.discord.gatewayUrl, 'wss://gateway.discord.gg');
  assert.deepEqual(config.accounts, []);
});

test('env names are MJ_ + the key path in upper snake case', () => {
  assert.equal(envNameFor(['server', 'port']), 'MJ_SERVER_PORT');
  assert.equal(envNameFor(['discord', 'gatewayUrl']), 'MJ_DISCORD_GATEWAY_URL');
});

test('environment overrides YAML and is converted to the schema type', () => {
  const config = resolveConfig({ server: { port: 9000, apiSecret: 'a' } }, { MJ_SERVER_PORT: '9100', MJ_DEMO_JOB_SECONDS: '0.5' });
  assert.equal(config.server.port, 9100);
  assert.equal(config.server.apiSecret, 'a');
  assert.equal(config.demo.jobSeconds, 0.5);
});

test('account entries get their defaults', () => {
  const config = resolveConfig({ accounts: [{ channelId: '1', guildId: '2', userToken: 't' }] });
  const account = config.accounts[0];
  assert.ok(account);
  assert.equal(account.coreSize, 3);
  assert.equal(account.queueSize, 10);
  assert.equal(account.mode, 'FAST');
});

test('an invalid value names the key', () => {
  assert.throws(() => resolveConfig({ server: { port: 'abc' } }), (error: unknown) =>
    error instanceof ConfigError && error.message.includes('server.port'));
  assert.throws(() => resolveConfig({}, { MJ_TRANSLATE_WAY: 'klingon' }), /translate\.way/);
});

test('store keys come from the environment too; a negative retention is refused', () => {
  const config = resolveConfig({}, { MJ_STORE_URL: 'redis://127.0.0.1:6379', MJ_STORE_RETENTION_DAYS: '0', MJ_STORE_KEY_PREFIX: 'a:' });
  assert.deepEqual(config.store, { url: 'redis://127.0.0.1:6379', retentionDays: 0, keyPrefix: 'a:' });
  assert.throws(() => resolveConfig({ store: { retentionDays: -1 } }), /store\.retentionDays/);
});

test('security.allowPrivateNetworks and notify.allowedHosts: closed and open by default, set from the environment', () => {
  const defaults = resolveConfig({});
  assert.equal(defaults.security.allowPrivateNetworks, false);
  assert.deepEqual(defaults.notify.allowedHosts, []);
  const set = resolveConfig({}, { MJ_SECURITY_ALLOW_PRIVATE_NETWORKS: 'true', MJ_NOTIFY_ALLOWED_HOSTS: '["hooks.example","10.0.0.5"]' });
  assert.equal(set.security.allowPrivateNetworks, true);
  assert.deepEqual(set.notify.allowedHosts, ['hooks.example', '10.0.0.5']);
});
