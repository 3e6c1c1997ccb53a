import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { testApp } from './helpers.js';

interface Operation {
  summary?: string;
  tags?: string[];
  responses?: Record<string, unknown>;
  parameters?: unknown[];
  requestBody?: unknown;
  /** [] = no auth; absent = the document's (API secret). */
  security?: unknown[];
}
type Document = { paths: Record<string, Record<string, Operation>> };

/**
 * Routes that are not part of the API: the admin UI's files (outside /mj, but /metrics), the Swagger UI's
 * own files, HEAD twins, CORS preflight, the old docs address.
 */
const NOT_API = (method: string, path: string): boolean =>
  method === 'HEAD' || method === 'OPTIONS' || (!path.startsWith('/mj/') && path !== '/metrics')
  || path === '/mj/doc' || path.startsWith('/mj/doc/') || path === '/mj/doc.html';

/**
 * Every registered method + path, read from Fastify's route tree
 * (`├── /mj/task/list (GET, HEAD)`, children indented by four columns and continuing their parent's path).
 */
function registeredRoutes(app: FastifyInstance): string[] {
  const routes: string[] = [];
  const parents: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^(.*?)[├└]── (.+?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!match) continue;
    const depth = [...(match[1] ?? '')].length / 4;
    const path = (parents[depth - 1] ?? '') + (match[2] ?? '');
    parents[depth] = path;
    for (const method of (match[3] ?? '').split(', ').filter(Boolean)) {
      if (!NOT_API(method, path)) routes.push(`${method} ${path.replace(/:(\w+)/g, '{$1}')}`);
    }
  }
  return routes.sort();
}

async function appAndDocument() {
  const { app } = await testApp();
  await app.ready();
  const document = (await app.inject('/mj/doc/json')).json() as Document;
  return { app, document };
}

test('the OpenAPI document lists exactly the routes the app serves', async (t) => {
  const { app, document } = await appAndDocument();
  t.after(() => app.close());
  const documented = Object.entries(document.paths)
    .flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`)).sort();
  const registered = registeredRoutes(app);
  assert.ok(registered.length > 20, 'the route tree was read');
  assert.deepEqual(documented, registered);
});

test('every operation says what it does and documents its answer and its errors', async (t) => {
  const { app, document } = await appAndDocument();
  t.after(() => app.close());
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const name = `${method.toUpperCase()} ${path}`;
      assert.ok(operation.summary, `${name} has a summary`);
      assert.ok(operation.tags?.length, `${name} has a tag`);
      assert.ok(operation.responses?.['200'], `${name} documents its 200 answer`);
      // Only a route that takes nothing and needs no secret (health) cannot be refused.
      const canBeRefused = operation.parameters?.length || operation.requestBody || operation.security?.length !== 0;
      if (canBeRefused) assert.ok(operation.responses?.['4XX'], `${name} documents its error answers`);
    }
  }
});
