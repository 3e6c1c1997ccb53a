/**
 * Bytes behind the simulated CDN and the upload host. URLs are signed like Discord's CDN URLs
 * (`?ex=&is=&hm=&`, lower-case hex only, trailing `&`) so that proxies' hash extraction works on them,
 * and like Discord's they are refused once expired (or unsigned) until refreshed.
 */
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Attachment } from '../discord/protocol/index.js';
import type { StoredFile } from './contracts.js';

/** Discord signs attachment links for a day. */
export const DEFAULT_LINK_LIFETIME_S = 24 * 60 * 60;
const HEX_TIME_WIDTH = 8;
const MS_PER_S = 1000;
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

/** What the CDN answers a GET with. */
export type CdnAnswer = { kind: 'file'; file: StoredFile } | { kind: 'missing' } | { kind: 'outage'; status: number };

export class CdnStore {
  private readonly files = new Map<string, StoredFile>();
  /** uploaded_filename → bytes once PUT (undefined while only reserved). */
  private readonly uploads = new Map<string, StoredFile | undefined>();
  private readonly secret = randomBytes(32);
  /** While set, every CDN request gets this status (a fault). */
  private outageStatus: number | null = null;

  constructor(private readonly bases: CdnBases, private readonly linkLifetimeS = DEFAULT_LINK_LIFETIME_S) {}

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

  /** A GET of a CDN path (without the media prefix): the file while its link is valid and the CDN is up. */
  answer(pathname: string, query: URLSearchParams, now = Date.now()): CdnAnswer {
    if (this.outageStatus !== null) return { kind: 'outage', status: this.outageStatus };
    const file = this.files.get(pathname);
    return file && this.isValid(pathname, query, now) ? { kind: 'file', file } : { kind: 'missing' };
  }

  /** Any URL of this CDN or its media host, whatever its host (proxies may rewrite the host); signature not checked. */
  readUrl(url: string): StoredFile | undefined {
    const pathname = this.cdnPathOf(url);
    return pathname === undefined ? undefined : this.files.get(pathname);
  }

  /** `POST /attachments/refresh-urls` for one URL: the same address freshly signed, or undefined for an unknown file. */
  refresh(url: string): string | undefined {
    const pathname = this.cdnPathOf(url);
    if (pathname === undefined || !this.files.has(pathname)) return undefined;
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}${this.sign(pathname)}`;
  }

  /** Fault: every CDN request answers `status` until endOutage(). */
  startOutage(status: number): void {
    this.outageStatus = status;
  }

  endOutage(): void {
    this.outageStatus = null;
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

  private cdnPathOf(url: string): string | undefined {
    if (!URL.canParse(url)) return undefined;
    const { pathname } = new URL(url);
    const mediaPrefix = new URL(this.bases.mediaBaseUrl).pathname.replace(/\/$/, '');
    return mediaPrefix && pathname.startsWith(`${mediaPrefix}/`) ? pathname.slice(mediaPrefix.length) : pathname;
  }

  private sign(path: string): string {
    const issued = Math.floor(Date.now() / MS_PER_S);
    const ex = (issued + this.linkLifetimeS).toString(16).padStart(HEX_TIME_WIDTH, '0');
    const is = issued.toString(16).padStart(HEX_TIME_WIDTH, '0');
    return `?ex=${ex}&is=${is}&hm=${this.signature(path, ex, is)}&`;
  }

  private signature(path: string, ex: string, is: string): string {
    return createHmac('sha256', this.secret).update(`${path}|${ex}|${is}`).digest('hex');
  }

  /** Signed by this CDN for this path, and not expired. */
  private isValid(path: string, query: URLSearchParams, now: number): boolean {
    const ex = query.get('ex') ?? '';
    const is = query.get('is') ?? '';
    const hm = query.get('hm') ?? '';
    const expected = this.signature(path, ex, is);
    const signed = hm.length === expected.length && timingSafeEqual(Buffer.from(hm), Buffer.from(expected));
    return signed && Number.parseInt(ex, 16) * MS_PER_S > now;
  }
}
