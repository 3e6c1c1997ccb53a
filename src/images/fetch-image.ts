/**
 * Downloads an image input given as an http(s) URL: only where the fetch policy allows (checked at
 * connect time, redirects included), at most 3 redirects, a whole-fetch deadline, a size cap and an
 * image content type. Refusals say what went wrong in words that name no internal address.
 */
import { Agent, interceptors, request } from 'undici';
import { AddressRefusedError, fetchPolicy, guardedConnector, type FetchPolicy } from './address-guard.js';
import { ImageInputError } from './image-input-error.js';

export const MAX_REDIRECTS = 3;
/** Bounds the whole download (DNS, connect, redirects, body), so a slow host cannot hold a submit. */
export const FETCH_DEADLINE_MS = 10_000;
/** Without a policy only public addresses are reached. */
export const PUBLIC_ONLY: FetchPolicy = fetchPolicy(false, []);

const HTTP_OK_MIN = 200;
const HTTP_OK_MAX = 299;
const HTTP_REDIRECT_MIN = 300;
const HTTP_REDIRECT_MAX = 399;
const MS_PER_SECOND = 1000;
/** Some CDNs label images as plain binary; the bytes are sniffed afterwards anyway. */
const BINARY_CONTENT_TYPES: ReadonlySet<string> = new Set(['application/octet-stream', 'binary/octet-stream']);

export interface FetchLimits {
  maxBytes: number;
  deadlineMs?: number;
  policy?: FetchPolicy;
}

const CONNECTION_REASONS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'the connection was refused',
  ECONNRESET: 'the connection was closed',
  EPIPE: 'the connection was closed',
  UND_ERR_SOCKET: 'the connection was closed',
  ETIMEDOUT: 'the connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'the connection timed out',
};
/** Not resolving and leading inward read the same, so the answer tells nothing about internal names. */
const NOT_REACHABLE = 'it does not lead to a reachable public internet address (nor may its redirects)';
const UNRESOLVED = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NODATA', 'EAI_FAIL']);

function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let current = error; current !== undefined && current !== null && !chain.includes(current); current = (current as { cause?: unknown }).cause) {
    chain.push(current);
  }
  return chain;
}

/** Why a download failed, in words that are safe to give the client. */
function failureReason(error: unknown, timedOut: boolean, deadlineMs: number): string {
  if (timedOut) return `no complete answer within ${deadlineMs / MS_PER_SECOND} s`;
  const chain = causes(error);
  if (chain.some((item) => item instanceof AddressRefusedError)) return NOT_REACHABLE;
  const codes = chain.map((item) => (item as { code?: unknown }).code).filter((code): code is string => typeof code === 'string');
  if (codes.some((code) => UNRESOLVED.has(code))) return NOT_REACHABLE;
  const known = codes.map((code) => CONNECTION_REASONS[code]).find((reason) => reason !== undefined);
  if (known) return known;
  if (codes.some((code) => code.startsWith('ERR_TLS') || code.includes('CERT'))) return 'the TLS connection failed';
  return 'the download failed';
}

function checkContentType(header: string | string[] | undefined, host: string): void {
  const value = (Array.isArray(header) ? header[0] : header)?.split(';')[0]?.trim().toLowerCase();
  if (value === undefined || value === '' || value.startsWith('image/') || BINARY_CONTENT_TYPES.has(value)) return;
  throw new ImageInputError(`image url on ${host} answered ${value}, not an image`, 'NOT_IMAGE');
}

export async function fetchImage(url: URL, limits: FetchLimits): Promise<Buffer> {
  const { maxBytes, deadlineMs = FETCH_DEADLINE_MS, policy = PUBLIC_ONLY } = limits;
  // Only the host the client gave is quoted: the path or query of a signed url may be a credential,
  // and a redirect target may be internal.
  const host = url.host;
  // One agent per download: no connection is reused across hosts, and destroy() ends them all.
  const agent = new Agent({ connect: guardedConnector(policy) });
  const signal = AbortSignal.timeout(deadlineMs);
  try {
    const response = await request(url, {
      dispatcher: agent.compose(interceptors.redirect({ maxRedirections: MAX_REDIRECTS })),
      signal,
    });
    const status = response.statusCode;
    if (status < HTTP_OK_MIN || status > HTTP_OK_MAX) {
      await response.body.dump();
      const what = status >= HTTP_REDIRECT_MIN && status <= HTTP_REDIRECT_MAX ? `more than ${MAX_REDIRECTS} redirects` : `HTTP ${status}`;
      throw new ImageInputError(`image url on ${host} answered ${what}`, 'FETCH_FAILED');
    }
    checkContentType(response.headers['content-type'], host);
    const tooLarge = new ImageInputError(`image at ${host} is larger than ${maxBytes} bytes`, 'TOO_LARGE');
    if (Number(response.headers['content-length']) > maxBytes) throw tooLarge;
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response.body) {
      size += (chunk as Buffer).length;
      if (size > maxBytes) throw tooLarge;
      chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks, size);
  } catch (error) {
    if (error instanceof ImageInputError) throw error;
    throw new ImageInputError(`could not download the image from ${host}: ${failureReason(error, signal.aborted, deadlineMs)}`, 'FETCH_FAILED');
  } finally {
    // Closes sockets, including a body abandoned halfway because it was too large.
    await agent.destroy();
  }
}
