/**
 * A JSON number (or boolean) where a submit route expects a string is taken as its text, exactly as if
 * the client had sent the string: checked for every string field of every submit route, found in the
 * OpenAPI document so a new field or route is covered without touching this test.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { PNG_DATA_URL, post, testApp, type TestApp } from './helpers.js';

/** A valid body per submit route; every string field is then tried on top of it. */
const VALID_BODIES: Record<string, Record<string, unknown>> = {
  '/mj/submit/imagine': { prompt: 'cat' },
  '/mj/submit/blend': { base64Array: [PNG_DATA_URL, PNG_DATA_URL] },
  '/mj/submit/describe': { base64: PNG_DATA_URL },
  '/mj/submit/shorten': { prompt: 'a long prompt' },
  '/mj/submit/action': { taskId: '1700000000000123', customId: 'MJ::JOB::upsample::1::h' },
  '/mj/submit/modal': { taskId: '1700000000000123' },
  '/mj/submit/change': { taskId: '1700000000000123', action: 'UPSCALE', index: 1 },
  '/mj/submit/simple-change': { content: '1700000000000123 U1' },
  '/mj/submit/upload-discord-images': { base64Array: [PNG_DATA_URL] },
  '/mj/insight-face/swap': { sourceBase64: PNG_DATA_URL, targetBase64: PNG_DATA_URL },
  '/mj/submit/video': { image: PNG_DATA_URL },
};

/** Larger than 2^53: JSON.parse cannot keep its digits. */
const LOSSY_INTEGER_TEXT = '17000000000001234567';

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
}

/** Paths of the string fields in a body schema, as key lists (a number = an array index). */
function stringFields(schema: JsonSchema, path: (string | number)[] = []): (string | number)[][] {
  const types = [schema.type ?? []].flat();
  if (types.includes('string')) return [path];
  if (schema.properties) return Object.entries(schema.properties).flatMap(([key, child]) => stringFields(child, [...path, key]));
  if (schema.items) return stringFields(schema.items, [...path, 0]);
  return [];
}

function withField(body: Record<string, unknown>, path: (string | number)[], value: unknown): Record<string, unknown> {
  const copy = structuredClone(body);
  let node: Record<string | number, unknown> = copy;
  path.forEach((key, i) => {
    if (i === path.length - 1) return void (node[key] = value);
    node[key] ??= typeof path[i + 1] === 'number' ? [] : {};
    node = node[key] as Record<string | number, unknown>;
  });
  return copy;
}

async function submitRouteSchemas(app: FastifyInstance): Promise<Map<string, JsonSchema>> {
  await app.ready();
  const doc = app.swagger() as { paths: Record<string, { post?: { tags?: string[]; requestBody?: { content: Record<string, { schema: JsonSchema }> } } }> };
  const routes = new Map<string, JsonSchema>();
  for (const [path, operations] of Object.entries(doc.paths)) {
    const schema = operations.post?.requestBody?.content['application/json']?.schema;
    if (schema && operations.post?.tags?.includes('submit')) routes.set(path, schema);
  }
  return routes;
}

/** What the client gets and what reaches the task service. */
async function outcome({ app, tasks }: TestApp, url: string, body: Record<string, unknown>) {
  const before = tasks.calls.length;
  const { status, body: answer } = await post(app, url, body);
  return { status, answer, request: tasks.calls.slice(before).map((call) => call.args[0]) };
}

test('every string field of every submit route takes a number or boolean as its text', async (t) => {
  const service = await testApp();
  t.after(() => service.app.close());
  const routes = await submitRouteSchemas(service.app);
  assert.deepEqual([...routes.keys()].sort(), Object.keys(VALID_BODIES).sort(), 'every submit route has a valid body here');
  let fields = 0;
  for (const [url, schema] of routes) {
    const valid = VALID_BODIES[url] ?? {};
    for (const path of stringFields(schema)) {
      fields += 1;
      for (const value of [123, 1.5, -7, true]) {
        const label = `${url} ${path.join('.')} = ${JSON.stringify(value)}`;
        const asValue = await outcome(service, url, withField(valid, path, value));
        const asText = await outcome(service, url, withField(valid, path, String(value)));
        assert.ok(asValue.status < 500, label);
        assert.deepEqual(asValue, asText, label);
      }
    }
  }
  assert.ok(fields > 60, `walked ${fields} string fields`);
});

test('an integer too large for JSON to keep exactly is refused by name with code 4, never altered', async (t) => {
  const service = await testApp({ server: { english: true } });
  t.after(() => service.app.close());
  const raw = (url: string, body: string) => service.app.inject({ method: 'POST', url, payload: body, headers: { 'content-type': 'application/json' } });
  const cases: [string, string, RegExp][] = [
    ['/mj/submit/action', `{"taskId":${LOSSY_INTEGER_TEXT},"customId":"MJ::JOB::upsample::1::h"}`, /^taskId: /],
    ['/mj/submit/imagine', `{"prompt":"cat","accountFilter":{"instanceId":${LOSSY_INTEGER_TEXT}}}`, /^accountFilter\.instanceId: /],
    ['/mj/submit/blend', `{"base64Array":["${PNG_DATA_URL}",${LOSSY_INTEGER_TEXT}]}`, /^base64Array\[1\]: /],
  ];
  for (const [url, body, field] of cases) {
    const response = await raw(url, body);
    assert.equal(response.statusCode, 200, url);
    const answer = response.json() as { code: number; description: string };
    assert.equal(answer.code, 4, url);
    assert.match(answer.description, field);
    assert.match(answer.description, /send it as a string/);
  }
  assert.equal(service.tasks.calls.length, 0, 'nothing altered reaches the service');
  // The same digits as a string are fine, and so is a big number in a field the route does not know.
  assert.equal((await raw('/mj/submit/action', `{"taskId":"${LOSSY_INTEGER_TEXT}","customId":"x","clientTag":${LOSSY_INTEGER_TEXT}}`)).json().code, 1);
});
