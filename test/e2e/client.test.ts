import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { MjProxyClient, MjProxyError, SubmitCodes, type SubmitCode, type Task } from '../../clients/typescript/src/index.js';
import { SubmitCode as ServerSubmitCode } from '../../src/tasks/api-port.js';
import { CLIENT_TYPES_PATH, fetchDocument, renderClientTypes } from '../../scripts/client-types.js';
import { startTestService, type TestService } from './harness.js';

const SECRET = 'client-test-secret';
let svc: TestService;
let client: MjProxyClient;

before(async () => {
  svc = await startTestService({ server: { apiSecret: SECRET }, demo: { jobSeconds: 0.6 } });
  client = new MjProxyClient({ baseUrl: svc.service.url, apiSecret: SECRET, pollIntervalMs: 50 });
});
after(() => svc.close());

test('the committed client types match the running app\'s OpenAPI document (npm run client:generate)', async () => {
  const document = await fetchDocument(svc.service.url);
  assert.equal(readFileSync(CLIENT_TYPES_PATH, 'utf8'), await renderClientTypes(document), `${CLIENT_TYPES_PATH} is stale: run npm run client:generate`);
});

test('the client knows every submit code the server has, by the same numbers', () => {
  const server = Object.values(ServerSubmitCode).filter((value) => typeof value === 'number').sort();
  assert.deepEqual(Object.values(SubmitCodes).sort(), server);
});

test('imagine, then waitFor over the stream sees progress and the result; U1 on it the same way', async () => {
  const submitted = await client.imagine({ prompt: 'a paper boat on a pond' });
  assert.equal(submitted.code, SubmitCodes.Submitted, submitted.description);
  const seen: Task[] = [];
  const done = await client.waitFor(submitted.result as string, { onChange: (task) => seen.push(task), signal: AbortSignal.timeout(20_000) });
  assert.equal(done.status, 'SUCCESS', done.failReason ?? '');
  assert.ok(seen.some((task) => task.status === 'IN_PROGRESS'), 'progress came through the stream');
  assert.deepEqual(seen.at(-1), done);
  assert.deepEqual(await client.fetch(done.id), done);

  const u1 = done.buttons.find((button) => button.label === 'U1');
  assert.ok(u1);
  const upscale = await client.action({ taskId: done.id, customId: u1.customId });
  assert.equal(upscale.code, SubmitCodes.Submitted, upscale.description);
  const upscaled = await client.waitFor(upscale.result as string, { signal: AbortSignal.timeout(20_000) });
  assert.deepEqual([upscaled.status, upscaled.action], ['SUCCESS', 'UPSCALE']);
});

test('waitFor falls back to polling when the stream cannot be had', async () => {
  const requested: string[] = [];
  const noStreams: typeof fetch = async (input, init) => {
    const url = String(input);
    requested.push(url);
    if (url.endsWith('/stream')) throw new TypeError('fetch failed (a proxy that drops event streams)');
    return fetch(input, init);
  };
  const polling = new MjProxyClient({ baseUrl: svc.service.url, apiSecret: SECRET, fetch: noStreams, pollIntervalMs: 50 });
  const submitted = await polling.imagine({ prompt: 'a kite over dunes' });
  const done = await polling.waitFor(submitted.result as string, { signal: AbortSignal.timeout(20_000) });
  assert.equal(done.status, 'SUCCESS');
  assert.ok(requested.some((url) => url.endsWith('/fetch')), 'it polled');
});

test('a stream cut mid-way resumes with Last-Event-ID: nothing missed, nothing repeated', async () => {
  const resumedWith: string[] = [];
  let cut = false;
  const flaky: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    const lastEventId = new Headers(init?.headers).get('last-event-id');
    if (lastEventId) resumedWith.push(lastEventId);
    if (!String(input).endsWith('/stream') || cut || !response.body) return response;
    cut = true;
    // Pass the opening event whole, then break the connection.
    const reader = response.body.getReader();
    const broken = new ReadableStream<Uint8Array>({
      async start(controller) {
        let text = '';
        while (!text.includes('\n\n')) {
          const { value } = await reader.read();
          text += new TextDecoder().decode(value);
        }
        controller.enqueue(new TextEncoder().encode(text));
        controller.error(new TypeError('terminated'));
        await reader.cancel();
      },
    });
    return new Response(broken, { status: response.status, headers: response.headers });
  };
  const resuming = new MjProxyClient({ baseUrl: svc.service.url, apiSecret: SECRET, fetch: flaky });
  const submitted = await resuming.imagine({ prompt: 'a lantern in snow' });
  const seen: string[] = [];
  const done = await resuming.waitFor(submitted.result as string, {
    onChange: (task) => seen.push(JSON.stringify(task)), signal: AbortSignal.timeout(20_000),
  });
  assert.equal(done.status, 'SUCCESS');
  assert.equal(resumedWith.length, 1, 'one reconnect, with the id of the last event');
  assert.equal(new Set(seen).size, seen.length, 'no state told twice');
});

test('answers keep their codes: a submit refusal is a typed code, an HTTP error an MjProxyError', async () => {
  const invalid = await client.imagine({ prompt: '' });
  const code: SubmitCode = invalid.code;
  assert.equal(code, SubmitCodes.Invalid);
  assert.match(invalid.description, /prompt/);

  await assert.rejects(client.fetch('1234567890123456'), (error: unknown) => error instanceof MjProxyError && error.status === 404 && error.code === 3);
  await assert.rejects(client.waitFor('1234567890123456'), (error: unknown) => error instanceof MjProxyError && error.status === 404);
  const anonymous = new MjProxyClient({ baseUrl: svc.service.url });
  await assert.rejects(anonymous.imagine({ prompt: 'cat' }), (error: unknown) => error instanceof MjProxyError && error.status === 401);
});
