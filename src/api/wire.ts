/**
 * The one place where errors become wire answers: a submit code in an HTTP 200 submit answer, or an
 * HTTP status with a `{"code":n,"description":"..."}` body. Handlers only throw.
 */
import { STATUS_CODES } from 'node:http';
import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import { SubmitCode, type SubmitAnswer } from '../tasks/api-port.js';
import { Wording } from '../tasks/wording.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Input errors on this route answer HTTP 200 with submit code 4 instead of HTTP 400. */
    submit?: boolean;
  }
}

const TEXT = {
  required: ['不能为空', 'is required'],
  type: ['类型错误，应为 {type}', 'must be {type}'],
  enum: ['取值错误，可选值: {values}', 'must be one of {values}'],
  minItems: ['至少需要 {n} 个', 'needs at least {n} items'],
  maxItems: ['最多 {n} 个', 'takes at most {n} items'],
  minimum: ['不能小于 {n}', 'must be at least {n}'],
  maximum: ['不能大于 {n}', 'must be at most {n}'],
  maxLength: ['最多 {n} 个字符', 'takes at most {n} characters'],
  url: ['必须是 http(s) 地址', 'must be an http(s) URL'],
  hostNotAllowed: ['主机不在 notify.allowedHosts 允许的列表中', 'its host is not in notify.allowedHosts'],
  format: ['格式错误，应为 {format}', 'must look like {format}'],
  image: ['图片无效: {reason}', 'is not a usable image: {reason}'],
  invalid: ['参数错误', 'is invalid'],
  lossyNumber: ['数字过大，JSON 无法精确保留，请以字符串发送', 'is a number too large for JSON to keep exactly: send it as a string'],
  unauthorized: ['未授权: API 密钥缺失或错误', 'Unauthorized: missing or wrong API secret'],
  adminUnauthorized: ['未授权: 管理密钥缺失或错误', 'Unauthorized: missing or wrong admin secret'],
  adminUnset: ['只读: 未设置管理密钥 (server.adminSecret / MJ_SERVER_ADMIN_SECRET)', 'Read-only: set server.adminSecret (MJ_SERVER_ADMIN_SECRET) to make changes'],
  routeNotFound: ['接口不存在: {route}', 'No such route: {route}'],
  taskNotFound: ['任务不存在: {id}', 'Task not found: {id}'],
  imageNotFound: ['图片不存在', 'Image not found'],
  badJson: ['请求体不是合法的 JSON', 'The request body is not valid JSON'],
  bodyTooLarge: ['请求体过大，上限 {n} 字节', 'The request body is too large (limit {n} bytes)'],
  badRequest: ['请求错误: {reason}', 'Bad request: {reason}'],
  depth: ['嵌套层级过深，最多 {n} 层', 'is nested too deeply (at most {n} levels)'],
  finite: ['必须是有限的数字', 'must be a finite number'],
  expectation: ['不支持的 Expect 请求头', 'Unsupported Expect header'],
  connect: ['不支持 CONNECT 方法', 'The CONNECT method is not supported'],
  badUrl: ['请求地址无效（百分号编码错误）', 'The request URL is not valid (bad percent-encoding)'],
  urlTooLong: ['请求地址过长，路径参数最多 {n} 个字符', 'The request URL is too long (a path parameter takes at most {n} characters)'],
  malformed: ['HTTP 请求格式错误', 'Malformed HTTP request'],
  headersTooLarge: ['请求行或请求头过大', 'The request line or headers are too large'],
  requestTimeout: ['请求未在时限内到达', 'The request did not arrive in time'],
  internal: ['系统异常', 'Internal error'],
} as const;
type TextKey = keyof typeof TEXT;

function say(english: boolean, key: TextKey, params: Record<string, string | number> = {}): string {
  return TEXT[key][english ? 1 : 0].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''));
}

/** Why a request field was refused. */
export type FieldProblem =
  | { kind: 'required' | 'url' | 'invalid' | 'lossyNumber' | 'finite' | 'hostNotAllowed' }
  | { kind: 'type'; type: string }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'minItems' | 'maxItems' | 'minimum' | 'maximum' | 'maxLength' | 'depth'; n: number }
  | { kind: 'format'; format: string }
  | { kind: 'image'; reason: string };

/** A request field that fails a check: code 4 naming the field. */
export class FieldError extends Error {
  constructor(readonly field: string, readonly problem: FieldProblem) {
    super(`${field}: ${problem.kind}`);
    this.name = 'FieldError';
  }
}

/** Errors with a fixed HTTP answer. */
export class WireError extends Error {
  constructor(readonly kind: 'unauthorized' | 'admin-unauthorized' | 'admin-unset' | 'task-not-found' | 'image-not-found', readonly subject = '') {
    super(subject ? `${kind}: ${subject}` : kind);
    this.name = 'WireError';
  }
}

interface ErrorBody {
  code: number;
  description: string;
}

