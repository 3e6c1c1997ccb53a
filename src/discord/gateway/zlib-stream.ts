/**
 * Gateway frames → JSON texts. With `compress=zlib-stream` the server keeps ONE deflate context for the whole
 * connection and ends every payload with a sync flush (00 00 ff ff); a payload may span several frames.
 * Plain text frames (no compression) pass straight through. Texts come out in arrival order.
 */
import { constants, createInflate, type Inflate } from 'node:zlib';
import { ZLIB_SUFFIX } from '../protocol/index.js';

/** Large enough that a typical READY inflates in a handful of chunks. */
const INFLATE_CHUNK_BYTES = 64 * 1024;

export class ZlibStreamDecoder {
  private readonly inflate: Inflate;
  private compressed: Buffer[] = [];
  private inflated: Buffer[] = [];
  /** Serialises texts and inflations so payloads are delivered in the order they arrived. */
  private queue: Promise<void> = Promise.resolve();
  private destroyed = false;

  constructor(
    private readonly onText: (text: string) => void,
    private readonly onError: (error: Error) => void,
  ) {
    this.inflate = createInflate({ flush: constants.Z_SYNC_FLUSH, chunkSize: INFLATE_CHUNK_BYTES });
    // Flowing mode: every output chunk is collected before the write callback of its input fires.
    this.inflate.on('data', (chunk: Buffer) => this.inflated.push(chunk));
    this.inflate.on('error', (error) => this.fail(error));
  }

  push(data: Buffer, isBinary: boolean): void {
    if (this.destroyed) return;
    if (!isBinary) {
      const text = data.toString('utf8');
      this.enqueue(async () => text);
      return;
    }
    this.compressed.push(data);
    if (!endsWithSuffix(data)) return;
    const frame = Buffer.concat(this.compressed);
    this.compressed = [];
    this.enqueue(() => this.inflateFrame(frame));
  }

  destroy(): void {
    this.destroyed = true;
    this.compressed = [];
    this.inflate.destroy();
  }

  private enqueue(produce: () => Promise<string>): void {
    this.queue = this.queue
      .then(produce)
      .then((text) => {
        if (!this.destroyed) this.onText(text);
      })
      .catch((error: unknown) => this.fail(error instanceof Error ? error : new Error(String(error))));
  }

  private inflateFrame(frame: Buffer): Promise<string> {
    return new Promise((resolve, reject) => {
      this.inflate.write(frame, (error) => {
        if (error) {
          reject(error);
          return;
        }
        const text = Buffer.concat(this.inflated).toString('utf8');
        this.inflated = [];
        resolve(text);
      });
    });
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
