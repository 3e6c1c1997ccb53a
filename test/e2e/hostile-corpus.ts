/**
 * A table-driven corpus of hostile requests: wrong types in every field of every submit route (the
 * fields read from the routes' own schemas), odd ids and queries on the task routes, huge / deep /
 * odd JSON, odd encodings, methods and paths, unicode and NUL bytes, and header abuse on the wire.
 */
import type { TObject } from '@sinclair/typebox';
import {
  ActionBody, BlendBody, ChangeBody, DescribeBody, ImagineBody, ModalBody, ShortenBody, SimpleChangeBody, SwapFaceBody,
  UploadBody, VideoBody,
} from '../../src/api/schemas/submit.js';
import { MAX_IDS } from '../../src/api/schemas/tasks.js';
import { buildRequest } from './raw-http.js';

export interface HostileCase {
  name: string;
  request: Buffer;
  /** The request must be refused: HTTP 200 + code 4 on a submit route, else an HTTP 4xx. */
  refused: boolean;
  /** Answers of a submit route come in the submit shape. */
  submit: boolean;
  head?: boolean;
}

const TASK_ID = '1700000000000123';

interface SubmitRoute {
  path: string;
  schema: TObject;
  base: Record<string, unknown>;
}

function submitRoutes(image: string): SubmitRoute[] {
  return [
    { path: '/mj/submit/imagine', schema: ImagineBody, base: { prompt: 'a quiet lake' } },
    { path: '/mj/submit/blend', schema: BlendBody, base: { base64Array: [image, image] } },
    { path: '/mj/submit/describe', schema: DescribeBody, base: { base64: image } },
    { path: '/mj/submit/shorten', schema: ShortenBody, base: { prompt: 'a quiet lake at dawn, misty' } },
    { path: '/mj/submit/action', schema: ActionBody, base: { taskId: TASK_ID, customId: 'MJ::JOB::upsample::1::abc' } },
    { path: '/mj/submit/modal', schema: ModalBody, base: { taskId: TASK_ID, prompt: 'cat --zoom 1.5' } },
    { path: '/mj/submit/change', schema: ChangeBody, base: { taskId: TASK_ID, action: 'UPSCALE', index: 1 } },
    { path: '/mj/submit/simple-change', schema: SimpleChangeBody, base: { content: `${TASK_ID} U1` } },
    { path: '/mj/submit/upload-discord-images', schema: UploadBody, base: { base64Array: [image] } },
    { path: '/mj/insight-face/swap', schema: SwapFaceBody, base: { sourceBase64: image, targetBase64: image } },
    { path: '/mj/submit/video', schema: VideoBody, base: { prompt: 'waves', image } },
  ];
}

type Kind = 'object' | 'pair' | 'other';
/** Values no field expects: objects, arrays, numbers where strings go, odd strings, unicode, NUL. */
const ODD_VALUES: [string, unknown, Kind][] = [
  ['empty object', {}, 'object'], ['object', { a: 1 }, 'object'], ['__proto__ object', JSON.parse('{"__proto__":{"polluted":1}}'), 'object'],
  ['empty array', [], 'other'], ['two-item array', [1, 2], 'pair'], ['nested array', [[['x']]], 'other'], ['array of objects', [{}], 'other'],
  ['true', true, 'other'], ['false', false, 'other'], ['zero', 0, 'other'], ['negative', -1, 'other'], ['fraction', 1.5, 'other'],
  ['huge number', 1e308, 'other'], ['beyond safe integers', 2 ** 64, 'other'], ['null', null, 'other'],
  ['empty string', '', 'other'], ['spaces', '   ', 'other'], ['NUL', '\u0000', 'other'], ['NUL inside', 'a\u0000b', 'other'],
  ['100k characters', 'x'.repeat(100_000), 'other'], ['emoji', '💥'.repeat(500), 'other'], ['lone surrogate', '\ud800', 'other'],
  ['RTL override and zero-width', '\u202eabc\u200b', 'other'], ['markup', '<script>alert(1)</script>', 'other'],
  ['SQL', "' OR 1=1 --", 'other'], ['JNDI', '${jndi:ldap://x/a}', 'other'], ['path', '../../../../etc/passwd', 'other'],
  ['file URL', 'file:///etc/passwd', 'other'], ['full-width digit', '２', 'other'], ['Chinese', '一只猫', 'other'],
];

