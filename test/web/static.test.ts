/** How the API serves the built admin UI: at / and /admin/, cached sensibly, JSON 404s kept; and without a build. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveConfig } from '../../src/config/load.js';
import { buildApp } from '../../src/api/app.js';
import { silentLogger } from '../../src/lib/logger.js';
import { startTestService, tempDir, type TestService } from '../e2e/harness.js';
import { assertUiBuilt } from './browser.js';

let svc: TestService;

before(async () => {
  assertUiBuilt();
  svc = await startTestService({ server: { apiSecret: 'static-secret' } });
});
after(() => svc?.close());

const get = (path: string) => fetch(svc.service.url + path, { redirect: 'manual' });

test('the UI at / and /admin/ (no secret needed), /admin redirects, assets are immutable and pages revalidated', async () => {
  for (const path of ['/', '/admin/']) {
    const page = await get(path);
    assert.equal(page.status, 200, path);
    assert.match(page.headers.get('content-type') ?? '', /text\/html/);
    assert.equal(page.headers.get('cache-control'), 'no-cache');
    const html = await page.text();
    const script = /src="\.\/(assets\/[^"]+\.js)"/.exec(html)?.[1];
    assert.ok(script, 'index.html loads a relative script');
    const asset = await get(`${path}${script}`);
    assert.equal(asset.status, 200, `${path}${script}`);
    assert.match(asset.headers.get('content-type') ?? '', /javascript/);
    assert.equal(asset.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  }
  const redirect = await get('/admin');
  assert.equal(redirect.status, 302);
  assert.equal(redirect.headers.get('location'), 'admin/');
});

test('paths that are not UI files keep the API’s JSON 404, and the API keeps its secret', async () => {
  for (const path of ['/nothing-here', '/admin/nothing-here', '/assets/missing.js']) {
    const answer = await get(path);
    assert.equal(answer.status, 404, path);
    assert.equal(((await answer.json()) as { code: number }).code, 404);
  }
  assert.equal((await get('/mj/task/list')).status, 401);
});

test('without a built UI, / and /admin/ answer a JSON 404 that says how to build it', async () => {
  const app = await buildApp({
    tasks: svc.service.tasks.service, changes: svc.service.changes, config: resolveConfig({}), settings: svc.service.settings,
    bannedWords: svc.service.bannedWords, logger: silentLogger, webRoot: tempDir(),
  });
  try {
    for (const url of ['/', '/admin', '/admin/']) {
      const answer = await app.inject({ method: 'GET', url });
      assert.equal(answer.statusCode, 404, url);
      const body = answer.json<{ code: number; description: string }>();
      assert.equal(body.code, 404);
      assert.match(body.description, /npm run build:web/);
    }
  } finally {
    await app.close();
  }
});
