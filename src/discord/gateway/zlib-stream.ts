/**
 * Gateway frames → JSON texts. With `compress=zlib-stream` the server keeps ONE deflate context for the whole
 * connection and ends every payload with a sync flush (00 00 ff ff); a payload may span several frames.
 * Plain text frames (no compression) pass straight through. Texts come out in arrival order.
 *
 * Inflating is synchronous, on the event loop: a payload is a few kB that zlib inflates in
 * microseconds. An asynchronous zlib stream would queue every payload on libuv's thread pool (4
 * threads), behind whatever else waits there (image work, file writes): with hundreds of accounts
 * busy, their events (and the ACKs their heartbeats wait for) arrived seconds late.
 */
import { constants, createInflate, type Inflate } from 'node:zlib';
import { ZLIB_SUFFIX } from '../protocol/index.js';

/**
 * One output buffer for every decoder of the process: inflating is synchronous, so no two use it at
 * once, and each payload is turned into a string before the next begins. A typical payload fits in
 * one go; a READY takes a few.
 */
const OUT_CHUNK_BYTES = 64 * 1024;
const out = Buffer.allocUnsafe(OUT_CHUNK_BYTES);

/**
 * The native handle of a Node zlib stream, as zlib.inflateSync drives it (node:zlib processChunkSync):
 * writeSync inflates in place and leaves [output space left, input left] in the stream's _writeState.
 * Driven directly, the stream's inflate context survives from one payload to the next.
 */
interface ZlibHandle {
  writeSync(flush: number, input: Buffer, inOffset: number, inLength: number, output: Buffer, outOffset: number, outLength: number): void;
}
type StreamInternals = Inflate & { _handle?: ZlibHandle; _writeState?: Uint32Array };

export class ZlibStreamDecoder {
  private readonly inflate: StreamInternals;
  private readonly handle: ZlibHandle;
  private readonly state: Uint32Array;
  private compressed: Buffer[] = [];
  private destroyed = false;

  constructor(
    private readonly onText: (text: string) => void,
    private readonly onError: (error: Error) => void,
  ) {
    this.inflate = createInflate() as StreamInternals;
    const { _handle: handle, _writeState: state } = this.inflate;
    if (!handle || !state) throw new Error('this Node version has no synchronous zlib handle (node:zlib internals changed)');
    this.handle = handle;
    this.state = state;
    // A corrupt input destroys the stream, which then emits the error (after inflateFrame has thrown).
    this.inflate.on('error', () => undefined);
  }

  push(data: Buffer, isBinary: boolean): void {
    if (this.destroyed) return;
    if (!isBinary) {
      this.onText(data.toString('utf8'));
      return;
    }
    this.compressed.push(data);
    if (!endsWithSuffix(data)) return;
    const frame = this.compressed.length === 1 ? data : Buffer.concat(this.compressed);
    this.compressed = [];
    let text: string;
    try {
      text = this.inflateFrame(frame);
    } catch (error) {
      this.fail(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    this.onText(text);
  }

  destroy(): void {
    this.destroyed = true;
    this.compressed = [];
    this.inflate.destroy();
  }

  /** Feeds the whole frame, a full output buffer at a time, until zlib leaves room in one. */
  private inflateFrame(frame: Buffer): string {
    const earlier: Buffer[] = [];
    let inOffset = 0;
    let inLeft = frame.length;
    for (;;) {
      this.handle.writeSync(constants.Z_SYNC_FLUSH, frame, inOffset, inLeft, out, 0, OUT_CHUNK_BYTES);
      if (this.inflate.destroyed) throw new Error('corrupt zlib-stream data from the gateway');
      const [outLeft = 0, inLeftAfter = 0] = this.state;
      const produced = OUT_CHUNK_BYTES - outLeft;
      // Room left in the output: zlib has given all it can from this input.
      if (outLeft > 0) return earlier.length === 0 ? out.toString('utf8', 0, produced) : Buffer.concat([...earlier, out.subarray(0, produced)]).toString('utf8');
      earlier.push(Buffer.from(out));
      inOffset += inLeft - inLeftAfter;
      inLeft = inLeftAfter;
    }
  }

  private fail(error: Error): void {
    if (this.destroyed) return;
    this.destroy();
    this.onError(error);
  }
}

function endsWithSuffix(data: Buffer): boolean {
  return data.length >= ZLIB_SUFFIX.length && data.subarray(data.length - ZLIB_SUFFIX.length).equals(ZLIB_SUFFIX);
}
