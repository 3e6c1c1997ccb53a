/**
 * One HTTP exchange with Discord (or a host it points to), with the retry rules in one place: wait for the
 * rate-limit bucket, retry 429 after `retry_after`, retry 5xx and network failures with backoff, all bounded;
 * any other 4xx becomes a DiscordApiError at once. A request that must not run twice (it starts a paid job)
 * is repeated only when Discord cannot have seen it: after a 429, or when the connection never opened.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, request, type Dispatcher } from 'undici';
import { backoffDelay, type BackoffPolicy } from '../../lib/backoff.js';
import type { Logger } from '../../lib/logger.js';
import type { DiscordErrorBody } from '../protocol/index.js';
import { DiscordApiError, DiscordNetworkError } from './errors.js';
import { numberHeader, RateLimiter } from './rate-limits.js';

const MS_PER_SECOND = 1000;
const HTTP_TOO_MANY_REQUESTS = 429;
const HTTP_SERVER_ERROR = 500;
const HTTP_CLIENT_ERROR = 400;
/** When Discord gives no wait at all with a 429. */
const DEFAULT_RETRY_AFTER_MS = 1000;
/** Error messages quote at most this much of a non-JSON error body. */
const ERROR_TEXT_LIMIT = 200;
/** Failures to open a connection: the request never left, so even a job-starting request may be repeated. */
const CONNECT_FAILURES: ReadonlySet<string> = new Set([
  'ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'UND_ERR_CONNECT_TIMEOUT',
]);

export interface RetryPolicy {
  /** Total tries per call, shared by 429, 5xx and network failures. */
  maxAttempts: number;
  backoff: BackoffPolicy;
  /** A 429 asking for longer than this fails at once instead of parking the caller. */
  maxRetryAfterMs: number;
  timeoutMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  backoff: { baseMs: 500, capMs: 8000 },
  maxRetryAfterMs: 60_000,
  timeoutMs: 30_000,
};

export interface TransportRequest {
  method: Dispatcher.HttpMethod;
  url: string;
  /** Rate-limit bucket, also the request's name in errors and logs (it never holds a token or a query). */
  route: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  /** false: the request starts work that must not happen twice; it is never repeated once it may have arrived. */
  idempotent?: boolean;
}

/** One HTTP exchange as it ended (each try of a request is one), for metrics. */
export interface RestExchange {
  /** The request's rate-limit bucket (TransportRequest.route). */
  route: string;
  /** The answer's HTTP status; null when none came (the connection failed or was cut). */
  status: number | null;
  seconds: number;
}

/** Told about every exchange; must not throw. */
export type RestObserver = (exchange: RestExchange) => void;

export interface TransportResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export class Transport {
  private readonly limiter = new RateLimiter();
  private readonly agent = new Agent();
  private readonly aborter = new AbortController();

  constructor(
    private readonly policy: RetryPolicy,
    private readonly logger: Logger,
    private readonly observer?: RestObserver,
  ) {}

  async send(req: TransportRequest): Promise<TransportResponse> {
    const { signal } = this.aborter;
    for (let attempt = 1; ; attempt += 1) {
      await this.limiter.acquire(req.route, signal);
      let response: TransportResponse;
      try {
        response = await this.exchange(req);
      } catch (error) {
        const sent = !isConnectFailure(error);
        if (signal.aborted || attempt >= this.policy.maxAttempts || (sent && req.idempotent === false)) {
          throw new DiscordNetworkError(req.method, req.route, error, sent);
        }
        await this.pause(attempt, req, 'network error');
        continue;
      }
      this.limiter.update(req.route, response.headers);
      if (response.status < HTTP_CLIENT_ERROR) return response;
      const body = parseErrorBody(response.body);
      const failure = new DiscordApiError(response.status, body, req.method, req.route);
      if (attempt >= this.policy.maxAttempts) throw failure;
      if (response.status === HTTP_TOO_MANY_REQUESTS) {
        const waitMs = retryAfterMs(body, response.headers);
        if (waitMs > this.policy.maxRetryAfterMs) throw failure;
        const global = body.global === true || response.headers['x-ratelimit-global'] === 'true';
        this.logger.warn({ route: req.route, waitMs, global }, 'discord rate limited');
        this.limiter.block(req.route, waitMs, global);
      } else if (response.status >= HTTP_SERVER_ERROR && req.idempotent !== false) {
        await this.pause(attempt, req, `HTTP ${response.status}`);
      } else {
        throw failure;
      }
    }
  }

  /** Ends pending waits and closes pooled connections; later calls fail. */
  async close(): Promise<void> {
    this.aborter.abort();
    await this.agent.close();
  }

  private async exchange(req: TransportRequest): Promise<TransportResponse> {
    const started = performance.now();
    let status: number | null = null;
    try {
      const response = await request(req.url, {
        method: req.method,
        headers: req.headers,
        body: req.body,
        dispatcher: this.agent,
        signal: this.aborter.signal,
        headersTimeout: this.policy.timeoutMs,
        bodyTimeout: this.policy.timeoutMs,
      });
      status = response.statusCode;
      const body = Buffer.from(await response.body.arrayBuffer());
      return { status, headers: response.headers, body };
    } finally {
      this.observer?.({ route: req.route, status, seconds: (performance.now() - started) / MS_PER_SECOND });
    }
  }

  private async pause(attempt: number, req: TransportRequest, why: string): Promise<void> {
    const delay = backoffDelay(attempt - 1, this.policy.backoff);
    this.logger.warn({ route: req.route, attempt, delayMs: Math.round(delay), why }, 'discord request retry');
    await sleep(delay, undefined, { signal: this.aborter.signal });
  }
}

function isConnectFailure(error: unknown): boolean {
  const code = error instanceof Error ? (error as Error & { code?: unknown }).code : undefined;
  return typeof code === 'string' && CONNECT_FAILURES.has(code);
}

function parseErrorBody(bytes: Buffer): Partial<DiscordErrorBody> {
  const text = bytes.toString('utf8');
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed !== null && typeof parsed === 'object') return parsed as Partial<DiscordErrorBody>;
  } catch {
    // Not JSON (a proxy's HTML error page, say): keep a little of it as the message.
  }
  return text ? { message: text.slice(0, ERROR_TEXT_LIMIT) } : {};
}

function retryAfterMs(body: Partial<DiscordErrorBody>, headers: IncomingHttpHeaders): number {
  const seconds = typeof body.retry_after === 'number'
    ? body.retry_after
    : numberHeader(headers, 'retry-after') ?? numberHeader(headers, 'x-ratelimit-reset-after');
  return seconds === undefined ? DEFAULT_RETRY_AFTER_MS : seconds * MS_PER_SECOND;
}
