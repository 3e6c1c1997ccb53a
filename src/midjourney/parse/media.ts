/** Which attachments are images and which are videos: by content type, else by file extension. */
import type { ImageInfo } from '../events.js';

const IMAGE_FILE = /\.(?:png|jpe?g|webp|gif)$/i;
const VIDEO_FILE = /\.(?:mp4|webm|mov)$/i;

const pathOf = (media: ImageInfo): string => media.filename || (media.url.split(/[?#]/, 1)[0] ?? '');

export const isVideo = (media: ImageInfo): boolean =>
  media.contentType?.startsWith('video/') ?? VIDEO_FILE.test(pathOf(media));

export const isImage = (media: ImageInfo): boolean =>
  media.contentType?.startsWith('image/') ?? IMAGE_FILE.test(pathOf(media));
