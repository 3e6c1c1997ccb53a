import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { splitGrid } from '../../src/images/index.js';

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
