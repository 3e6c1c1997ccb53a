/** Errors of the REST client. They carry what Discord said, never the request headers (the token rides there). */
import {
  DiscordErrorCode,
  INVALID_COMMAND_ERROR,
  INVALID_VERSION_ERROR,
  type DiscordErrorBody,
} from '../protocol/index.js';

const STALE_COMMAND_CODES: ReadonlySet<string> = new Set([INVALID_VERSION_ERROR, INVALID_COMMAND_ERROR]);

/** Discord answered with an error status (4xx, or 429/5xx once retries are used up). */
export class DiscordApiError extends Error {
  readonly code: number;
  /** Discord's own `message` (Error.message also names the request). */
  readonly discordMessage: string;
  readonly errors: unknown;

  constructor(
    readonly status: number,
    body: Partial<DiscordErrorBody> | undefined,
    readonly method: string,
    readonly route: string,
  ) {
    const discordMessage = body?.message ?? `HTTP ${status}`;
    const fields = fieldErrors(body?.errors);
    // The route names its method already ("POST /interactions").
    super(`Discord ${status} on ${route}: ${discordMessage}${body?.code ? ` (code ${body.code})` : ''}${fields ? `: ${fields}` : ''}`);
    this.name = 'DiscordApiError';
    this.code = body?.code ?? DiscordErrorCode.General;
    this.discordMessage = discordMessage;
    this.errors = body?.errors;
  }

  /** The command id/version we sent is stale: refetch the command index and try again. */
  isInvalidCommandVersion(): boolean {
    return this.code === DiscordErrorCode.InvalidFormBody && containsErrorCode(this.errors, STALE_COMMAND_CODES);
  }
}

/** Discord's nested `errors` of a 400 50035 as "data.options.0.value: Must be 6000 or fewer in length."; empty when none. */
function fieldErrors(errors: unknown, path: readonly string[] = []): string {
  if (typeof errors !== 'object' || errors === null) return '';
  return Object.entries(errors).flatMap(([key, value]) => {
    if (key !== '_errors') return [fieldErrors(value, [...path, key])].filter(Boolean);
    const messages = Array.isArray(value) ? value.map((entry) => (entry as { message?: unknown }).message).filter((m) => typeof m === 'string') : [];
    return messages.map((message) => `${path.join('.')}: ${message as string}`);
  }).join('; ');
}

/** The request never got an HTTP answer (connection refused, reset, timed out) after every retry. */
export class DiscordNetworkError extends Error {
  constructor(
    readonly method: string,
    readonly route: string,
    cause: unknown,
    /** false when the connection never opened: Discord cannot have seen the request. */
    readonly requestSent = true,
  ) {
    super(`Discord request ${route} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'DiscordNetworkError';
  }
}

/**
 * True when a failed request may still have been carried out: a 5xx, a timeout or a connection lost
 * after sending. Only the gateway can then tell whether it went through.
 */
export function mayHaveReachedDiscord(error: unknown): boolean {
  if (error instanceof DiscordApiError) return error.status >= 500;
  return error instanceof DiscordNetworkError && error.requestSent;
}

/** Discord nests form errors arbitrarily deep (`errors.data._errors[].code`): look everywhere. */
function containsErrorCode(value: unknown, codes: ReadonlySet<string>): boolean {
  if (typeof value === 'string') return codes.has(value);
  if (Array.isArray(value)) return value.some((item) => containsErrorCode(item, codes));
  if (value !== null && typeof value === 'object') {
    return Object.values(value).some((item) => containsErrorCode(item, codes));
  }
  return false;
}
