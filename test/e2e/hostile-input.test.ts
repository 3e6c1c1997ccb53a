/**
 * The hostile corpus against the whole service on a real port: never a 5xx, never a hang, every
 * refusal JSON with `code` and `description`, submits refused in the submit shape, and the service
 * still healthy afterwards.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestService } from './harness.js';
import { hostileCorpus, type HostileCase } from './hostile-corpus.js';
import { dataUrl, pngBase64 } from './images.js';
import { sendRaw, type RawResponse } from './raw-http.js';

const CONCURRENCY = 6;
/** Far above any answer's time: only a hang reaches it. */
const ANSWER_TIMEOUT_MS = 20_000;
const MIN_CASES = 2000;
const HTTP_OK = 200;
const HTTP_MULTIPLE_CHOICES = 300;
const HTTP_BAD_REQUEST = 400;
const HTTP_SERVER_ERROR = 500;
const VALIDATION = 4;

function jsonOf(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

const isErrorBody = (body: unknown): body is { code: number; description: string } =>
  typeof body === 'object' && body !== null && typeof (body as { code?: unknown }).code === 'number'
  && typeof (body as { description?: unknown }).description === 'string';

/** What is wrong with the answer to `hostile`, or undefined when nothing is. */
function problemWith(hostile: HostileCase, response: RawResponse | undefined, timedOut: boolean): string | undefined {
  if (timedOut) return 'no answer: the request hung';
  if (!response) return 'the connection closed without an answer';
  const { status, body: text, headers } = response;
  const summary = `HTTP ${status} ${text.slice(0, 160)}`;
  if (status >= HTTP_SERVER_ERROR) return summary;
  const isJson = /json/i.test(headers['content-type'] ?? '');
  const body = jsonOf(text);
  // An answer to HEAD carries headers only.
  if (hostile.head) return /json/i.test(headers['content-type'] ?? '') || status < HTTP_BAD_REQUEST ? undefined : `a non-JSON error: ${summary}`;
  if (status >= HTTP_BAD_REQUEST) {
    if (!isJson || !isErrorBody(body)) return `an error answer without {code, description}: ${summary}`;
  } else if (!hostile.head && status >= HTTP_OK && status < HTTP_MULTIPLE_CHOICES && isJson && body === undefined && text !== '') {
    return `a JSON content type on a body that is not JSON: ${summary}`;
  }
  if (hostile.submit && status === HTTP_OK && !isErrorBody(body)) return `a submit answer without code and description: ${summary}`;
  if (hostile.refused) {
    const refusedAsSubmit = hostile.submit && status === HTTP_OK && isErrorBody(body) && body.code === VALIDATION;
    const refusedAsHttp = status >= HTTP_BAD_REQUEST && status < HTTP_SERVER_ERROR;
    if (!refusedAsSubmit && !refusedAsHttp) return `should have been refused: ${summary}`;
  }
  return undefined;
}

async function eachLimited<T>(items: readonly T[], limit: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next] as T;
      next += 1;
      await run(item);
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
}

test('hostile requests: never 5xx or a hang, always JSON {code, description}, submits refused with code 4', async (t) => {
  // One slot and no queue: requests that happen to be valid do not pile up jobs.
  const svc = await startTestService({ demo: { coreSize: 1, queueSize: 0, jobSeconds: 0.3 } });
  t.after(() => svc.close());
  const port = Number(new URL(svc.service.url).port);
  const corpus = hostileCorpus(dataUrl(await pngBase64({ r: 10, g: 120, b: 200 }, 16)));
  assert.ok(corpus.length >= MIN_CASES, `only ${corpus.length} cases`);

  const problems: string[] = [];
  await eachLimited(corpus, CONCURRENCY, async (hostile) => {
    const { response, timedOut } = await sendRaw(port, hostile.request, ANSWER_TIMEOUT_MS, hostile.head);
    const problem = problemWith(hostile, response, timedOut);
    if (problem) problems.push(`${hostile.name}: ${problem}`);
  });
  assert.deepEqual(problems, [], `${problems.length} of ${corpus.length} answers were wrong`);

  const health = await svc.call<{ status: string }>('GET', '/mj/health');
  assert.equal(health.status, 200);
  assert.equal(health.body.status, 'ok');
});
