/** What a downloaded result file is, by its bytes first: the extension it is stored under and its content type. */
import { sniffImageType, type ImageType } from './sniff.js';

const VIDEO_TYPES: readonly ImageType[] = [
  { contentType: 'video/mp4', extension: 'mp4' },
  { contentType: 'video/webm', extension: 'webm' },
  { contentType: 'video/quicktime', extension: 'mov' },
];
const UNKNOWN: ImageType = { contentType: 'application/octet-stream', extension: 'bin' };

const extensionOfUrl = (url: string): string =>
  (URL.canParse(url) ? new URL(url).pathname : '').split('.').pop()?.toLowerCase() ?? '';

export function mediaTypeOf(bytes: Buffer, labelled: string, url: string): ImageType {
  const image = sniffImageType(bytes);
  if (image) return image;
  const label = labelled.split(';')[0]?.trim().toLowerCase();
  const extension = extensionOfUrl(url);
  return VIDEO_TYPES.find((type) => type.contentType === label || type.extension === extension) ?? UNKNOWN;
}

export const isImageType = (type: ImageType): boolean => type.contentType.startsWith('image/');
