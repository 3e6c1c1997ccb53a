/**
 * A thin client of the mj-proxy HTTP API: typed submits, fetch, and waitFor(), which follows the
 * task's live stream (resuming it with Last-Event-ID when the connection drops) and falls back to
 * polling when streaming is not possible (an old server, a buffering proxy).
 */
import { readEvents } from './sse.js';
import {
  TERMINAL_STATUSES, type ActionRequest, type AnswerOf, type ErrorBody, type ImagineRequest, type RequestOf,
  type SubmitAnswer, type SubmitPath, type Task,
} from './types.js';

export interface ClientOptions {
  /** Where mj-proxy listens, e.g. http://localhost:8080 (without /mj). */
  baseUrl: string;
  /** The API secret, sent as `mj-api-secret`. */
  apiSecret?: string;
  /** Another fetch (a proxy agent, a test double). */
  fetch?: typeof fetch;
  /** Between two fetches when waitFor() polls. */
  pollIntervalMs?: number;
}

export interface WaitOptions {
  /** Ends the wait (e.g. AbortSignal.timeout(ms)); waitFor() then rejects with its reason. */
  signal?: AbortSignal;
  /** Told every new state of the task: progress, preview image, the final state. */
  onChange?: (task: Task) => void;
  /** false: poll only. */
  stream?: boolean;
}

/** The API answered with an HTTP error: `status`, and the `code`/`description` of its JSON body. */
export class MjProxyError extends Error {
  constructor(readonly status: number, readonly code: number, readonly description: string) {
    super(`mj-proxy answered HTTP ${status}: ${description}`);
    this.name = 'MjProxyError';
  }
}

const DEFAULT_POLL_INTERVAL_MS = 2000;
/** Reconnects of one stream before waitFor() gives up on streaming and polls. */
const MAX_STREAM_RECONNECTS = 3;
const HTTP_NOT_FOUND = 404;

async function errorOf(response: Response): Promise<MjProxyError> {
  const text = await response.text();
  try {
    const body = JSON.parse(text) as ErrorBody;
    return new MjProxyError(response.status, body.code, body.description);
  } catch {
    return new MjProxyError(response.status, response.status, text.slice(0, 200));
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export class MjProxyClient {
  private readonly baseUrl: string;
  private readonly headers: Record<string, string>;
  private readonly http: typeof fetch;
  private readonly pollIntervalMs: number;

  constructor(options: ClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.headers = options.apiSecret ? { 'mj-api-secret': options.apiSecret } : {};
    this.http = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  }

  /** Any submit route; the answer's `code` says what happened (see SubmitCodes). */
  async submit<P extends SubmitPath>(path: P, body: RequestOf<P>, signal?: AbortSignal): Promise<AnswerOf<P>> {
    const response = await this.http(this.baseUrl + path, {
      method: 'POST', headers: { ...this.headers, 'content-type': 'application/json' }, body: JSON.stringify(body), signal,
    });
    if (!response.ok) throw await errorOf(response);
    return (await response.json()) as AnswerOf<P>;
  }

  imagine(request: ImagineRequest, signal?: AbortSignal): Promise<SubmitAnswer> {
    return this.submit('/mj/submit/imagine', request, signal);
  }

  /** Clicks a button (`customId` from the task's `buttons`); code 21 when a modal must follow. */
  action(request: ActionRequest, signal?: AbortSignal): Promise<SubmitAnswer> {
    return this.submit('/mj/submit/action', request, signal);
  }

  /** The task now; an unknown id rejects with MjProxyError status 404, code 3. */
  async fetch(taskId: string, signal?: AbortSignal): Promise<Task> {
    const response = await this.http(`${this.baseUrl}/mj/task/${encodeURIComponent(taskId)}/fetch`, { headers: this.headers, signal });
    if (!response.ok) throw await errorOf(response);
    return (await response.json()) as Task;
  }

  /** Resolves with the task once it is SUCCESS, FAILURE or CANCEL. */
  async waitFor(taskId: string, options: WaitOptions = {}): Promise<Task> {
    if (options.stream !== false) {
      try {
        return await this.follow(taskId, options);
      } catch (error) {
        const notFound = error instanceof MjProxyError && error.status === HTTP_NOT_FOUND;
        if (notFound || options.signal?.aborted) throw error;
      }
    }
    return this.poll(taskId, options);
  }

  private async follow(taskId: string, { signal, onChange }: WaitOptions): Promise<Task> {
    let lastEventId = '';
    let latest: Task | undefined;
    for (let attempt = 0; attempt <= MAX_STREAM_RECONNECTS; attempt++) {
      const body = await this.openStream(taskId, lastEventId, signal);
      try {
        for await (const event of readEvents(body)) {
          lastEventId = event.lastEventId;
          if (event.event === 'end') return latest ?? (await this.fetch(taskId, signal));
          if (event.event !== 'message') continue;
          latest = JSON.parse(event.data) as Task;
          onChange?.(latest);
        }
      } catch (error) {
        if (signal?.aborted) throw error;
        // The connection broke: the next attempt resumes after the last event seen.
      }
    }
    throw new Error('the task stream kept breaking');
  }

  private async openStream(taskId: string, lastEventId: string, signal: AbortSignal | undefined): Promise<ReadableStream<Uint8Array>> {
    const headers: Record<string, string> = { ...this.headers, accept: 'text/event-stream' };
    if (lastEventId) headers['last-event-id'] = lastEventId;
    const response = await this.http(`${this.baseUrl}/mj/task/${encodeURIComponent(taskId)}/stream`, { headers, signal });
    if (!response.ok) throw await errorOf(response);
    if (!response.body || !response.headers.get('content-type')?.startsWith('text/event-stream')) {
      await response.body?.cancel();
      throw new Error('the server did not answer with an event stream');
    }
    return response.body;
  }

  private async poll(taskId: string, { signal, onChange }: WaitOptions): Promise<Task> {
    let last = '';
    for (;;) {
      const task = await this.fetch(taskId, signal);
      const seen = JSON.stringify(task);
      if (seen !== last) onChange?.(task);
      last = seen;
      if (TERMINAL_STATUSES.has(task.status)) return task;
      await sleep(this.pollIntervalMs, signal);
    }
  }
}
