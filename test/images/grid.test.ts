import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { GridImageStore, gridPartUrl, splitGrid } from '../../src/images/index.js';

const COLOURS = [[255, 0, 0], [0, 255, 0], [0, 0, 255], [255, 255, 0]] as const;

/** A 2×2 grid whose quadrants are solid colours, in U1..U4 order. */
async function grid(width: number, height: number): Promise<Buffer> {
  const halfW = Math.floor(width / 2);
  const halfH = Math.floor(height / 2);
  const tiles = COLOURS.map(([r, g, b], i) => ({
    input: { create: { width: i % 2 ? width - halfW : halfW, height: i < 2 ? halfH : height - halfH, channels: 3 as const, background: { r, g, b } } },
    left: i % 2 ? halfW : 0,
    top: i < 2 ? 0 : halfH,
  }));
  return sharp({ create: { width, height, channels: 3, background: '#000' } }).composite(tiles).webp({ lossless: true }).toBuffer();
}

test('splitGrid cuts four PNG quadrants in button order, odd sizes included', async () => {
  const parts = await splitGrid(await grid(41, 30));
  assert.equal(parts.length, 4);
  const sizes = [[20, 15], [21, 15], [20, 15], [21, 15]];
  for (const [i, part] of parts.entries()) {
    const meta = await sharp(part).metadata();
    assert.equal(meta.format, 'png');
    assert.deepEqual([meta.width, meta.height], sizes[i]);
    const { dominant } = await sharp(part).stats();
    assert.deepEqual([dominant.r, dominant.g, dominant.b].map((v) => (v > 127 ? 255 : 0)), COLOURS[i]);
  }
});

test('splitGrid rejects bytes that are not an image', async () => {
  await assert.rejects(splitGrid(Buffer.from('not an image')));
});

test('grid parts are stored on disk, served back by task and number, and reject unsafe ids', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'mj-images-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const store = new GridImageStore(join(dir, 'images'));
  const parts = [Buffer.from('one'), Buffer.from('two'), Buffer.from('three'), Buffer.from('four')];
  await store.putGridParts('1700000000000123', parts);

  assert.deepEqual(await store.getPart('1700000000000123', 3), Buffer.from('three'));
  assert.deepEqual((await readdir(join(dir, 'images', '1700000000000123'))).sort(), ['1.png', '2.png', '3.png', '4.png']);
  assert.equal(await store.getPart('1700000000000123', 5), undefined);
  assert.equal(await store.getPart('1700000000000123', 0), undefined);
  assert.equal(await store.getPart('999', 1), undefined);
  assert.equal(await store.getPart('../images', 1), undefined);
  await assert.rejects(store.putGridParts('../escape', parts), /unsafe task id/);
  await assert.rejects(store.putGridParts('1', parts.slice(0, 3)), /4 parts/);

  // A second cut of the same task replaces the first.
  await store.putGridParts('1700000000000123', parts.map((part) => Buffer.concat([part, Buffer.from('!')])));
  assert.deepEqual(await store.getPart('1700000000000123', 1), Buffer.from('one!'));
});

test('gridPartUrl builds the served address from the public base url', () => {
  assert.equal(gridPartUrl('https://mj.example.com/', '123', 2), 'https://mj.example.com/mj/image/123/2.png');
  assert.equal(gridPartUrl('http://127.0.0.1:8080', '123', 4), 'http://127.0.0.1:8080/mj/image/123/4.png');
});