interface WireReply {
  status: number;
  body: ErrorBody | SubmitAnswer;
}

export interface WireOptions {
  english: boolean;
  bodyLimitBytes: number;
  /** Fastify's maxParamLength: a longer path parameter answers 414. */
  maxParamLength: number;
}

const HTTP_OK = 200;
const HTTP_BAD_REQUEST = 400;
const HTTP_UNAUTHORIZED = 401;
const HTTP_FORBIDDEN = 403;
const HTTP_NOT_FOUND = 404;
const HTTP_METHOD_NOT_ALLOWED = 405;
const HTTP_REQUEST_TIMEOUT = 408;
const HTTP_PAYLOAD_TOO_LARGE = 413;
const HTTP_URI_TOO_LONG = 414;
const HTTP_EXPECTATION_FAILED = 417;
const HTTP_HEADERS_TOO_LARGE = 431;
const HTTP_INTERNAL = 500;
export const JSON_TYPE = 'application/json; charset=utf-8';

/** A submit route's refusal of the request's content: HTTP 200, code 4, so relays read it as a submit answer. */
function submitRefusal(description: string): WireReply {
  return { status: HTTP_OK, body: { code: SubmitCode.Validation, description, result: null, properties: {} } };
}

function describeField(error: FieldError, english: boolean): string {
  const params: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(error.problem)) params[key] = Array.isArray(value) ? value.join(' | ') : value;
  return `${error.field}: ${say(english, error.problem.kind, params)}`;
}

function fieldReply(error: FieldError, submit: boolean, english: boolean): WireReply {
  const description = describeField(error, english);
  if (!submit) return { status: HTTP_BAD_REQUEST, body: { code: SubmitCode.Validation, description } };
  return submitRefusal(description);
}

/** The first schema violation as a FieldError, with a field path clients recognise (`a.b[2]`). */
function fieldErrorFromValidation(error: FastifyError): FieldError {
  const first = error.validation?.[0];
  const context = error.validationContext ?? 'body';
  if (!first) return new FieldError(context, { kind: 'invalid' });
  const params = first.params as Record<string, unknown>;
  const path = first.instancePath.split('/').slice(1)
    .map((part, i) => (/^\d+$/.test(part) ? `[${part}]` : `${i === 0 ? '' : '.'}${part}`)).join('');
  const missing = typeof params.missingProperty === 'string' ? params.missingProperty : '';
  const field = [path, missing].filter(Boolean).join('.') || context;
  const n = Number(params.limit);
  switch (first.keyword) {
    case 'required': return new FieldError(field, { kind: 'required' });
    case 'type': return new FieldError(field, { kind: 'type', type: String(params.type) });
    case 'enum': return new FieldError(field, { kind: 'enum', values: (params.allowedValues as unknown[]).map(String) });
    case 'minItems': case 'maxItems': case 'minimum': case 'maximum': case 'maxLength':
      return new FieldError(field, { kind: first.keyword, n });
    default: return new FieldError(field, { kind: 'invalid' });
  }
}

function plain(status: number, code: number, description: string): WireReply {
  return { status, body: { code, description } };
}

/** Turns anything a route, hook or Fastify itself threw into the answer the client gets. */
function toWireReply(error: unknown, submit: boolean, options: WireOptions): WireReply {
  const { english } = options;
  if (error instanceof FieldError) return fieldReply(error, submit, english);
  if (error instanceof WireError) {
    switch (error.kind) {
      case 'unauthorized': return plain(HTTP_UNAUTHORIZED, HTTP_UNAUTHORIZED, say(english, 'unauthorized'));
      case 'admin-unauthorized': return plain(HTTP_UNAUTHORIZED, HTTP_UNAUTHORIZED, say(english, 'adminUnauthorized'));
      case 'admin-unset': return plain(HTTP_FORBIDDEN, HTTP_FORBIDDEN, say(english, 'adminUnset'));
      case 'task-not-found': return plain(HTTP_NOT_FOUND, SubmitCode.NotFound, say(english, 'taskNotFound', { id: error.subject }));
      case 'image-not-found': return plain(HTTP_NOT_FOUND, HTTP_NOT_FOUND, say(english, 'imageNotFound'));
    }
  }
  const fastifyError = error as Partial<FastifyError>;
  if (fastifyError.validation) return fieldReply(fieldErrorFromValidation(fastifyError as FastifyError), submit, english);
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return submit ? submitRefusal(say(english, 'badJson')) : plain(HTTP_BAD_REQUEST, HTTP_BAD_REQUEST, say(english, 'badJson'));
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return plain(HTTP_PAYLOAD_TOO_LARGE, HTTP_PAYLOAD_TOO_LARGE, say(english, 'bodyTooLarge', { n: options.bodyLimitBytes }));
    case 'FST_ERR_BAD_URL':
      return plain(HTTP_BAD_REQUEST, HTTP_BAD_REQUEST, say(english, 'badUrl'));
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return plain(HTTP_URI_TOO_LONG, HTTP_URI_TOO_LONG, say(english, 'urlTooLong', { n: options.maxParamLength }));
  }
  const status = fastifyError.statusCode ?? HTTP_INTERNAL;
  if (status >= HTTP_BAD_REQUEST && status < HTTP_INTERNAL) {
    const description = say(english, 'badRequest', { reason: fastifyError.message ?? '' });
    return submit && status === HTTP_BAD_REQUEST ? submitRefusal(description) : plain(status, status, description);
  }
  if (!submit) return plain(HTTP_INTERNAL, HTTP_INTERNAL, say(english, 'internal'));
  // A submit that blew up still answers in the submit shape, so relays parse it as a failure.
  const body: SubmitAnswer = { code: SubmitCode.Failure, description: new Wording(english).say('failure'), result: null, properties: {} };
  return { status: HTTP_INTERNAL, body };
}

