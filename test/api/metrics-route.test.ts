/** GET /metrics: the exposition as text/plain, guarded like every read of the admin surface. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FAKE_METRICS, testApp } from './helpers.js';

const get = async (server: { apiSecret?: string; adminSecret?: string }, headers: Record<string, string> = {}) => {
  const { app } = await testApp({ server });
  try {
    const response = await app.inject({ method: 'GET', url: '/metrics', headers });
    return { status: response.statusCode, type: String(response.headers['content-type']), body: response.body };
  } finally {
    await app.close();
  }
};

test('open when no secret is set, answering the exposition exactly as text/plain; version=0.0.4', async () => {
  const answer = await get({});
  assert.equal(answer.status, 200);
  assert.equal(answer.type, FAKE_METRICS.contentType);
  assert.equal(answer.body, await FAKE_METRICS.render());
});

test('with an admin secret: that secret (header or Bearer, as Prometheus sends it) and nothing else', async () => {
  const server = { apiSecret: 'api', adminSecret: 'admin' };
  assert.equal((await get(server)).status, 401);
  const refused = await get(server, { 'mj-api-secret': 'api' });
  assert.equal(refused.status, 401, 'the API secret alone is not enough');
  assert.deepEqual(Object.keys(JSON.parse(refused.body) as object).sort(), ['code', 'description']);
  assert.equal((await get(server, { 'mj-api-secret': 'admin' })).status, 200);
  assert.equal((await get(server, { authorization: 'Bearer admin' })).status, 200);
});

test('without an admin secret: the API secret rule', async () => {
  const server = { apiSecret: 'api' };
  assert.equal((await get(server)).status, 401);
  assert.equal((await get(server, { authorization: 'Bearer api' })).status, 200);
});
