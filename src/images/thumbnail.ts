/** The small preview of a result image that UIs list (`properties.thumbnailUrl`). */
import { loadSharp } from '../lib/load-sharp.js';

/** The longer side of a thumbnail, in pixels. */
export const THUMBNAIL_SIDE = 512;
const THUMBNAIL_QUALITY = 80;

/** A WebP at most THUMBNAIL_SIDE on its longer side, never enlarged. */
export async function makeThumbnail(image: Buffer): Promise<Buffer> {
  const sharp = await loadSharp();
  return sharp(image)
    .resize({ width: THUMBNAIL_SIDE, height: THUMBNAIL_SIDE, fit: 'inside', withoutEnlargement: true })
    .webp({ quality: THUMBNAIL_QUALITY })
    .toBuffer();
}
