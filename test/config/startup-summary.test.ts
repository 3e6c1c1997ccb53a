import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveConfig } from '../../src/config/load.js';
import { isLoopback, startupSummary, withoutCredentials } from '../../src/config/startup-summary.js';

test('the store shows without its password; other URLs unchanged', () => {
  assert.equal(withoutCredentials('postgres://mj:s3cret@db:5432/mj'), 'postgres://mj:***@db:5432/mj');
  assert.equal(withoutCredentials('redis://:s3cret@cache:6379/0'), 'redis://:***@cache:6379/0');
  assert.equal(withoutCredentials('mysql://db/mj?user=mj&password=s3cret'), 'mysql://db/mj?user=mj&password=***');
  assert.equal(withoutCredentials('sqlite:./data/mj-proxy.db'), 'sqlite:./data/mj-proxy.db');
  assert.equal(withoutCredentials('not a url user:pw@host'), '***');
});

test('loopback hosts', () => {
  for (const host of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost', '::ffff:127.0.0.1']) assert.ok(isLoopback(host), host);
  for (const host of ['0.0.0.0', '::', '192.168.1.2', 'example.com']) assert.ok(!isLoopback(host), host);
});

const everywhere = { address: '0.0.0.0', family: 'IPv4', port: 8080 };

test('mode, auth and the warnings for an open API on the network and an empty publicUrl', () => {
  const open = startupSummary(resolveConfig({}), everywhere, 'http://127.0.0.1:8080', true);
  assert.match(open.mode, /^demo/);
  assert.equal(open.address, 'http://0.0.0.0:8080');
  assert.equal(open.auth, 'off');
  assert.equal(open.warnings.length, 2);
  assert.match(open.warnings[0] ?? '', /server\.apiSecret is empty.*0\.0\.0\.0.*port 8080/);
  assert.match(open.warnings[1] ?? '', /server\.publicUrl is empty.*http:\/\/127\.0\.0\.1:8080/);

  const accounts = [{ channelId: '1', userToken: 'x' }, { channelId: '2', userToken: 'y', enable: false }];
  const closed = startupSummary(resolveConfig({
    server: { host: '0.0.0.0', apiSecret: 'k', publicUrl: 'https://mj.example.com' }, accounts,
  }), { address: '::', family: 'IPv6', port: 8080 }, 'https://mj.example.com', false);
  assert.deepEqual({ ...closed, store: undefined }, { mode: '2 accounts (1 enabled)', store: undefined, address: 'http://[::]:8080', auth: 'on', warnings: [] });

  const loopback = { address: '127.0.0.1', family: 'IPv4', port: 8080 };
  const local = startupSummary(resolveConfig({ server: { host: '127.0.0.1', publicUrl: 'http://127.0.0.1:8080' } }), loopback, 'http://127.0.0.1:8080', true);
  assert.deepEqual(local.warnings, [], 'no secret needed on loopback');
});
