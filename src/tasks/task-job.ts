/**
 * What a task asks of Discord, kept with the task (runtime.request) so it can run, or run again
 * after a restart, without the original HTTP request. Uploaded images are replaced by what Discord
 * returned for them (their attachment names, CDN URLs) as soon as Discord has them: a task never
 * carries megabytes of base64 longer than it must.
 */
import type { UploadedFile } from '../accounts/account-session.js';
import type { ImageInput } from './api-port.js';

export interface StoredImage {
  base64: string;
  contentType: string;
  extension: string;
}

/** An image still to upload, or the upload Discord already holds. */
export type JobImage = StoredImage | { uploaded: UploadedFile };

export type TaskJob =
  /** `images` empties once uploaded: their CDN URLs are then part of `prompt`. */
  | { kind: 'imagine'; prompt: string; images: StoredImage[] }
  | { kind: 'blend'; images: JobImage[]; dimensions: '--ar 2:3' | '--ar 1:1' | '--ar 3:2' }
  | { kind: 'describe'; image: JobImage | null; link: string | null }
  | { kind: 'shorten'; prompt: string }
  | {
      kind: 'button';
      customId: string;
      messageId: string;
      messageFlags: number;
      /** Set when a modal must be confirmed: the text (and mask) to submit when it opens. */
      modal: { prompt: string; mask: StoredImage | null } | null;
    }
  | { kind: 'swap-face'; source: JobImage; target: JobImage };

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

export const isUploaded = (image: JobImage): image is { uploaded: UploadedFile } => 'uploaded' in image;

export const jobOf = (request: Record<string, unknown> | null): TaskJob | null => request as TaskJob | null;

export const asRequest = (job: TaskJob): Record<string, unknown> => job as unknown as Record<string, unknown>;
