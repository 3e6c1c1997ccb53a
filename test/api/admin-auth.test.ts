import { test } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import { requireAdmin } from '../../src/api/admin-auth.js';
import { registerWire } from '../../src/api/wire.js';
import { testApp } from './helpers.js';

const API = 'client-secret';
const ADMIN = 'admin-secret';

const current = async (server: Record<string, string>, headers: Record<string, string>) => {
  const { app } = await testApp({ server });
  try {
    const response = await app.inject({ method: 'GET', url: '/mj/admin/current', headers });
    return { status: response.statusCode, body: response.json<{ code: number; result?: { role: string; adminSecretSet: boolean } }>() };
  } finally {
    await app.close();
  }
};

test('the admin surface takes the admin secret (header or Bearer) and refuses the API secret with 401', async () => {
  const secrets = { apiSecret: API, adminSecret: ADMIN };
  assert.deepEqual((await current(secrets, { 'mj-api-secret': ADMIN })).body.result, { role: 'ADMIN', adminSecretSet: true });
  assert.equal((await current(secrets, { authorization: `Bearer ${ADMIN}` })).status, 200);
  const refused = await current(secrets, { 'mj-api-secret': API });
  assert.equal(refused.status, 401);
  assert.equal(refused.body.code, 401);
  assert.equal((await current(secrets, {})).status, 401);
});

test('with no admin secret the admin surface reads (with the API secret) and refuses every change with 403', async () => {
  const secrets = { apiSecret: API, adminSecret: '' };
  assert.deepEqual((await current(secrets, { 'mj-api-secret': API })).body.result, { role: 'READ_ONLY', adminSecretSet: false });
  assert.equal((await current(secrets, {})).status, 401);
  // Any admin route that changes something: a scope guarded the way the admin routes are.
  const app = Fastify();
  registerWire(app, { english: true, bodyLimitBytes: 1024, maxParamLength: 100 });
  await app.register(async (scope) => {
    requireAdmin(scope, secrets);
    scope.post('/change', () => ({ code: 1 }));
    scope.get('/read', () => ({ code: 1 }));
  });
  try {
    assert.equal((await app.inject({ method: 'GET', url: '/read', headers: { 'mj-api-secret': API } })).statusCode, 200);
    const change = await app.inject({ method: 'POST', url: '/change', headers: { 'mj-api-secret': API } });
    assert.equal(change.statusCode, 403);
    assert.match(change.json<{ description: string }>().description, /adminSecret/);
  } finally {
    await app.close();
  }
});

test('the admin secret opens the client API too; the API secret stays enough there', async () => {
  const { app } = await testApp({ server: { apiSecret: API, adminSecret: ADMIN } });
  try {
    for (const secret of [API, ADMIN]) {
      const response = await app.inject({ method: 'GET', url: '/mj/task/list', headers: { 'mj-api-secret': secret } });
      assert.equal(response.statusCode, 200, secret);
    }
    assert.equal((await app.inject({ method: 'GET', url: '/mj/task/list', headers: { 'mj-api-secret': 'wrong' } })).statusCode, 401);
  } finally {
    await app.close();
  }
});
