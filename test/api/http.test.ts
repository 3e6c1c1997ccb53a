import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalMediaStore } from '../../src/images/index.js';
import { incidents } from '../../src/lib/incidents.js';
import { HEALTH, post, testApp } from './helpers.js';

const SECRET = 'open-sesame';

test('with a secret: either header works (any case), anything else is 401 JSON', async (t) => {
  const { app, tasks } = await testApp({ server: { apiSecret: SECRET } });
  t.after(() => app.close());
  const url = '/mj/submit/shorten';
  const accepted: Record<string, string>[] = [
    { 'mj-api-secret': SECRET }, { 'MJ-API-SECRET': SECRET }, { authorization: `Bearer ${SECRET}` },
    { Authorization: `bearer ${SECRET}` }, { 'mj-api-secret': 'wrong', authorization: `Bearer ${SECRET}` },
  ];
  for (const headers of accepted) {
    assert.equal((await post(app, url, { prompt: 'x' }, headers)).body.code, 1, JSON.stringify(headers));
  }
  const refused: Record<string, string>[] = [{}, { 'mj-api-secret': 'wrong' }, { authorization: 'Bearer wrong' }, { 'mj-api-secret': `${SECRET}x` }];
  for (const headers of refused) {
    const { status, body } = await post(app, url, { prompt: 'x' }, headers);
    assert.equal(status, 401, JSON.stringify(headers));
    assert.equal(body.code, 401);
    assert.equal(typeof body.description, 'string');
  }
  const prefixed = await app.inject('/mj-turbo/mj/task/queue');
  assert.equal(prefixed.statusCode, 401);
  assert.equal(tasks.calls.length, accepted.length);
});

test('health, served images and docs need no secret; image parts carry CORS *', async (t) => {
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47]);
  const dir = await mkdtemp(join(tmpdir(), 'mj-http-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const images = new LocalMediaStore(dir, () => 'http://mj.example');
  await images.put('7', '2.png', png);
  const { app } = await testApp({ server: { apiSecret: SECRET }, images });
  t.after(() => app.close());
  const health = await app.inject('/mj/health');
  assert.equal(health.statusCode, 200);
  assert.deepEqual(health.json(), { status: 'ok', accounts: HEALTH, incidents: incidents.snapshot() });

  const image = await app.inject({ url: '/mj/image/7/2.png', headers: { origin: 'http://front.example' } });
  assert.equal(image.statusCode, 200);
  assert.equal(image.headers['content-type'], 'image/png');
  assert.equal(image.headers['access-control-allow-origin'], '*');
  assert.deepEqual(image.rawPayload, png);
  for (const missing of ['/mj/image/7/3.png', '/mj/image/7/2.jpg']) {
    const response = await app.inject(missing);
    assert.equal(response.statusCode, 404, missing);
    assert.equal(response.json().code, 404);
  }

  const doc = await app.inject('/mj/doc');
  assert.equal(doc.statusCode, 200);
  assert.match(String(doc.headers['content-type']), /text\/html/);
  const spec = (await app.inject('/mj/doc/json')).json() as { openapi: string; paths: Record<string, unknown> };
  assert.match(spec.openapi, /^3\./);
  assert.ok(spec.paths['/mj/submit/imagine'] && spec.paths['/mj/task/{id}/fetch']);
  assert.ok(!Object.keys(spec.paths).some((path) => path.startsWith('/mj-fast')), 'prefixed copies are hidden');
  const old = await app.inject('/mj/doc.html');
  assert.equal(old.statusCode, 302);
  assert.equal(old.headers.location, '/mj/doc');
});

test('CORS preflight is answered before auth and allows the requested headers', async (t) => {
  const { app } = await testApp({ server: { apiSecret: SECRET } });
  t.after(() => app.close());
  const preflight = await app.inject({
    method: 'OPTIONS', url: '/mj/submit/imagine',
    headers: {
      origin: 'http://front.example', 'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type,authorization,mj-api-secret,x-custom',
    },
  });
  assert.equal(preflight.statusCode, 204);
  assert.equal(preflight.headers['access-control-allow-origin'], '*');
  const allowed = String(preflight.headers['access-control-allow-headers']).toLowerCase();
  for (const header of ['content-type', 'authorization', 'mj-api-secret', 'x-custom']) assert.ok(allowed.includes(header), header);
  assert.match(String(preflight.headers['access-control-allow-methods']), /POST/);
  const adminChange = await app.inject({
    method: 'OPTIONS', url: '/mj/admin/config',
    headers: { origin: 'http://admin.example', 'access-control-request-method': 'PUT', 'access-control-request-headers': 'content-type,mj-api-secret' },
  });
  assert.equal(adminChange.statusCode, 204);
  assert.match(String(adminChange.headers['access-control-allow-methods']), /PUT.*DELETE/, 'the admin API changes with PUT and DELETE');

  const simple = await post(app, '/mj/submit/shorten', { prompt: 'x' }, { origin: 'http://front.example', 'mj-api-secret': SECRET });
  assert.equal(simple.status, 200);
});

test('bad JSON is code 4 on a submit, 400 elsewhere; an oversize body 413, an unknown route 404: all compact JSON', async (t) => {
  const { app } = await testApp({ server: { bodyLimitBytes: 2048 } });
  t.after(() => app.close());
  const badJson = await app.inject({ method: 'POST', url: '/mj/submit/imagine', payload: '{"prompt":', headers: { 'content-type': 'application/json' } });
  assert.equal(badJson.statusCode, 200);
  assert.deepEqual(badJson.json(), { code: 4, description: '请求体不是合法的 JSON', result: null, properties: {} });
  const badBatch = await app.inject({ method: 'POST', url: '/mj/task/list-by-condition', payload: '{"ids":[', headers: { 'content-type': 'application/json' } });
  assert.equal(badBatch.statusCode, 400);
  assert.equal(badBatch.json().code, 400);

  const big = await post(app, '/mj/submit/imagine', { prompt: 'x'.repeat(4096) });
  assert.equal(big.status, 413);
  assert.equal(big.body.code, 413);

  const unknown = await app.inject('/mj/nothing-here');
  assert.equal(unknown.statusCode, 404);
  assert.equal(unknown.json().code, 404);
  for (const response of [badJson, badBatch, unknown]) {
    assert.match(String(response.headers['content-type']), /application\/json/);
    assert.ok(!response.body.includes('": '));
  }
  // A body sent without a JSON content type (curl's default) is still read as JSON.
  const form = await app.inject({
    method: 'POST', url: '/mj/submit/shorten', payload: '{"prompt":"x"}',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  assert.equal(form.json().code, 1);
});

test('an unexpected error on a non-submit route is 500 JSON without a stack', async (t) => {
  const { app } = await testApp({ answers: { queue: async () => { throw new Error('database exploded'); } } });
  t.after(() => app.close());
  const response = await app.inject('/mj/task/queue');
  assert.equal(response.statusCode, 500);
  assert.equal(response.json().code, 500);
  assert.ok(!response.body.includes('exploded'));
});

test('the app listens on a real port', async (t) => {
  const { app } = await testApp();
  t.after(() => app.close());
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  const response = await fetch(`${address}/mj/health`);
  assert.equal(response.status, 200);
  assert.equal(await response.text(), `{"status":"ok","accounts":${JSON.stringify(HEALTH)},"incidents":${JSON.stringify(incidents.snapshot())}}`);
});
