/**
 * Bytes behind the simulated CDN and the upload host. URLs look like Discord's signed CDN URLs
 * (`?ex=&is=&hm=&`, lower-case hex only, trailing `&`) so that proxies' hash extraction works on them.
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import type { Attachment } from '../discord/protocol/index.js';
import type { StoredFile } from './contracts.js';

const LINK_LIFETIME_S = 24 * 60 * 60;
const HEX_TIME_WIDTH = 8;
const UPLOAD_ID_BYTES = 24;

const CONTENT_TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  gif: 'image/gif',
  mp4: 'video/mp4',
  json: 'application/json',
  txt: 'text/plain',
};

export function contentTypeFor(filename: string): string {
  const extension = filename.toLowerCase().split('.').pop() ?? '';
  return CONTENT_TYPES[extension] ?? 'application/octet-stream';
}

export interface UploadSlot {
  uploadUrl: string;
  uploadFilename: string;
}

export interface CdnBases {
  cdnBaseUrl: string;
  mediaBaseUrl: string;
  uploadBaseUrl: string;
}

export class CdnStore {
  private readonly files = new Map<string, StoredFile>();
  /** uploaded_filename → bytes once PUT (undefined while only reserved). */
  private readonly uploads = new Map<string, StoredFile | undefined>();
  private readonly secret = randomBytes(32);

  constructor(private readonly bases: CdnBases) {}

  /** Stores a file under `/attachments/...` or `/ephemeral-attachments/...` and describes it like Discord. */
  store(channelId: string, id: string, file: StoredFile, options: { ephemeral?: boolean; width?: number; height?: number } = {}): Attachment {
    const kind = options.ephemeral ? 'ephemeral-attachments' : 'attachments';
    const path = `/${kind}/${channelId}/${id}/${encodeURIComponent(file.filename)}`;
    this.files.set(path, file);
    const query = this.sign(path);
    const attachment: Attachment = {
      id,
      filename: file.filename,
      size: file.bytes.length,
      url: `${this.bases.cdnBaseUrl}${path}${query}`,
      proxy_url: `${this.bases.mediaBaseUrl}${path}${query}`,
      content_type: file.contentType,
    };
    if (options.width !== undefined) attachment.width = options.width;
    if (options.height !== undefined) attachment.height = options.height;
    return attachment;
  }

  /** A CDN path (without the media prefix or query) → the stored file. */
  readPath(pathname: string): StoredFile | undefined {
    return this.files.get(pathname);
  }

  /** Any URL of this CDN or its media host, whatever its host (proxies may rewrite the host). */
  readUrl(url: string): StoredFile | undefined {
    let pathname: string;
    try {
      pathname = new URL(url).pathname;
    } catch {
      return undefined;
    }
    const mediaPrefix = new URL(this.bases.mediaBaseUrl).pathname.replace(/\/$/, '');
    if (mediaPrefix && pathname.startsWith(`${mediaPrefix}/`)) pathname = pathname.slice(mediaPrefix.length);
    return this.files.get(pathname);
  }

  /** Step 1 of the upload flow: reserve a name and a PUT target on the upload host. */
  reserveUpload(filename: string): UploadSlot {
    const uploadFilename = `${randomUUID()}/${filename}`;
    this.uploads.set(uploadFilename, undefined);
    const uploadId = randomBytes(UPLOAD_ID_BYTES).toString('base64url');
    const encoded = uploadFilename.split('/').map(encodeURIComponent).join('/');
    return { uploadFilename, uploadUrl: `${this.bases.uploadBaseUrl}/${encoded}?upload_id=${uploadId}` };
  }

  /** Step 2: the PUT. False when nothing was reserved under that name. */
  completeUpload(uploadFilename: string, bytes: Buffer, contentType: string | undefined): boolean {
    if (!this.uploads.has(uploadFilename)) return false;
    const filename = uploadFilename.slice(uploadFilename.indexOf('/') + 1);
    const type = contentType && contentType !== 'application/octet-stream' ? contentType : contentTypeFor(filename);
    this.uploads.set(uploadFilename, { bytes, filename, contentType: type });
    return true;
  }

  readUpload(uploadFilename: string): StoredFile | undefined {
    return this.uploads.get(uploadFilename);
  }

  private sign(path: string): string {
    const issued = Math.floor(Date.now() / 1000);
    const ex = (issued + LINK_LIFETIME_S).toString(16).padStart(HEX_TIME_WIDTH, '0');
    const is = issued.toString(16).padStart(HEX_TIME_WIDTH, '0');
    const hm = createHmac('sha256', this.secret).update(`${path}|${ex}|${is}`).digest('hex');
    return `?ex=${ex}&is=${is}&hm=${hm}&`;
  }
}
