/**
 * A zlib stream (one inflate or deflate context kept from one payload to the next, as Discord's
 * zlib-stream transport needs) worked synchronously on the event loop. Node's async zlib streams
 * queue every payload on libuv's thread pool (4 threads), behind whatever else waits there (image
 * work, file writes): under load, gateway payloads of a few kB then wait for seconds, while zlib
 * itself needs microseconds for them.
 *
 * Node offers no public synchronous API that keeps a context, so this drives the stream's native
 * handle the way zlib.inflateSync does internally (node:zlib processChunkSync): writeSync works in
 * place and leaves [output space left, input left] in the stream's _writeState.
 */
import { constants, createDeflateRaw, createInflate, type DeflateRaw, type Inflate, type ZlibOptions } from 'node:zlib';

interface ZlibHandle {
  writeSync(flush: number, input: Buffer, inOffset: number, inLength: number, output: Buffer, outOffset: number, outLength: number): void;
}
type StreamInternals = (Inflate | DeflateRaw) & { _handle?: ZlibHandle; _writeState?: Uint32Array };

/**
 * One output buffer for every stream of the process: the work is synchronous, so no two streams use
 * it at once, and each result is copied out before the next begins.
 */
const OUT_CHUNK_BYTES = 64 * 1024;
const out = Buffer.allocUnsafe(OUT_CHUNK_BYTES);

export class SyncZlibStream {
  private readonly stream: StreamInternals;
  private readonly handle: ZlibHandle;
  private readonly state: Uint32Array;

  /** 'deflateRaw': deflate data without the zlib header, which the caller writes. */
  constructor(kind: 'inflate' | 'deflateRaw', options: ZlibOptions = {}) {
    this.stream = (kind === 'inflate' ? createInflate(options) : createDeflateRaw(options)) as StreamInternals;
    const { _handle: handle, _writeState: state } = this.stream;
    if (!handle || !state) throw new Error('this Node version has no synchronous zlib handle (node:zlib internals changed)');
    this.handle = handle;
    this.state = state;
    // Corrupt input destroys the stream, which then also emits the error: process() has thrown it already.
    this.stream.on('error', () => undefined);
  }

  /** All of `input` through the context, with a sync flush (what zlib-stream ends each payload with). */
  process(input: Buffer): Buffer {
    const earlier: Buffer[] = [];
    let inOffset = 0;
    let inLeft = input.length;
    for (;;) {
      this.handle.writeSync(constants.Z_SYNC_FLUSH, input, inOffset, inLeft, out, 0, OUT_CHUNK_BYTES);
      if (this.stream.destroyed) throw new Error('corrupt zlib data');
      const [outLeft = 0, inLeftAfter = 0] = this.state;
      const produced = Buffer.from(out.subarray(0, OUT_CHUNK_BYTES - outLeft));
      // Room left in the output: zlib has given all it can from this input.
      if (outLeft > 0) return earlier.length === 0 ? produced : Buffer.concat([...earlier, produced]);
      earlier.push(produced);
      inOffset += inLeft - inLeftAfter;
      inLeft = inLeftAfter;
    }
  }

  close(): void {
    this.stream.destroy();
  }
}
