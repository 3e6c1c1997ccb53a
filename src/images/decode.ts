/** Turns an image input of a submit body (data URL, raw base64 or http(s) URL) into bytes. */
import type { ImageInput } from '../tasks/api-port.js';
import type { FetchPolicy } from './address-guard.js';
import { fetchImage } from './fetch-image.js';
import { ImageInputError } from './image-input-error.js';
import { sniffImageType } from './sniff.js';

// Callers that decode also catch: the error class travels with the function.
export { ImageInputError };

export interface ImageLimits {
  maxBytes: number;
  /** Bound of a URL download, answer included (default FETCH_DEADLINE_MS). */
  fetchTimeoutMs?: number;
  /** Where a URL may lead (default: public addresses only). */
  fetchPolicy?: FetchPolicy;
}
/** `data:<media type>[;params],<data>`; the data part may be many megabytes. */
const DATA_URL = /^data:([^,]*),/i;
/** Standard or URL-safe alphabet, optional padding; whitespace is removed first. */
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;
const WHITESPACE = /\s+/g;
const BASE64_GROUP_CHARS = 4;
const BASE64_GROUP_BYTES = 3;

function decodeBase64(text: string, maxBytes: number, what: string, notBase64: string): Buffer {
  const compact = text.replace(WHITESPACE, '');
  if (compact === '') throw new ImageInputError(`${what} is empty`, 'EMPTY');
  // A length of 4n+1 can never come out of an encoder.
  if (!BASE64.test(compact) || compact.length % BASE64_GROUP_CHARS === 1) {
    throw new ImageInputError(notBase64, 'BAD_BASE64');
  }
  // Checked before decoding, so an oversized input costs no buffer.
  const padding = compact.endsWith('==') ? 2 : compact.endsWith('=') ? 1 : 0;
  const size = Math.floor((compact.length * BASE64_GROUP_BYTES) / BASE64_GROUP_CHARS) - padding;
  if (size > maxBytes) throw new ImageInputError(`${what} is ${size} bytes, more than ${maxBytes}`, 'TOO_LARGE');
  return Buffer.from(compact, 'base64');
}

function toImageInput(bytes: Buffer, what: string): ImageInput {
  const type = sniffImageType(bytes);
  if (!type) throw new ImageInputError(`${what} is not a png, jpeg, webp or gif image`, 'NOT_IMAGE');
  return { bytes, ...type };
}

/** Throws ImageInputError naming the problem (unsupported form, bad base64, not an image, too large, download). */
export async function decodeImageInput(value: string, limits: ImageLimits): Promise<ImageInput> {
  const text = value.trim();
  if (text === '') throw new ImageInputError('image is empty', 'EMPTY');

  const dataUrl = DATA_URL.exec(text);
  if (dataUrl) {
    if (!/;base64$/i.test(dataUrl[1] ?? '')) {
      throw new ImageInputError('data URL must be base64-encoded (data:image/png;base64,...)', 'UNSUPPORTED_FORMAT');
    }
    const data = text.slice(dataUrl[0].length);
    return toImageInput(decodeBase64(data, limits.maxBytes, 'data URL', 'data URL holds invalid base64'), 'data URL');
  }
  if (/^https?:\/\//i.test(text)) {
    if (!URL.canParse(text)) throw new ImageInputError('image url is not a valid URL', 'UNSUPPORTED_FORMAT');
    const bytes = await fetchImage(new URL(text), { maxBytes: limits.maxBytes, deadlineMs: limits.fetchTimeoutMs, policy: limits.fetchPolicy });
    return toImageInput(bytes, 'downloaded file');
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(text)) {
    throw new ImageInputError('image must be a data URL, an http(s) URL or base64', 'UNSUPPORTED_FORMAT');
  }
  const notBase64 = 'image is neither a data URL, an http(s) URL nor valid base64';
  return toImageInput(decodeBase64(text, limits.maxBytes, 'base64 image', notBase64), 'base64 image');
}
