/**
 * Gateway frames → JSON texts. With `compress=zlib-stream` the server keeps ONE deflate context for the whole
 * connection and ends every payload with a sync flush (00 00 ff ff); a payload may span several frames.
 * Plain text frames (no compression) pass straight through. Texts come out in arrival order. Inflating
 * is synchronous (sync-zlib.ts): a payload never waits in libuv's thread pool behind other work.
 */
import { SyncZlibStream } from '../../lib/sync-zlib.js';
import { ZLIB_SUFFIX } from '../protocol/index.js';

export class ZlibStreamDecoder {
  private readonly inflate = new SyncZlibStream('inflate');
  private compressed: Buffer[] = [];
  private destroyed = false;

  constructor(
    private readonly onText: (text: string) => void,
    private readonly onError: (error: Error) => void,
  ) {}

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
      text = this.inflate.process(frame).toString('utf8');
    } catch (error) {
      this.fail(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    this.onText(text);
  }

  destroy(): void {
    this.destroyed = true;
    this.compressed = [];
    this.inflate.close();
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