const json = (value: unknown): string => JSON.stringify(value);
const post = (path: string, body: string | Buffer, headers: Record<string, string> = {}) => buildRequest('POST', path, body, headers);

/** Is a value of this kind certainly refused by a field of this schema type? */
function refusedBy(fieldType: unknown, kind: Kind, value: unknown): boolean {
  if (fieldType === 'object') return value !== null && (typeof value !== 'object' || Array.isArray(value));
  if (kind === 'object') return true;
  return kind === 'pair' && fieldType !== 'array';
}

function wrongTypes(routes: SubmitRoute[]): HostileCase[] {
  return routes.flatMap(({ path, schema, base }) => {
    const fields = Object.entries(schema.properties as Record<string, { type?: unknown }>);
    const perField = fields.flatMap(([field, fieldSchema]) => ODD_VALUES.map(([label, value, kind]): HostileCase => ({
      name: `wrong type: ${path} ${field} = ${label}`,
      request: post(path, json({ ...base, [field]: value })),
      refused: refusedBy(fieldSchema.type, kind, value),
      submit: true,
    })));
    const required = (schema.required ?? []) as string[];
    const missing = required.map((field): HostileCase => ({
      name: `missing: ${path} without ${field}`,
      request: post(path, json(Object.fromEntries(Object.entries(base).filter(([key]) => key !== field)))),
      refused: true,
      submit: true,
    }));
    return [...perField, ...missing];
  });
}

