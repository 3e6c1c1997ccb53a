/** Request bodies: JSON, multipart `payload_json` and form `payload_json=` all carry one JSON document. */
import type { IncomingMessage } from 'node:http';

export class BodyTooLargeError extends Error {}

export function readBody(request: IncomingMessage, limitBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) {
        reject(new BodyTooLargeError(`body over ${limitBytes} bytes`));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/** The JSON text of a body, or undefined when it has none that can be found. */
export async function jsonText(body: Buffer, contentType: string): Promise<string | undefined> {
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === 'multipart/form-data') {
    try {
      // undici's Response parses multipart bodies; only the payload_json field matters here.
      const form = await new Response(body, { headers: { 'content-type': contentType } }).formData();
      const field = form.get('payload_json');
      return typeof field === 'string' ? field : undefined;
    } catch {
      return undefined;
    }
  }
  if (type === 'application/x-www-form-urlencoded') {
    return new URLSearchParams(body.toString('utf8')).get('payload_json') ?? undefined;
  }
  return body.toString('utf8');
}

/** Parses the JSON of a body; undefined when it is not JSON. */
export async function parseJsonBody(body: Buffer, contentType: string): Promise<{ value: unknown; text: string } | undefined> {
  const text = await jsonText(body, contentType);
  if (text === undefined) return undefined;
  try {
    return { value: JSON.parse(text) as unknown, text };
  } catch {
    return undefined;
  }
}
