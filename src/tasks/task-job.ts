/**
 * What a task asks of Discord, kept with the task (runtime.request) so it can run, or run again
 * after a restart, without the original HTTP request.
 */
import type { ImageInput } from './api-port.js';

export interface StoredImage {
  base64: string;
  contentType: string;
  extension: string;
}

export type TaskJob =
  | { kind: 'imagine'; prompt: string; images: StoredImage[] }
  | { kind: 'blend'; images: StoredImage[]; dimensions: '--ar 2:3' | '--ar 1:1' | '--ar 3:2' }
  | { kind: 'describe'; image: StoredImage | null; link: string | null }
  | { kind: 'shorten'; prompt: string }
  | {
      kind: 'button';
      customId: string;
      messageId: string;
      messageFlags: number;
      /** Set when a modal must be confirmed: the text (and mask) to submit when it opens. */
      modal: { prompt: string; mask: StoredImage | null } | null;
    }
  | { kind: 'swap-face'; source: StoredImage; target: StoredImage };

export const storeImage = (image: ImageInput): StoredImage => ({
  base64: image.bytes.toString('base64'),
  contentType: image.contentType,
  extension: image.extension,
});

export const loadImage = (image: StoredImage): ImageInput => ({
  bytes: Buffer.from(image.base64, 'base64'),
  contentType: image.contentType,
  extension: image.extension,
});

export const jobOf = (request: Record<string, unknown> | null): TaskJob | null => request as TaskJob | null;