const DEEP = 100_000;
/** Bodies no JSON client sends: deep, wide, malformed, not JSON at all. */
const ODD_BODIES: [string, string | Buffer][] = [
  ['100k-deep arrays', '['.repeat(DEEP) + ']'.repeat(DEEP)],
  ['100k-deep objects', '{"a":'.repeat(DEEP) + '1' + '}'.repeat(DEEP)],
  ['100k-deep inside a field', `{"prompt":"x","state":${'['.repeat(DEEP)}${']'.repeat(DEEP)}}`],
  ['deep with __proto__', `${'{"__proto__":'.repeat(DEEP)}1${'}'.repeat(DEEP)}`],
  ['unclosed deep', '['.repeat(DEEP)],
  ['100k keys', json(Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, i])))],
  ['__proto__ pollution', '{"prompt":"x","__proto__":{"admin":true}}'],
  ['constructor pollution', '{"prompt":"x","constructor":{"prototype":{"admin":true}}}'],
  ['duplicate keys', '{"prompt":"a","prompt":{"x":1}}'],
  ['byte order mark', '\ufeff{"prompt":"x"}'], ['trailing comma', '{"prompt":"x",}'], ['NaN', '{"prompt":NaN}'],
  ['Infinity', '{"prompt":Infinity}'], ['single quotes', "{'prompt':'x'}"], ['comment', '{"prompt":"x"/* hi */}'],
  ['number 1e999', '{"prompt":1e999,"index":1e999}'], ['top-level number', '1'], ['top-level string', '"x"'],
  ['top-level null', 'null'], ['top-level true', 'true'], ['top-level array', '[1,2]'], ['whitespace only', '   \n\t '],
  ['truncated', '{"prompt":"x'], ['raw NUL byte', '{"prompt":"a\u0000b"}'], ['form body', 'prompt=a+cat&x=1'],
  ['binary garbage', Buffer.from([0xff, 0xfe, 0x00, 0x80, 0xc3, 0x28, 0xa0, 0xa1])],
  ['invalid UTF-8 in a string', Buffer.concat([Buffer.from('{"prompt":"'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}')])],
  ['5 MB prompt', json({ prompt: 'y'.repeat(5 * 1024 * 1024) })],
];

/** Bodies that still carry a usable request (a BOM, an ignored extra key, 1e999 read as Infinity → "Infinity"); a 5 MB prompt is past Discord's 6000 characters. */
const USABLE_BODIES = new Set([
  '100k keys', '__proto__ pollution', 'constructor pollution', 'byte order mark', 'number 1e999', 'invalid UTF-8 in a string',
]);
/** ... and for a batch fetch, where every field is optional: no body or no `ids` is an empty batch. */
const USABLE_BATCH_BODIES = new Set([...USABLE_BODIES, '5 MB prompt', 'top-level null', 'whitespace only', 'duplicate keys', 'top-level array']);

function oddBodies(): HostileCase[] {
  const targets: [string, boolean][] = [['/mj/submit/imagine', true], ['/mj/submit/shorten', true], ['/mj/task/list-by-condition', false]];
  return targets.flatMap(([path, submit]) => ODD_BODIES.map(([label, body]): HostileCase => ({
    name: `odd JSON: ${path} ${label}`,
    request: post(path, body),
    refused: !(submit ? USABLE_BODIES : USABLE_BATCH_BODIES).has(label),
    submit,
  })));
}

const CONTENT_TYPES = [
  'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16le',
  'application/json; charset=latin1', 'application/json;;;', 'application/xml', '*/*', '', 'x'.repeat(4000), 'application/json; charset="\u0000"',
];

function oddEncodings(): HostileCase[] {
  const body = json({ prompt: 'a quiet lake' });
  const byType = CONTENT_TYPES.map((type): HostileCase => ({
    name: `encoding: content-type ${type.slice(0, 40)}`, request: post('/mj/submit/imagine', body, { 'content-type': type }), refused: false, submit: true,
  }));
  const other: [string, Buffer][] = [
    ['UTF-16 body', post('/mj/submit/imagine', Buffer.from(body, 'utf16le'), { 'content-type': 'application/json; charset=utf-16le' })],
    ['gzip label on plain JSON', post('/mj/submit/imagine', body, { 'content-encoding': 'gzip' })],
    ['brotli label', post('/mj/submit/imagine', body, { 'content-encoding': 'br' })],
    ['unknown encoding', post('/mj/submit/imagine', body, { 'content-encoding': 'x-nonsense' })],
    ['multipart body', post('/mj/submit/imagine', '--x\r\ncontent-disposition: form-data; name="prompt"\r\n\r\ncat\r\n--x--', { 'content-type': 'multipart/form-data; boundary=x' })],
  ];
  return [...byType, ...other.map(([name, request]): HostileCase => ({ name: `encoding: ${name}`, request, refused: false, submit: true }))];
}

const ODD_IDS = [
  '%00', '..%2F..%2Fetc%2Fpasswd', 'x'.repeat(101), 'x'.repeat(5000), '%F0%9F%92%A5', '%20', 'null', '-1', '1e400', "'%20OR%201=1--",
  '%E2%80%AE', '0x1', '1.5', '%25', '%2e%2e', '%', '%zz', '%C3%28', '%ED%A0%80', '{}', '[]',
];

function taskRoutes(): HostileCase[] {
  const byId = ODD_IDS.flatMap((id) => [
    { name: `odd id: fetch ${id.slice(0, 30)}`, request: buildRequest('GET', `/mj/task/${id}/fetch`), refused: true, submit: false },
    { name: `odd id: image-seed ${id.slice(0, 30)}`, request: buildRequest('GET', `/mj/task/${id}/image-seed`), refused: false, submit: false },
    { name: `odd id: cancel ${id.slice(0, 30)}`, request: post(`/mj/task/${id}/cancel`, ''), refused: false, submit: false },
  ]);
  const ids = ODD_VALUES.flatMap(([label, value, kind]): HostileCase[] => [
    { name: `ids: ${label}`, request: post('/mj/task/list-by-condition', json({ ids: value })), refused: kind === 'object', submit: false },
    { name: `ids: [${label}]`, request: post('/mj/task/list-by-ids', json({ ids: [value, '1'] })), refused: kind === 'object', submit: false },
  ]);
  const tooMany: HostileCase = {
    name: 'ids: more than the maximum', request: post('/mj/task/list-by-condition', json({ ids: Array.from({ length: MAX_IDS + 1 }, (_, i) => String(i)) })),
    refused: true, submit: false,
  };
  const queryValues = ['1e20', '-1', 'abc', '1.5', '', '%00', 'true', '0x10', '9'.repeat(400), '1&page=2', '[]', '{}', 'NaN', 'Infinity', '-0', '%F0%9F%92%A5', '1e308'];
  const queries = queryValues.flatMap((value) => ['page', 'size'].map((key): HostileCase => ({
    name: `list query: ${key}=${value.slice(0, 20)}`, request: buildRequest('GET', `/mj/task/list?${key}=${value}`), refused: false, submit: false,
  })));
  const oddQueries = ['a[b][c]=1', '__proto__[x]=1', 'page[]=1', 'constructor[prototype][x]=1', 'page=1&page=1&page=1', `q=${'z'.repeat(8000)}`]
    .map((query): HostileCase => ({ name: `list query: ${query.slice(0, 30)}`, request: buildRequest('GET', `/mj/task/list?${query}`), refused: false, submit: false }));
  return [...byId, ...ids, tooMany, ...queries, ...oddQueries];
}

const METHODS = ['PUT', 'DELETE', 'PATCH', 'TRACE', 'PROPFIND', 'FOO', 'GET', 'POST', 'HEAD', 'OPTIONS'];
const PATHS = ['/mj/submit/imagine', '/mj/task/1/fetch', '/mj/health', '/mj/task/list', '/zzz', '/mj/doc', '/mj/image/1/1.png'];

function oddMethods(): HostileCase[] {
  return METHODS.flatMap((method) => PATHS.map((path): HostileCase => ({
    name: `method: ${method} ${path}`,
    request: buildRequest(method, path, method === 'POST' ? '{}' : undefined),
    refused: false,
    submit: false,
    head: method === 'HEAD',
  })));
}

const ODD_PATHS = [
  '//mj//submit//imagine', '/mj/../mj/health', '/mj/./health', '/MJ/HEALTH', '/mj/health/', '/mj/%2e%2e/health', '/mj/image/..%2F..%2Fetc%2Fpasswd/1.png',
  '/mj/image/1/0.png', '/mj/image/1/99999999999999999999.png', '/mj/image/%00/1.png', '/mj/task//fetch', '/mj-fast/mj-fast/mj/health', '/fast/mj',
  '*', 'http://evil.example/mj/health', '/mj/doc/../../etc/passwd', '/mj/doc/static/%00', '/mj/任务', '/mj/task/%F0%9F%92%A5/fetch', '/mj/%', '/%00',
  '/mj/health?%', '/mj/health;jsessionid=1', '/mj/task/1/fetch%00.json', `/mj/${'a/'.repeat(3000)}`,
];

function oddPaths(): HostileCase[] {
  return ODD_PATHS.map((path): HostileCase => ({ name: `path: ${path.slice(0, 40)}`, request: buildRequest('GET', path), refused: false, submit: false }));
}

const raw = (text: string): Buffer => Buffer.from(text, 'latin1');

function headerAbuse(): HostileCase[] {
  const body = '{"prompt":"x"}';
  const head = 'POST /mj/submit/imagine HTTP/1.1\r\nHost: x\r\nConnection: close\r\n';
  const cases: [string, Buffer][] = [
    ['20 KB header', raw(`GET /mj/health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\nConnection: close\r\n\r\n`)],
    ['20 KB URL', raw(`GET /mj/task/${'1'.repeat(20_000)}/fetch HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`)],
    ['500 headers', raw(`GET /mj/health HTTP/1.1\r\nHost: x\r\n${Array.from({ length: 500 }, (_, i) => `X-H${i}: ${i}\r\n`).join('')}Connection: close\r\n\r\n`)],
    ['two different content-lengths', raw(`${head}Content-Length: 14\r\nContent-Length: 3\r\n\r\n${body}`)],
    ['content-length and chunked', raw(`${head}Content-Length: 14\r\nTransfer-Encoding: chunked\r\n\r\n${body}`)],
    ['bad chunk size', raw(`${head}Transfer-Encoding: chunked\r\n\r\nzz\r\n${body}\r\n0\r\n\r\n`)],
    ['negative content-length', raw(`${head}Content-Length: -5\r\n\r\n${body}`)],
    ['content-length not a number', raw(`${head}Content-Length: abc\r\n\r\n${body}`)],
    ['content-length shorter than the body', raw(`${head}Content-Type: application/json\r\nContent-Length: 5\r\n\r\n${body}`)],
    ['no Host', raw(`GET /mj/health HTTP/1.1\r\nConnection: close\r\n\r\n`)],
    ['empty Host', raw(`GET /mj/health HTTP/1.1\r\nHost: \r\nConnection: close\r\n\r\n`)],
    ['HTTP/1.0', raw('GET /mj/health HTTP/1.0\r\n\r\n')],
    ['HTTP/2.0 on the request line', raw('GET /mj/health HTTP/2.0\r\nHost: x\r\n\r\n')],
    ['HTTP/9.9', raw('GET /mj/health HTTP/9.9\r\nHost: x\r\n\r\n')],
    ['lower-case method', raw('get /mj/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')],
    ['garbage request line', raw('GARBAGE\r\n\r\n')],
    ['NUL in the request line', raw('GET /mj/he\u0000alth HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')],
    ['NUL in a header value', raw('GET /mj/health HTTP/1.1\r\nHost: x\r\nX-A: a\u0000b\r\nConnection: close\r\n\r\n')],
    ['header without colon', raw('GET /mj/health HTTP/1.1\r\nHost: x\r\nBad Header\r\nConnection: close\r\n\r\n')],
    ['space before colon', raw('GET /mj/health HTTP/1.1\r\nHost : x\r\nConnection: close\r\n\r\n')],
    ['bare LF line ends', raw('GET /mj/health HTTP/1.1\nHost: x\nConnection: close\n\n')],
    ['obsolete line folding', raw('GET /mj/health HTTP/1.1\r\nHost: x\r\nX-A: a\r\n b\r\nConnection: close\r\n\r\n')],
    ['8 KB Authorization', raw(`GET /mj/task/list HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${'k'.repeat(8000)}\r\nConnection: close\r\n\r\n`)],
    ['unicode mj-api-secret', Buffer.concat([raw('GET /mj/task/list HTTP/1.1\r\nHost: x\r\nmj-api-secret: '), Buffer.from('密钥💥'), raw('\r\nConnection: close\r\n\r\n')])],
    ['Expect: 100-continue', raw(`${head}Content-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: 14\r\n\r\n${body}`)],
    ['Expect: nonsense', raw(`${head}Content-Type: application/json\r\nExpect: nonsense\r\nContent-Length: 14\r\n\r\n${body}`)],
    ['repeated content-type', raw(`${head}Content-Type: application/json\r\nContent-Type: text/plain\r\nContent-Length: 14\r\n\r\n${body}`)],
    ['CONNECT', raw('CONNECT 127.0.0.1:22 HTTP/1.1\r\nHost: 127.0.0.1:22\r\n\r\n')],
    ['Upgrade to websocket on the API', raw('GET /mj/health HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: x\r\nSec-WebSocket-Version: 13\r\n\r\n')],
    ['Upgrade to h2c', raw('GET /mj/health HTTP/1.1\r\nHost: x\r\nUpgrade: h2c\r\nConnection: Upgrade, close\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n')],
    ['HTTP/2 preface', raw('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n')],
    ['TLS hello on plain HTTP', Buffer.from([0x16, 0x03, 0x01, 0x00, 0x05, 0x01, 0x00, 0x00, 0x01, 0x00])],
  ];
  return cases.map(([name, request]): HostileCase => ({ name: `headers: ${name}`, request, refused: false, submit: false }));
}

export function hostileCorpus(image: string): HostileCase[] {
  return [
    ...wrongTypes(submitRoutes(image)), ...oddBodies(), ...oddEncodings(), ...taskRoutes(), ...oddMethods(), ...oddPaths(), ...headerAbuse(),
  ];
}