/** What the HTTP parser refused before Fastify saw a request (a bad request line, headers, length). */
function clientErrorReply(error: NodeJS.ErrnoException, english: boolean): { status: number; description: string } {
  switch (error.code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT': return { status: HTTP_REQUEST_TIMEOUT, description: say(english, 'requestTimeout') };
    case 'HPE_HEADER_OVERFLOW': return { status: HTTP_HEADERS_TOO_LARGE, description: say(english, 'headersTooLarge') };
    default: return { status: HTTP_BAD_REQUEST, description: say(english, 'malformed') };
  }
}

/** Writes a whole JSON answer on a socket Node's HTTP server gave up on, and closes it. */
function answerOnSocket(socket: Duplex, status: number, description: string, error?: Error): void {
  if (socket.writable) {
    const body = JSON.stringify({ code: status, description });
    socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nContent-Type: ${JSON_TYPE}\r\n`
      + `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  }
  socket.destroy(error);
}

/**
 * Fastify options that answer in our shape where Fastify or Node would answer in their own: a
 * malformed request (HTTP parser), a URL that does not decode, a path parameter over maxParamLength.
 */
export function wireServerOptions(options: WireOptions): Pick<FastifyServerOptions, 'clientErrorHandler' | 'frameworkErrors'> {
  return {
    clientErrorHandler(error: NodeJS.ErrnoException, socket: Duplex) {
      // A reset connection has nobody left to answer.
      if (error.code === 'ECONNRESET' || socket.destroyed) return;
      const { status, description } = clientErrorReply(error, options.english);
      answerOnSocket(socket, status, description, error);
    },
    frameworkErrors(error, _request, reply) {
      // No route was found, so the answer is never a submit answer.
      const wire = toWireReply(error, false, options);
      void (reply as FastifyReply).status(wire.status).type(JSON_TYPE).send(wire.body);
    },
  };
}

/** Requests Node's HTTP server answers itself unless told otherwise: CONNECT and an unknown Expect. */
function answerServerLevelRequests(server: Server, options: WireOptions): void {
  server.on('connect', (_request, socket: Duplex) => answerOnSocket(socket, HTTP_METHOD_NOT_ALLOWED, say(options.english, 'connect')));
  server.on('checkExpectation', (_request, response) => {
    const body = JSON.stringify({ code: HTTP_EXPECTATION_FAILED, description: say(options.english, 'expectation') });
    response.writeHead(HTTP_EXPECTATION_FAILED, { 'content-type': JSON_TYPE, 'content-length': Buffer.byteLength(body), connection: 'close' }).end(body);
  });
}

const isJsonType = (type: unknown): boolean => typeof type === 'string' && /^application\/(?:[\w.+-]+\+)?json\b/i.test(type);

/** Installs the error and not-found handlers: every answer is JSON, none carries a stack. */
export function registerWire(app: FastifyInstance, options: WireOptions): void {
  answerServerLevelRequests(app.server, options);
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const wire = toWireReply(error, request.routeOptions.config.submit === true, options);
    if (wire.status >= HTTP_INTERNAL) request.log.error({ err: error }, 'request failed');
    return reply.status(wire.status).send(wire.body);
  });
  // Plugins answer some refusals in plain text (the CORS plugin's "Invalid Preflight Request"): those become our JSON too.
  // A callback hook: it runs on every answer, and an async one costs a promise each.
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (reply.statusCode < HTTP_BAD_REQUEST || typeof payload !== 'string' || isJsonType(reply.getHeader('content-type'))) {
      done(null, payload);
      return;
    }
    void reply.type(JSON_TYPE);
    done(null, JSON.stringify({ code: reply.statusCode, description: payload || (STATUS_CODES[reply.statusCode] ?? '') }));
  });
  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    const route = `${request.method} ${request.url.split('?')[0] ?? ''}`;
    return reply.status(HTTP_NOT_FOUND).send({ code: HTTP_NOT_FOUND, description: say(options.english, 'routeNotFound', { route }) });
  });
}
