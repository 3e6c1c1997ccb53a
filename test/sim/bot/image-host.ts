/**
 * An ordinary web server holding an image, for links the simulated bot must fetch: `/<any>.png` the
 * image, `/text` a text page, `/missing.png` 404, `/huge.png` a body over the bot's limit, `/stalled.png`
 * headers and then silence.
 */
import { createServer, type ServerResponse } from 'node:http';
import { LINK_MAX_BYTES } from '../../../src/sim/bot/linked-image.js';

export interface ImageHost {
  url: string;
  close(): Promise<void>;
}

const CHUNK = Buffer.alloc(64 * 1024);

/** Streams more than the limit without announcing a length, so only counting the body can stop it. */
function sendHuge(response: ServerResponse): void {
  response.writeHead(200, { 'content-type': 'image/png' });
  let sent = 0;
  const more = (): void => {
    while (sent <= LINK_MAX_BYTES) {
      sent += CHUNK.length;
      if (!response.write(CHUNK)) return void response.once('drain', more);
    }
    response.end();
  };
  more();
}

export async function startImageHost(png: Buffer): Promise<ImageHost> {
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://host').pathname;
    if (path === '/text') return void response.writeHead(200, { 'content-type': 'text/plain' }).end('not an image');
    if (path === '/missing.png') return void response.writeHead(404).end();
    if (path === '/huge.png') return sendHuge(response);
    if (path === '/stalled.png') return void response.writeHead(200, { 'content-type': 'image/png' }).write(png.subarray(0, 8));
    response.writeHead(200, { 'content-type': 'image/png', 'content-length': png.length }).end(png);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
