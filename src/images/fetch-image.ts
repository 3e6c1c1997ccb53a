/** Downloads an image input given as an http(s) URL, bounded in size, time and redirects. */
import { Agent, interceptors, request } from 'undici';
import { ImageInputError } from './image-input-error.js';

const MAX_REDIRECTS = 3;
const HTTP_OK_MIN = 200;
const HTTP_OK_MAX = 299;
/** Some CDNs label images as plain binary; the bytes are sniffed afterwards anyway. */
const BINARY_CONTENT_TYPES: ReadonlySet<string> = new Set(['application/octet-stream', 'binary/octet-stream']);

function checkContentType(header: string | string[] | undefined, host: string): void {
  const value = (Array.isArray(header) ? header[0] : header)?.split(';')[0]?.trim().toLowerCase();
  if (value === undefined || value === '' || value.startsWith('image/') || BINARY_CONTENT_TYPES.has(value)) return;
  throw new ImageInputError(`image url on ${host} answered ${value}, not an image`, 'NOT_IMAGE');
}

export async function fetchImage(url: URL, maxBytes: number, timeoutMs: number): Promise<Buffer> {
  // Only the host is quoted in errors: the path or query of a signed url may be a credential.
  const host = url.host;
  const agent = new Agent();
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const response = await request(url, {
      dispatcher: agent.compose(interceptors.redirect({ maxRedirections: MAX_REDIRECTS })),
      signal,
    });
    if (response.statusCode < HTTP_OK_MIN || response.statusCode > HTTP_OK_MAX) {
      await response.body.dump();
      throw new ImageInputError(`image url on ${host} answered HTTP ${response.statusCode}`, 'FETCH_FAILED');
    }
    checkContentType(response.headers['content-type'], host);
    const declared = Number(response.headers['content-length']);
    const tooLarge = new ImageInputError(`image at ${host} is larger than ${maxBytes} bytes`, 'TOO_LARGE');
    if (declared > maxBytes) throw tooLarge;
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
    const reason = signal.aborted ? `no complete answer within ${timeoutMs} ms` : error instanceof Error ? error.message : String(error);
    throw new ImageInputError(`could not download the image from ${host}: ${reason}`, 'FETCH_FAILED');
  } finally {
    // Closes sockets, including a body abandoned halfway because it was too large.
    await agent.destroy();
  }
}
