/** A scripted HTTP server: each request is recorded and answered by the next matching reply. */
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  json?: unknown;
  /** Drop the connection instead of answering. */
  reset?: boolean;
}

export type Responder = (request: RecordedRequest) => Reply;

export class FakeHttp {
  private constructor(private readonly server: Server, readonly origin: string, readonly requests: RecordedRequest[]) {}

  static async start(respond: Responder): Promise<FakeHttp> {
    const requests: RecordedRequest[] = [];
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const recorded = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) };
        requests.push(recorded);
        const reply = respond(recorded);
        if (reply.reset) {
          res.socket?.destroy();
          return;
        }
        const body = reply.json === undefined ? '' : JSON.stringify(reply.json);
        res.writeHead(reply.status, { ...(body ? { 'content-type': 'application/json' } : {}), ...reply.headers });
        res.end(body);
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    return new FakeHttp(server, `http://127.0.0.1:${port}`, requests);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

/** Replies in order, repeating the last one. */
export function sequence(...replies: Reply[]): Responder {
  let next = 0;
  return () => replies[Math.min(next++, replies.length - 1)] as Reply;
}
