/** One hook call: POST a JSON body, read the answer away, classify the outcome. */
import { request, type Dispatcher } from 'undici';

export type PostOutcome =
  | { ok: true; status: number }
  /** retry: worth another attempt (network error, timeout, 5xx, 408, 429); not for other 4xx. */
  | { ok: false; retry: boolean; reason: string };

const HTTP_OK_MIN = 200;
const HTTP_OK_MAX = 299;
const HTTP_SERVER_ERROR_MIN = 500;
const RETRYABLE_CLIENT_STATUSES: ReadonlySet<number> = new Set([408, 429]);

export async function postJson(
  dispatcher: Dispatcher,
  url: string,
  body: string,
  signal: AbortSignal,
): Promise<PostOutcome> {
  try {
    const response = await request(url, {
      dispatcher,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      signal,
    });
    // The answer's body is not used, but it must be consumed to free the connection.
    await response.body.dump();
    const status = response.statusCode;
    if (status >= HTTP_OK_MIN && status <= HTTP_OK_MAX) return { ok: true, status };
    const retry = status >= HTTP_SERVER_ERROR_MIN || RETRYABLE_CLIENT_STATUSES.has(status);
    return { ok: false, retry, reason: `HTTP ${status}` };
  } catch (error) {
    const reason = signal.aborted ? 'timed out or cancelled' : error instanceof Error ? error.message : String(error);
    return { ok: false, retry: true, reason };
  }
}
