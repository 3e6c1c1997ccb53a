import assert from 'node:assert/strict';
import { test } from 'node:test';
import { constants, createDeflate } from 'node:zlib';
import { ZlibStreamDecoder } from '../../src/discord/gateway/zlib-stream.js';

/** One deflate context for a whole "connection", each payload sync-flushed, as the gateway does. */
function deflater() {
  const deflate = createDeflate();
  const chunks: Buffer[] = [];
  deflate.on('data', (chunk: Buffer) => chunks.push(chunk));
  return (text: string) => new Promise<Buffer>((resolve) => {
    deflate.write(text);
    deflate.flush(constants.Z_SYNC_FLUSH, () => resolve(Buffer.concat(chunks.splice(0))));
  });
}

function collector() {
  const texts: string[] = [];
  const errors: Error[] = [];
  let notify = () => {};
  const decoder = new ZlibStreamDecoder((text) => {
    texts.push(text);
    notify();
  }, (error) => {
    errors.push(error);
    notify();
  });
  const settled = (count: number) => new Promise<void>((resolve) => {
    notify = () => {
      if (texts.length + errors.length >= count) resolve();
    };
    notify();
  });
  return { decoder, texts, errors, settled };
}

test('inflates with one context, buffers partial frames, and keeps text frames in order', async () => {
  const deflate = deflater();
  const { decoder, texts, settled } = collector();
  const first = await deflate('{"op":10}');
  const second = await deflate('{"op":0,"s":1}');
  assert.deepEqual([...first.subarray(0, 2)], [0x78, 0x9c], 'the first frame carries the zlib header');
  decoder.push(first, true);
  decoder.push(Buffer.from('{"op":11}'), false);
  decoder.push(second.subarray(0, 3), true);
  decoder.push(second.subarray(3), true);
  await settled(3);
  assert.deepEqual(texts, ['{"op":10}', '{"op":11}', '{"op":0,"s":1}']);
  decoder.destroy();
});

test('corrupt compressed data is reported once, and nothing is delivered afterwards', async () => {
  const { decoder, texts, errors, settled } = collector();
  decoder.push(Buffer.from([0x78, 0x9c, 0xde, 0xad, 0xbe, 0xef, 0x00, 0x00, 0xff, 0xff]), true);
  await settled(1);
  decoder.push(Buffer.from('{"op":11}'), false);
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(errors.length, 1);
  assert.deepEqual(texts, []);
});

test('payloads larger than the output buffer, and two connections taking turns, each inflate whole', async () => {
  const [deflateA, deflateB] = [deflater(), deflater()];
  const a = collector();
  const b = collector();
  // Text that compresses poorly enough to span several output buffers once inflated.
  const big = (tag: string) => JSON.stringify({ tag, d: Array.from({ length: 30_000 }, (_, i) => (i * 7919) % 10007) });
  const [a1, b1, a2, b2] = [big('a1'), big('b1'), '{"op":11}', big('b2')];
  a.decoder.push(await deflateA(a1), true);
  b.decoder.push(await deflateB(b1), true);
  a.decoder.push(await deflateA(a2), true);
  b.decoder.push(await deflateB(b2), true);
  await Promise.all([a.settled(2), b.settled(2)]);
  assert.ok(a1.length > 128 * 1024);
  assert.deepEqual(a.texts, [a1, a2]);
  assert.deepEqual(b.texts, [b1, b2]);
  a.decoder.destroy();
  b.decoder.destroy();
});
