/**
 * A bare HTTP/1.1 client on a TCP socket, for requests no well-behaved client would send (bad request
 * lines, NUL bytes, conflicting lengths, odd methods). One request per connection, read to the end.
 */
import { connect } from 'node:net';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The whole answer is in (its length is known and reached); else only a closed socket ends it. */
  complete: boolean;
  /** Where the body starts in the bytes read. */
  bodyStart: number;
}

const HEADER_END = '\r\n\r\n';
const INFORMATIONAL_MAX = 199;

/** Decodes a chunked body; a malformed one yields what could be read. */
function unchunk(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  let offset = 0;
  while (offset < data.length) {
    const lineEnd = data.indexOf('\r\n', offset);
    if (lineEnd < 0) break;
    const size = Number.parseInt(data.subarray(offset, lineEnd).toString('latin1'), 16);
    if (!Number.isFinite(size) || size === 0) break;
    parts.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
    offset = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

const CHUNKED_END = '0\r\n\r\n';
const NO_BODY_STATUSES = new Set([204, 304]);

/** Parses the last non-1xx response in `data` (a 100 Continue may come first); `head`: an answer to HEAD has no body. */
export function parseResponse(data: Buffer, head = false): RawResponse | undefined {
  let offset = 0;
  for (;;) {
    const end = data.indexOf(HEADER_END, offset);
    if (end < 0) return undefined;
    const [statusLine = '', ...lines] = data.subarray(offset, end).toString('latin1').split('\r\n');
    const status = Number(statusLine.split(' ')[1]);
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(':');
      if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const bodyStart = end + HEADER_END.length;
    const rest = data.subarray(bodyStart);
    if (status <= INFORMATIONAL_MAX) {
      offset = end + HEADER_END.length;
      continue;
    }
    const length = headers['content-length'];
    const chunked = headers['transfer-encoding']?.toLowerCase() === 'chunked';
    if (head || NO_BODY_STATUSES.has(status)) return { status, headers, body: '', complete: true, bodyStart };
    const body = chunked ? unchunk(rest) : length === undefined ? rest : rest.subarray(0, Number(length));
    const complete = chunked ? rest.toString('latin1').endsWith(CHUNKED_END) : length !== undefined && rest.length >= Number(length);
    return { status, headers, body: body.toString('utf8'), complete, bodyStart };
  }
}

/** Sends `request` as is and reads one answer (to its end, or until the server closes) within `timeoutMs`. */
export function sendRaw(port: number, request: Buffer, timeoutMs: number, head = false): Promise<{ response: RawResponse | undefined; timedOut: boolean }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let received = 0;
    /** Bytes the answer has in all, once its head says (a fixed length); the body is not parsed again and again as it arrives. */
    let expected: number | undefined;
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    const finish = (timedOut: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ response: parseResponse(Buffer.concat(chunks), head), timedOut });
    };
    const timer = setTimeout(() => finish(true), timeoutMs);
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      received += chunk.length;
      if (expected === undefined) {
        const data = Buffer.concat(chunks);
        const response = parseResponse(data, head);
        if (response?.complete) {
          finish(false);
          return;
        }
        const length = response?.headers['content-length'];
        if (response && length !== undefined) expected = response.bodyStart + Number(length);
      } else if (received >= expected) {
        finish(false);
      }
    });
    socket.on('close', () => finish(false));
    // A reset after the answer is fine; the answer (if any) is in `chunks`.
    socket.on('error', () => undefined);
  });
}

/** A well-formed request around `body`, closing the connection after the answer. */
export function buildRequest(method: string, path: string, body?: Buffer | string, headers: Record<string, string> = {}): Buffer {
  const payload = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
  const all: Record<string, string> = { host: '127.0.0.1', connection: 'close', ...headers };
  if (payload !== undefined) {
    all['content-type'] ??= 'application/json';
    all['content-length'] ??= String(payload.length);
  }
  const head = `${method} ${path} HTTP/1.1\r\n${Object.entries(all).map(([name, value]) => `${name}: ${value}\r\n`).join('')}\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), payload ?? Buffer.alloc(0)]);
}
