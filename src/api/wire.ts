/**
 * The one place where errors become wire answers: a submit code in an HTTP 200 submit answer, or an
 * HTTP status with a `{"code":n,"description":"..."}` body. Handlers only throw.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
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
  url: ['必须是 http(s) 地址', 'must be an http(s) URL'],
  format: ['格式错误，应为 {format}', 'must look like {format}'],
  image: ['图片无效: {reason}', 'is not a usable image: {reason}'],
  invalid: ['参数错误', 'is invalid'],
  lossyNumber: ['数字过大，JSON 无法精确保留，请以字符串发送', 'is a number too large for JSON to keep exactly: send it as a string'],
  unauthorized: ['未授权: API 密钥缺失或错误', 'Unauthorized: missing or wrong API secret'],
  routeNotFound: ['接口不存在: {route}', 'No such route: {route}'],
  taskNotFound: ['任务不存在: {id}', 'Task not found: {id}'],
  imageNotFound: ['图片不存在', 'Image not found'],
  badJson: ['请求体不是合法的 JSON', 'The request body is not valid JSON'],
  bodyTooLarge: ['请求体过大，上限 {n} 字节', 'The request body is too large (limit {n} bytes)'],
  badRequest: ['请求错误: {reason}', 'Bad request: {reason}'],
  internal: ['系统异常', 'Internal error'],
} as const;
type TextKey = keyof typeof TEXT;

function say(english: boolean, key: TextKey, params: Record<string, string | number> = {}): string {
  return TEXT[key][english ? 1 : 0].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''));
}

/** Why a request field was refused. */
export type FieldProblem =
  | { kind: 'required' | 'url' | 'invalid' | 'lossyNumber' }
  | { kind: 'type'; type: string }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'minItems' | 'maxItems' | 'minimum' | 'maximum'; n: number }
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
  constructor(readonly kind: 'unauthorized' | 'task-not-found' | 'image-not-found', readonly subject = '') {
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
}

const HTTP_OK = 200;
const HTTP_BAD_REQUEST = 400;
const HTTP_UNAUTHORIZED = 401;
const HTTP_NOT_FOUND = 404;
const HTTP_PAYLOAD_TOO_LARGE = 413;
const HTTP_INTERNAL = 500;

function describeField(error: FieldError, english: boolean): string {
  const params: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(error.problem)) params[key] = Array.isArray(value) ? value.join(' | ') : value;
  return `${error.field}: ${say(english, error.problem.kind, params)}`;
}

function fieldReply(error: FieldError, submit: boolean, english: boolean): WireReply {
  const description = describeField(error, english);
  if (!submit) return { status: HTTP_BAD_REQUEST, body: { code: SubmitCode.Validation, description } };
  return { status: HTTP_OK, body: { code: SubmitCode.Validation, description, result: null, properties: {} } };
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
    case 'minItems': case 'maxItems': case 'minimum': case 'maximum':
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
      case 'task-not-found': return plain(HTTP_NOT_FOUND, SubmitCode.NotFound, say(english, 'taskNotFound', { id: error.subject }));
      case 'image-not-found': return plain(HTTP_NOT_FOUND, HTTP_NOT_FOUND, say(english, 'imageNotFound'));
    }
  }
  const fastifyError = error as Partial<FastifyError>;
  if (fastifyError.validation) return fieldReply(fieldErrorFromValidation(fastifyError as FastifyError), submit, english);
  if (fastifyError.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
    return plain(HTTP_BAD_REQUEST, HTTP_BAD_REQUEST, say(english, 'badJson'));
  }
  if (fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return plain(HTTP_PAYLOAD_TOO_LARGE, HTTP_PAYLOAD_TOO_LARGE, say(english, 'bodyTooLarge', { n: options.bodyLimitBytes }));
  }
  const status = fastifyError.statusCode ?? HTTP_INTERNAL;
  if (status >= HTTP_BAD_REQUEST && status < HTTP_INTERNAL) {
    return plain(status, status, say(english, 'badRequest', { reason: fastifyError.message ?? '' }));
  }
  if (!submit) return plain(HTTP_INTERNAL, HTTP_INTERNAL, say(english, 'internal'));
  // A submit that blew up still answers in the submit shape, so relays parse it as a failure.
  const body: SubmitAnswer = { code: SubmitCode.Failure, description: new Wording(english).say('failure'), result: null, properties: {} };
  return { status: HTTP_INTERNAL, body };
}

/** Installs the error and not-found handlers: every answer is JSON, none carries a stack. */
export function registerWire(app: FastifyInstance, options: WireOptions): void {
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const wire = toWireReply(error, request.routeOptions.config.submit === true, options);
    if (wire.status >= HTTP_INTERNAL) request.log.error({ err: error }, 'request failed');
    return reply.status(wire.status).send(wire.body);
  });
  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    const route = `${request.method} ${request.url.split('?')[0] ?? ''}`;
    return reply.status(HTTP_NOT_FOUND).send({ code: HTTP_NOT_FOUND, description: say(options.english, 'routeNotFound', { route }) });
  });
}
