/** The media store images.store names; the S3 client is only loaded when it is chosen. */
import type { ImagesConfig } from '../config/schema.js';
import { LocalMediaStore } from './local-media-store.js';
import type { MediaStore } from './media-store.js';

/** undefined for `none`: results keep their Discord URLs. */
export async function createMediaStore(config: ImagesConfig, baseUrl: () => string): Promise<MediaStore | undefined> {
  switch (config.store) {
    case 'none':
      return undefined;
    case 'local':
      return new LocalMediaStore(config.dir, baseUrl);
    case 's3': {
      const { S3MediaStore } = await import('./s3-media-store.js');
      return new S3MediaStore(config.s3, baseUrl);
    }
  }
}
