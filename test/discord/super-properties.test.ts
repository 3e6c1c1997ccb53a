import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildSuperProperties, DEFAULT_USER_AGENT, encodeSuperProperties } from '../../src/discord/protocol/index.js';

const cases: [string, Record<string, string>][] = [
  [DEFAULT_USER_AGENT, { os: 'Windows', os_version: '10', browser: 'Chrome', browser_version: '138.0.0.0' }],
  ['Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0', { os: 'Linux', browser: 'Firefox', browser_version: '128.0' }],
  ['Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
    { os: 'Mac OS X', os_version: '10.15.7', browser: 'Safari', browser_version: '17.5' }],
  ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.2592.87',
    { os: 'Windows', browser: 'Edge', browser_version: '126.0.2592.87' }],
  ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
    { os: 'iOS', os_version: '17.5', browser: 'Safari' }],
];

test('properties are derived from the user agent', () => {
  for (const [userAgent, expected] of cases) {
    const properties = buildSuperProperties({ userAgent });
    for (const [key, value] of Object.entries(expected)) assert.equal(properties[key], value, `${key} of ${userAgent}`);
    assert.equal(properties.browser_user_agent, userAgent);
  }
});

test('defaults: a Chrome UA, stable channel, a build number, and the locale', () => {
  const properties = buildSuperProperties({ locale: 'zh-CN', clientBuildNumber: 1234 });
  assert.equal(properties.browser_user_agent, DEFAULT_USER_AGENT);
  assert.equal(properties.release_channel, 'stable');
  assert.equal(properties.client_build_number, 1234);
  assert.equal(properties.system_locale, 'zh-CN');
});

test('the header is base64 of the same JSON', () => {
  const properties = buildSuperProperties();
  assert.deepEqual(JSON.parse(Buffer.from(encodeSuperProperties(properties), 'base64').toString('utf8')), properties);
});
