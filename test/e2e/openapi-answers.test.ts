import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Ajv, type AnySchema } from 'ajv';
import type { Task } from '../../src/tasks/task.js';
import { startTestService, type TestService } from './harness.js';

const SECRET = 'doc-test-secret';
const auth = { 'mj-api-secret': SECRET };
let svc: TestService;
let paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: AnySchema }> }> }>>;

before(async () => {
  svc = await startTestService({ server: { apiSecret: SECRET }, demo: { jobSeconds: 0.4 } });
  paths = (await svc.call<{ paths: typeof paths }>('GET', '/mj/doc/json')).body.paths;
});
after(() => svc.close());

/** The documented schema, closed: a key the document does not name fails (unless it allows any, like properties). */
function closed(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closed);
  if (schema === null || typeof schema !== 'object') return schema;
  const copy = Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, key === 'enum' || key === 'default' ? value : closed(value)]));
  if ('properties' in copy && !('additionalProperties' in copy)) copy.additionalProperties = false;
  return copy;
}

const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });

/** Calls the route and checks the answer against the document's schema for its status. */
async function answersAsDocumented(method: string, template: string, path: string, body?: unknown, headers: Record<string, string> = auth) {
  const answer = await svc.call(method, path, body, headers);
  const responses = paths[template]?.[method.toLowerCase()]?.responses;
  assert.ok(responses, `${method} ${template} is documented`);
  const documented = responses[String(answer.status)] ?? responses[`${String(answer.status)[0]}XX`];
  const schema = documented?.content?.['application/json']?.schema;
  assert.ok(schema, `${method} ${template} documents HTTP ${answer.status}: ${answer.text.slice(0, 200)}`);
  const validate = ajv.compile(closed(schema) as AnySchema);
  assert.ok(validate(answer.body), `${method} ${path} → ${answer.status} differs from the document: ${ajv.errorsText(validate.errors)}\n${answer.text.slice(0, 300)}`);
  return answer;
}

test('real answers of a sample of routes are exactly what the document describes', async () => {
  await answersAsDocumented('GET', '/mj/health', '/mj/health', undefined, {});
  const imagine = await answersAsDocumented('POST', '/mj/submit/imagine', '/mj/submit/imagine', { prompt: 'a teapot', state: 's' });
  const id = (imagine.body as { result: string }).result;
  await answersAsDocumented('POST', '/mj/submit/imagine', '/mj/submit/imagine', { prompt: '' });
  await answersAsDocumented('GET', '/mj/task/queue', '/mj/task/queue');
  // Followed on its stream, which ends once the task has.
  await fetch(`${svc.service.url}/mj/task/${id}/stream`, { headers: auth }).then((stream) => stream.text());
  const done = (await svc.call<Task>('GET', `/mj/task/${id}/fetch`, undefined, auth)).body;
  assert.equal(done.status, 'SUCCESS');
  await answersAsDocumented('GET', '/mj/task/{id}/fetch', `/mj/task/${id}/fetch`);
  await answersAsDocumented('GET', '/mj/task/{id}/fetch', '/mj/task/404/fetch');
  await answersAsDocumented('POST', '/mj/task/list-by-condition', '/mj/task/list-by-condition', { ids: [id, 'nope'] });
  await answersAsDocumented('GET', '/mj/task/list', '/mj/task/list?size=5');
  await answersAsDocumented('GET', '/mj/task/list', '/mj/task/list?size=0');
  await answersAsDocumented('GET', '/mj/task/{id}/image-seed', `/mj/task/${id}/image-seed`);
  await answersAsDocumented('POST', '/mj/task/{id}/cancel', `/mj/task/${id}/cancel`);
  const u2 = done.buttons.find((button) => button.label === 'U2');
  await answersAsDocumented('POST', '/mj/submit/action', '/mj/submit/action', { taskId: id, customId: u2?.customId });
  await answersAsDocumented('POST', '/mj/submit/simple-change', '/mj/submit/simple-change', { content: `${id} X9` });
  await answersAsDocumented('POST', '/mj/submit/imagine', '/mj/submit/imagine', { prompt: 'cat' }, {});
  await answersAsDocumented('GET', '/mj/task/stream', '/mj/task/stream?ids=');
  await answersAsDocumented('GET', '/mj/task/{id}/stream', '/mj/task/404/stream');
});
