import assert from 'node:assert/strict';
import { it } from 'node:test';
import Fastify from 'fastify';
import { lazySchemaCompilers } from '../../src/api/lazy-schema-compilers.js';

it('compiles a route\'s schemas at its first request, not at ready, and validates and serializes as Fastify does', async () => {
  const app = Fastify({ schemaController: lazySchemaCompilers() });
  app.post('/cat', {
    schema: {
      body: { type: 'object', required: ['name'], properties: { name: { type: 'string', minLength: 2 } } },
      response: { 200: { type: 'object', properties: { name: { type: 'string' } } } },
    },
  }, (request) => ({ ...(request.body as object), secret: 'not in the schema' }));
  // A schema ajv cannot compile: eagerly compiled, ready() would throw.
  app.post('/never-asked', { schema: { body: { type: 'no such type' } } }, () => 'unreachable');
  await app.ready();

  const ok = await app.inject({ method: 'POST', url: '/cat', payload: { name: 'Tom' } });
  assert.equal(ok.statusCode, 200);
  assert.deepEqual(ok.json(), { name: 'Tom' });
  const bad = await app.inject({ method: 'POST', url: '/cat', payload: { name: 'T' } });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.json<{ message: string }>().message, /body\/name must NOT have fewer than 2 characters/);
  const broken = await app.inject({ method: 'POST', url: '/never-asked', payload: {} });
  assert.equal(broken.statusCode, 500);
  await app.close();
});
