/**
 * The one HTTP client of the UI: it adds the secret, reads every answer as JSON and turns failures
 * into ApiError. The API lives beside the page: /mj for a UI at / or /admin/, /x/mj behind a /x/ proxy.
 */
const HTTP_NOT_FOUND = 404;

export const API_BASE = `${window.location.pathname.replace(/admin\/?$/, '').replace(/[^/]*$/, '')}mj`;

/** An answer that is not a success: an HTTP error, or a change refused with a submit code. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: number, description: string) {
    super(description);
    this.name = 'ApiError';
  }

  /** The route itself does not exist on this server (HTTP 404 with code 404, not a missing object). */
  get routeMissing(): boolean {
    return this.status === HTTP_NOT_FOUND && this.code === HTTP_NOT_FOUND;
  }
}

let currentSecret = '';

/** The secret sent with every request from now on ('' = none). */
export function setRequestSecret(secret: string): void {
  currentSecret = secret;
}

export interface RequestOptions {
  /** Overrides the current secret (checking a secret before keeping it). */
  secret?: string;
  query?: Record<string, string | number | undefined>;
}

function urlOf(path: string, query: RequestOptions['query']): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined) params.set(key, String(value));
  const search = params.toString();
  return `${API_BASE}${path}${search ? `?${search}` : ''}`;
}

function errorOf(status: number, body: unknown, fallback: string): ApiError {
  const { code, description } = (body ?? {}) as { code?: unknown; description?: unknown };
  return new ApiError(status, typeof code === 'number' ? code : status, typeof description === 'string' ? description : fallback);
}

export async function request<T>(method: string, path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
  const secret = options.secret ?? currentSecret;
  const headers: Record<string, string> = {};
  if (secret) headers['mj-api-secret'] = secret;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(urlOf(path, options.query), { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (error) {
    throw new ApiError(0, 0, `${(error as Error).message}: ${method} ${path}`);
  }
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    throw new ApiError(response.status, response.status, `not JSON: ${method} ${path} → HTTP ${response.status}`);
  }
  if (!response.ok) throw errorOf(response.status, parsed, `HTTP ${response.status}: ${method} ${path}`);
  return parsed as T;
}

/** Admin changes answer `{code, description, result}`; anything but code 1 is a refusal (3 not found, 4 invalid). */
export async function change<T>(method: string, path: string, body?: unknown, options?: RequestOptions): Promise<T> {
  const answer = await request<{ code: number; description: string; result: T }>(method, path, body, options);
  if (answer.code !== 1) throw new ApiError(200, answer.code, answer.description);
  return answer.result;
}

/** Admin routes this server answered "no such route" for: polling does not ask for them again. */
const missingRoutes = new Set<string>();

/** Calls the admin route and, while this server does not have it yet, the stand-in built on the client API. */
export async function withFallback<T>(route: string, call: () => Promise<T>, fallback: () => Promise<T>): Promise<T> {
  if (missingRoutes.has(route)) return fallback();
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof ApiError) || !error.routeMissing) throw error;
    missingRoutes.add(route);
    return fallback();
  }
}
