/**
 * Image URLs in submits over the real API: inward addresses refused with code 4 by default in every
 * image field, the simulator's own CDN still allowed (demo mode), a slow host cut at 10 s, a huge
 * body cut at the image limit.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestService, type TestService } from './harness.js';
import { dataUrl, pngBase64 } from './images.js';
import { submit, succeed } from './plus-helpers.js';

const IMAGE_LIMIT_BYTES = 100 * 1024;
/** The deadline is 10 s; the old code held a submit past 15 s. Generous for a loaded machine. */
const SLOW_SUBMIT_BOUND_MS = 14_000;

let svc: TestService;
let inner: Server;
let innerPort = 0;
const seenByInner: string[] = [];
let png = '';

before(async () => {
  png = await pngBase64({ r: 90, g: 30, b: 160 });
  const bytes = Buffer.from(png, 'base64');
  // Stands for a service inside the network mj-proxy runs in.
  inner = createServer((req, res) => {
    seenByInner.push(req.url ?? '');
    if (req.url === '/slow.png') return; // never answers
    if (req.url === '/huge.png') {
      res.writeHead(200, { 'content-type': 'image/png' });
      res.write(bytes);
      res.end(Buffer.alloc(IMAGE_LIMIT_BYTES * 2));
      return;
    }
    res.writeHead(200, { 'content-type': 'image/png' }).end(bytes);
  });
  await new Promise<void>((resolve) => inner.listen(0, '127.0.0.1', resolve));
  innerPort = (inner.address() as AddressInfo).port;
  // No re-hosting: a grid re-hosted before it is read would be at mj-proxy's own (inward) address, not the simulator's CDN.
  svc = await startTestService({ server: { imageLimitBytes: IMAGE_LIMIT_BYTES }, images: { store: 'none' } });
});

after(async () => {
  await svc.close();
  inner.closeAllConnections();
  await new Promise((resolve) => inner.close(resolve));
});

test('every image field refuses inward URLs with code 4, naming the field and no internal address', async () => {
  const inward = [
    `http://127.0.0.1:${innerPort}/a.png`, `http://localhost:${innerPort}/a.png`, `http://[::ffff:127.0.0.1]:${innerPort}/a.png`,
    'http://10.0.0.1/a.png', 'http://169.254.169.254/latest/meta-data/iam/',
  ];
  const image = dataUrl(png);
  const fields: [string, (url: string) => Record<string, unknown>, RegExp][] = [
    ['/submit/imagine', (url) => ({ prompt: 'a lake', base64Array: [image, url] }), /^base64Array\[1\]: /],
    ['/submit/imagine', (url) => ({ prompt: 'a lake', base64: url }), /^base64: /],
    ['/submit/blend', (url) => ({ base64Array: [url, image] }), /^base64Array\[0\]: /],
    ['/submit/describe', (url) => ({ base64: url }), /^base64: /],
    ['/insight-face/swap', (url) => ({ sourceUrl: url, targetBase64: image }), /^sourceUrl: /],
    ['/submit/video', (url) => ({ prompt: 'waves', image: url }), /^image: /],
    ['/submit/modal', (url) => ({ taskId: '1700000000000123', maskBase64: url }), /^maskBase64: /],
    ['/submit/upload-discord-images', (url) => ({ base64Array: [url] }), /^base64Array\[0\]: /],
  ];
  for (const url of inward) {
    for (const [path, body, field] of fields) {
      const answer = await svc.call<{ code: number; description: string; result: unknown }>('POST', `/mj${path}`, body(url), { 'content-type': 'application/json' });
      const label = `${path} ${url}`;
      assert.equal(answer.status, 200, label);
      assert.equal(answer.body.code, 4, `${label}: ${answer.text}`);
      assert.equal(answer.body.result, null, label);
      assert.match(answer.body.description, field, label);
      assert.match(answer.body.description, /public internet address/, label);
      // The host the client gave is quoted back; nothing it resolved to is.
      assert.doesNotMatch(answer.body.description.replace(new URL(url).host, ''), /127\.0\.0\.1|::1\b|7f00/, label);
    }
  }
  assert.deepEqual(seenByInner, []);
});

test("the simulator's CDN (the Discord endpoints in use) stays reachable: a finished grid describes", async () => {
  const grid = await succeed(svc, '/submit/imagine', { prompt: 'a lighthouse at night' });
  assert.match(grid.imageUrl ?? '', /^http:\/\/127\.0\.0\.1:/);
  const described = await succeed(svc, '/submit/describe', { base64: grid.imageUrl });
  assert.equal(described.action, 'DESCRIBE');
});

test('with private networks allowed: a slow host is cut at 10 s, a huge body at the image limit', async () => {
  const open = await startTestService({ server: { imageLimitBytes: IMAGE_LIMIT_BYTES }, security: { allowPrivateNetworks: true } });
  try {
    const fine = await submit(open, '/submit/describe', { base64: `http://127.0.0.1:${innerPort}/fine.png` });
    assert.equal(fine.code, 1, fine.description);

    const started = Date.now();
    const slow = await submit(open, '/submit/imagine', { prompt: 'a lake', base64Array: [`http://127.0.0.1:${innerPort}/slow.png`] });
    const elapsed = Date.now() - started;
    assert.equal(slow.code, 4, slow.description);
    assert.match(slow.description, /no complete answer within 10 s/);
    assert.ok(elapsed < SLOW_SUBMIT_BOUND_MS, `the submit took ${elapsed} ms`);

    const huge = await submit(open, '/submit/describe', { base64: `http://127.0.0.1:${innerPort}/huge.png` });
    assert.equal(huge.code, 4, huge.description);
    assert.match(huge.description, /larger than 102400 bytes/);
  } finally {
    await open.close();
  }
});
