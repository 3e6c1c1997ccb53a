/** Downloads one Discord result file for re-hosting: bounded in size and time, retried when that can help. */
import { setTimeout as sleep } from 'node:timers/promises';
import { request, type Dispatcher } from 'undici';
import { backoffDelay, type BackoffPolicy } from '../lib/backoff.js';

export interface DownloadLimits {
  maxBytes: number;
  /** Bound of one attempt, answer included. */
  timeoutMs: number;
  /** Attempts in all, the first included. */
  attempts: number;
}

export interface DownloadedMedia {
  bytes: Buffer;
  /** As the server labelled it ("" when it did not). */
  contentType: string;
}

export class MediaDownloadError extends Error {
  override readonly name = 'MediaDownloadError';

  constructor(message: string, readonly retryable: boolean) {
    super(message);
  }
}

const RETRY_POLICY: BackoffPolicy = { baseMs: 500, capMs: 8000 };
const HTTP_OK_MIN = 200;
const HTTP_OK_MAX = 299;
const HTTP_SERVER_ERROR = 500;
/** Request Timeout and Too Many Requests: the same request may work a little later. */
const RETRYABLE_CLIENT_STATUSES: ReadonlySet<number> = new Set([408, 429]);

async function downloadOnce(url: string, limits: DownloadLimits, dispatcher: Dispatcher, signal: AbortSignal): Promise<DownloadedMedia> {
  // Only the host is quoted: the query of a signed link is a credential of sorts.
  const host = new URL(url).host;
  const attempt = AbortSignal.any([signal, AbortSignal.timeout(limits.timeoutMs)]);
  try {
    const response = await request(url, { dispatcher, signal: attempt });
    if (response.statusCode < HTTP_OK_MIN || response.statusCode > HTTP_OK_MAX) {
      await response.body.dump();
      const retryable = response.statusCode >= HTTP_SERVER_ERROR || RETRYABLE_CLIENT_STATUSES.has(response.statusCode);
      throw new MediaDownloadError(`${host} answered HTTP ${response.statusCode}`, retryable);
    }
    const tooLarge = new MediaDownloadError(`the file on ${host} is larger than ${limits.maxBytes} bytes`, false);
    if (Number(response.headers['content-length']) > limits.maxBytes) {
      response.body.destroy();
      throw tooLarge;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response.body) {
      size += (chunk as Buffer).length;
      if (size > limits.maxBytes) {
        response.body.destroy();
        throw tooLarge;
      }
      chunks.push(chunk as Buffer);
    }
    const type = response.headers['content-type'];
    return { bytes: Buffer.concat(chunks, size), contentType: (Array.isArray(type) ? type[0] : type) ?? '' };
  } catch (error) {
    if (error instanceof MediaDownloadError) throw error;
    if (signal.aborted) throw new MediaDownloadError(`download from ${host} cancelled`, false);
    const reason = attempt.aborted ? `no complete answer within ${limits.timeoutMs} ms` : (error as Error).message;
    throw new MediaDownloadError(`download from ${host} failed: ${reason}`, true);
  }
}

/** The file's bytes, after up to `attempts` tries with backoff; `signal` cancels (shutdown). */
export async function downloadMedia(url: string, limits: DownloadLimits, dispatcher: Dispatcher, signal: AbortSignal): Promise<DownloadedMedia> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await downloadOnce(url, limits, dispatcher, signal);
    } catch (error) {
      const retry = error instanceof MediaDownloadError && error.retryable && attempt < limits.attempts;
      if (!retry) throw error;
      await sleep(backoffDelay(attempt - 1, RETRY_POLICY), undefined, { signal }).catch(() => undefined);
      if (signal.aborted) throw new MediaDownloadError(`download from ${new URL(url).host} cancelled`, false);
    }
  }
}
