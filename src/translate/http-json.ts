/** One JSON POST to a translation service over undici, with the error handling every backend shares. */
import { request, type Dispatcher } from 'undici';
import { TranslationError } from './backend.js';

/** Enough of an error body to explain it in a log line, not enough to flood it. */
const MAX_ERROR_TEXT = 200;
const HTTP_OK_MIN = 200;
const HTTP_OK_MAX = 299;

export interface PostRequest {
  backend: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  signal: AbortSignal;
  dispatcher: Dispatcher;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `base` + `path` without a doubled slash, so configured URLs may end with `/` or not. */
export function joinUrl(base: string, path: string): string {
  return base.replace(/\/+$/, '') + path;
}

/** Posts and answers the parsed JSON body; a non-2xx status or a body that is not JSON throws. */
export async function postForJson(req: PostRequest): Promise<unknown> {
  let status: number;
  let text: string;
  try {
    const response = await request(req.url, {
      method: 'POST',
      headers: req.headers,
      body: req.body,
      signal: req.signal,
      dispatcher: req.dispatcher,
    });
    status = response.statusCode;
    text = await response.body.text();
  } catch (err) {
    throw new TranslationError(req.backend, `request failed: ${errorText(err)}`);
  }
  if (status < HTTP_OK_MIN || status > HTTP_OK_MAX) {
    throw new TranslationError(req.backend, `HTTP ${status}: ${errorBodyMessage(text)}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new TranslationError(req.backend, `answer is not JSON: ${clip(text)}`);
  }
}

/** The services' own error message (DeepL `message`, OpenAI `error.message`, Baidu `error_msg`), else the raw text. */
function errorBodyMessage(text: string): string {
  try {
    const body: unknown = JSON.parse(text);
    if (isRecord(body)) {
      const nested = isRecord(body.error) ? body.error.message : body.error;
      const message = body.message ?? nested ?? body.error_msg;
      if (typeof message === 'string') return clip(message);
    }
  } catch {
    // not JSON: the raw text is the best explanation there is
  }
  return clip(text);
}

function clip(text: string): string {
  return text.length > MAX_ERROR_TEXT ? `${text.slice(0, MAX_ERROR_TEXT)}…` : text;
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
