import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMediaStore, LocalMediaStore, type MediaStore } from '../../src/images/index.js';
import { resolveConfig } from '../../src/config/load.js';
import { startTestS3, type TestS3 } from './s3-server.js';

const BASE = 'https://mj.example.com/';
const PNG = Buffer.from('89504e470d0a1a0a', 'hex');

describe('local media store', () => {
  let dir: string;
  let store: LocalMediaStore;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mj-media-'));
    store = new LocalMediaStore(join(dir, 'images'), () => BASE);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('keeps files per task under the public base, replaces them whole, and deletes them with their task', async () => {
    assert.equal(await store.put('1700000000000123', 'image.png', PNG), 'https://mj.example.com/mj/image/1700000000000123/image.png');
    await store.put('1700000000000123', 'thumb.webp', Buffer.from('webp'));
    await store.put('1700000000000123', 'image.png', Buffer.from('newer'));
    await store.put('1700000000000999', '1.png', PNG);
    const taskDir = join(dir, 'images', '1700000000000123');
    assert.deepEqual((await readdir(taskDir)).sort(), ['image.png', 'thumb.webp'], 'no partial file is left behind');
    assert.deepEqual(await readFile(join(taskDir, 'image.png')), Buffer.from('newer'));
    assert.deepEqual(await store.locate('1700000000000123', 'image.png'), { kind: 'file', root: join(dir, 'images'), path: '1700000000000123/image.png' });

    await store.deleteForTasks(['1700000000000123', '../images', 'unknown']);
    assert.equal(await store.locate('1700000000000123', 'image.png'), undefined);
    assert.ok(await store.locate('1700000000000999', '1.png'), 'other tasks keep their files');
  });

  it('refuses names that could leave its folder', async () => {
    for (const [taskId, file] of [['../escape', 'image.png'], ['1', '../image.png'], ['1', 'image.png.partial'], ['1', '.png'], ['', 'a.png']]) {
      await assert.rejects(store.put(taskId ?? '', file ?? '', PNG), /unsafe/, `${taskId}/${file}`);
      assert.equal(await store.locate(taskId ?? '', file ?? ''), undefined);
    }
  });
});

describe('S3 media store (s3rver on loopback)', () => {
  let s3: TestS3;
  const stores: MediaStore[] = [];
  const s3Store = async (extra: Record<string, unknown> = {}) => {
    const config = resolveConfig({ images: { store: 's3', s3: { ...s3.settings, ...extra } } });
    const store = await createMediaStore(config.images, () => BASE);
    assert.ok(store);
    stores.push(store);
    return store;
  };
  before(async () => {
    s3 = await startTestS3();
  });
  after(async () => {
    await Promise.all(stores.map((store) => store.close()));
    await s3.close();
  });

  it('stores objects under the prefix; clients get mj-proxy addresses that redirect to presigned URLs', async () => {
    const store = await s3Store({ presignSeconds: 90 });
    assert.equal(await store.put('42', 'image.png', PNG, 'image/png'), 'https://mj.example.com/mj/image/42/image.png');
    const served = await store.locate('42', 'image.png');
    assert.equal(served?.kind, 'redirect');
    const url = new URL(served.kind === 'redirect' ? served.url : '');
    assert.equal(url.pathname, `/${s3.bucket}/results/42/image.png`);
    assert.equal(url.searchParams.get('X-Amz-Expires'), '90');
    const object = await fetch(url);
    assert.equal(object.status, 200);
    assert.equal(object.headers.get('content-type'), 'image/png');
    assert.deepEqual(Buffer.from(await object.arrayBuffer()), PNG);
    assert.equal(await store.locate('../x', 'image.png'), undefined);
  });

  it('with a public base URL, clients get the bucket\'s own addresses', async () => {
    const store = await s3Store({ publicBaseUrl: `${s3.endpoint}/${s3.bucket}/` });
    const url = await store.put('43', 'thumb.webp', Buffer.from('webp'), 'image/webp');
    assert.equal(url, `${s3.endpoint}/${s3.bucket}/results/43/thumb.webp`);
    assert.deepEqual(Buffer.from(await (await fetch(url)).arrayBuffer()), Buffer.from('webp'));
    assert.deepEqual(await store.locate('43', 'thumb.webp'), { kind: 'redirect', url });
  });

  it('deletes every object of the given tasks and nothing else', async () => {
    const store = await s3Store({ publicBaseUrl: `${s3.endpoint}/${s3.bucket}` });
    const kept = await store.put('7001', 'image.png', PNG, 'image/png');
    const gone = await Promise.all(['image.png', '1.png', 'thumb.webp'].map((file) => store.put('700', file, PNG, 'image/png')));
    await store.deleteForTasks(['700', '12345']);
    for (const url of gone) assert.equal((await fetch(url)).status, 404, url);
    assert.equal((await fetch(kept)).status, 200);
  });

  it('an s3 store without a bucket stops start-up naming the key', async () => {
    const config = resolveConfig({ images: { store: 's3' } });
    await assert.rejects(createMediaStore(config.images, () => BASE), /images\.s3\.bucket/);
  });
});
