import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { decodeImageInput, fetchPolicy, ImageInputError, type ImageInputProblem } from '../../src/images/index.js';

// The image host of these tests is on loopback (where-to rules: address-guard.test.ts).
const LIMITS = { maxBytes: 64 * 1024, fetchTimeoutMs: 300, fetchPolicy: fetchPolicy(true, []) };
const images: Record<'png' | 'jpeg' | 'webp' | 'gif', Buffer> = { png: Buffer.alloc(0), jpeg: Buffer.alloc(0), webp: Buffer.alloc(0), gif: Buffer.alloc(0) };
let server: Server;
let base = '';

/** Routes of the local image host; `/hang` never answers. */
function serve(path: string, res: import('node:http').ServerResponse): void {
  if (path === '/cat.png') res.writeHead(200, { 'content-type': 'image/png' }).end(images.png);
  else if (path === '/cat.bin') res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(images.webp);
  else if (path === '/moved') res.writeHead(302, { location: '/cat.png' }).end();
  else if (path === '/page') res.writeHead(200, { 'content-type': 'text/html' }).end('<html></html>');
  else if (path === '/fake.png') res.writeHead(200, { 'content-type': 'image/png' }).end('not really a png');
  else if (path === '/huge') {
    // No content-length: the size limit must hold while streaming.
    res.writeHead(200, { 'content-type': 'image/png' });
    res.write(images.png);
    res.end(Buffer.alloc(LIMITS.maxBytes));
  } else if (path !== '/hang') res.writeHead(404).end();
}

before(async () => {
  const pixels = sharp({ create: { width: 8, height: 8, channels: 3, background: '#3366ff' } });
  images.png = await pixels.clone().png().toBuffer();
  images.jpeg = await pixels.clone().jpeg().toBuffer();
  images.webp = await pixels.clone().webp().toBuffer();
  images.gif = await pixels.clone().gif().toBuffer();
  server = createServer((req, res) => serve(req.url ?? '', res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function refused(value: string, problem: ImageInputProblem, message: RegExp, maxBytes = LIMITS.maxBytes): Promise<void> {
  await assert.rejects(decodeImageInput(value, { ...LIMITS, maxBytes }), (error: unknown) => {
    assert.ok(error instanceof ImageInputError);
    assert.equal(error.problem, problem);
    assert.match(error.message, message);
    return true;
  });
}

test('data URLs and raw base64 decode to bytes typed by their content, not their label', async () => {
  const expected = { png: ['image/png', 'png'], jpeg: ['image/jpeg', 'jpg'], webp: ['image/webp', 'webp'], gif: ['image/gif', 'gif'] };
  for (const [format, [contentType, extension]] of Object.entries(expected)) {
    const bytes = images[format as keyof typeof images];
    const fromRaw = await decodeImageInput(bytes.toString('base64'), LIMITS);
    assert.deepEqual(fromRaw, { bytes, contentType, extension });
    // The label says png whatever the bytes are; the sniffed type wins.
    const fromDataUrl = await decodeImageInput(`data:image/png;base64,${bytes.toString('base64')}`, LIMITS);
    assert.deepEqual(fromDataUrl, { bytes, contentType, extension });
  }
  const wrapped = `  data:image/png;base64,${images.png.toString('base64').replace(/(.{60})/g, '$1\n')}  `;
  assert.deepEqual((await decodeImageInput(wrapped, LIMITS)).bytes, images.png);
});

test('malformed, non-image and oversized inline inputs are refused with a reason', async () => {
  await refused('   ', 'EMPTY', /empty/);
  await refused('data:image/png;base64,', 'EMPTY', /empty/);
  await refused('data:image/png,rawbytes', 'UNSUPPORTED_FORMAT', /base64-encoded/);
  await refused('data:image/png;base64,@@@@', 'BAD_BASE64', /invalid base64/);
  await refused('not base64 at all!', 'BAD_BASE64', /neither a data URL, an http\(s\) URL nor valid base64/);
  await refused('ftp://example.com/cat.png', 'UNSUPPORTED_FORMAT', /data URL, an http\(s\) URL or base64/);
  await refused(Buffer.from('plain text, no image').toString('base64'), 'NOT_IMAGE', /not a png, jpeg, webp or gif/);
  await refused(images.png.toString('base64'), 'TOO_LARGE', /more than 10/, 10);
});

test('http(s) URLs are downloaded, following redirects, and sniffed', async () => {
  assert.deepEqual(await decodeImageInput(`${base}/cat.png`, LIMITS), { bytes: images.png, contentType: 'image/png', extension: 'png' });
  assert.deepEqual((await decodeImageInput(`${base}/moved`, LIMITS)).bytes, images.png);
  assert.equal((await decodeImageInput(`${base}/cat.bin`, LIMITS)).contentType, 'image/webp');
});

test('a URL answering an error, a page, fake image bytes, too much or nothing is refused', async () => {
  await refused(`${base}/missing.png`, 'FETCH_FAILED', /HTTP 404/);
  await refused(`${base}/page`, 'NOT_IMAGE', /text\/html, not an image/);
  await refused(`${base}/fake.png`, 'NOT_IMAGE', /downloaded file is not a png/);
  await refused(`${base}/huge`, 'TOO_LARGE', /larger than/);
  await refused(`${base}/hang`, 'FETCH_FAILED', /within 0\.3 s/);
  await refused('http://127.0.0.1:1/closed.png', 'FETCH_FAILED', /could not download the image from 127\.0\.0\.1:1: the connection was refused$/);
});
