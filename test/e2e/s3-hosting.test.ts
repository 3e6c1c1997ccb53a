import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { startTestS3, type TestS3 } from '../images/s3-server.js';
import { startTestService, type TestService } from './harness.js';
import { taskUrls, waitForHosted } from './hosting-helpers.js';
import { submit } from './plus-helpers.js';

/** Not an address of this machine: answers must use it, never the loopback address the service listens on. */
const PUBLIC_URL = 'https://mj-proxy.example';

let s3: TestS3;
const services: TestService[] = [];

before(async () => {
  s3 = await startTestS3();
});
after(async () => {
  await Promise.all(services.map((svc) => svc.close()));
  await s3.close();
});

async function imagineHosted(svc: TestService, base: string) {
  const answer = await submit(svc, '/submit/imagine', { prompt: 'a kite over dunes' });
  assert.equal(answer.code, 1);
  return waitForHosted(svc, answer.result as string, base);
}

test('S3 with presigned URLs: tasks show stable addresses under publicUrl that redirect to the bucket', async () => {
  const svc = await startTestService({ server: { publicUrl: `${PUBLIC_URL}/` }, images: { store: 's3', s3: { ...s3.settings, presignSeconds: 300 } } });
  services.push(svc);
  const task = await imagineHosted(svc, `${PUBLIC_URL}/mj/image/`);
  const urls = taskUrls(task);
  assert.equal(urls.length, 6, 'image, four parts, thumbnail');
  for (const url of urls) {
    assert.ok(!/127\.0\.0\.1|localhost/.test(url), url);
    // The path is what the service answers; publicUrl names the host clients reach it by.
    const local = url.replace(PUBLIC_URL, svc.service.url);
    const redirect = await fetch(local, { redirect: 'manual' });
    assert.equal(redirect.status, 302, url);
    const location = new URL(redirect.headers.get('location') ?? '');
    assert.equal(location.origin, s3.endpoint);
    assert.ok(location.pathname.startsWith(`/${s3.bucket}/results/${task.id}/`), location.pathname);
    assert.equal(location.searchParams.get('X-Amz-Expires'), '300');
    const followed = await fetch(local);
    assert.equal(followed.status, 200, url);
    await followed.arrayBuffer();
  }
  const thumbnail = await fetch(String(task.properties.thumbnailUrl).replace(PUBLIC_URL, svc.service.url));
  assert.equal((await sharp(Buffer.from(await thumbnail.arrayBuffer())).metadata()).format, 'webp');
});

test('S3 with a public base URL: tasks show the bucket\'s own addresses, which keep working with the CDN down', async () => {
  const publicBase = `${s3.endpoint}/${s3.bucket}`;
  const svc = await startTestService({ images: { store: 's3', s3: { ...s3.settings, publicBaseUrl: publicBase } } });
  services.push(svc);
  const task = await imagineHosted(svc, `${publicBase}/results/`);
  svc.sim.faults.cdnOutage();
  for (const url of taskUrls(task)) {
    const object = await fetch(url);
    assert.equal(object.status, 200, url);
    await object.arrayBuffer();
  }
  assert.match(task.imageUrl ?? '', new RegExp(`/results/${task.id}/image\\.png$`));
});
