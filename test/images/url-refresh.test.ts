import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deferred } from '../../src/lib/deferred.js';
import { silentLogger } from '../../src/lib/logger.js';
import { REFRESH_BATCH, UrlRefresher } from '../../src/images/url-refresh.js';

const fresh = (url: string) => `${url}#fresh`;

test('URLs are refreshed in batches of 50; a URL already being refreshed is not asked again', async () => {
  const calls: string[][] = [];
  const held = deferred<void>();
  const refresher = new UrlRefresher(async (urls) => {
    calls.push([...urls]);
    await held.promise;
    return new Map(urls.filter((url) => !url.includes('gone')).map((url) => [url, fresh(url)]));
  }, silentLogger);
  const many = Array.from({ length: REFRESH_BATCH + 3 }, (_, i) => `u${i}`);
  const first = refresher.refreshAll([...many, 'gone', 'u0']);
  const second = refresher.refreshAll(['u1', 'u2', 'other']);
  held.resolve();
  const [a, b] = await Promise.all([first, second]);
  assert.deepEqual(calls.map((batch) => batch.length), [REFRESH_BATCH, 4, 1]);
  assert.deepEqual(calls[2], ['other']);
  assert.equal(a.size, many.length, 'the unknown one is left out');
  assert.equal(a.get('u52'), fresh('u52'));
  assert.deepEqual([...b.entries()], [['u1', fresh('u1')], ['u2', fresh('u2')], ['other', fresh('other')]]);
});

test('a failing or hanging refresh gives no URLs and no error, within the bound', async () => {
  const failing = new UrlRefresher(() => Promise.reject(new Error('no account')), silentLogger);
  assert.equal((await failing.refreshAll(['a'])).size, 0);
  const hanging = new UrlRefresher(() => new Promise(() => undefined), silentLogger, 50);
  assert.equal((await hanging.refreshAll(['a'])).size, 0);
  assert.equal((await hanging.refreshAll([])).size, 0);
});
