/**
 * Re-hosted results in any S3-compatible bucket (AWS, MinIO, R2, ...). Clients get either the
 * bucket's public address (`publicBaseUrl`) or mj-proxy's /mj/image address, which redirects to a
 * freshly presigned URL: a link stored in a task then never expires, while each presigned one does.
 */
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { ImagesConfig } from '../config/schema.js';
import { assertSafeName, isSafeFileName, isSafeTaskId, servedImageUrl, type MediaStore, type ServedImage } from './media-store.js';

export type S3Options = ImagesConfig['s3'];

/** Stored files never change under their name. */
const OBJECT_CACHE_CONTROL = 'public, max-age=31536000, immutable';
/** DeleteObjects takes at most this many keys per call. */
const DELETE_BATCH = 1000;

export class S3MediaStore implements MediaStore {
  private readonly client: S3Client;
  private readonly prefix: string;
  private readonly publicBase: string;

  constructor(
    private readonly options: S3Options,
    /** mj-proxy's public base URL, for the redirecting addresses. */
    private readonly baseUrl: () => string,
  ) {
    if (!options.bucket) throw new Error('images.s3.bucket: required when images.store is s3');
    this.prefix = options.prefix.replace(/^\/+/, '');
    this.publicBase = options.publicBaseUrl.replace(/\/+$/, '');
    const config: S3ClientConfig = {
      region: options.region,
      forcePathStyle: options.forcePathStyle,
      // S3-compatible servers do not all know the SDK's newer default checksums.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    };
    if (options.endpoint) config.endpoint = options.endpoint;
    // Without keys the SDK's own chain applies (environment, shared files, instance roles).
    if (options.accessKeyId) config.credentials = { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey };
    this.client = new S3Client(config);
  }

  async put(taskId: string, file: string, bytes: Buffer, contentType: string): Promise<string> {
    assertSafeName(taskId, file);
    const key = this.keyOf(taskId, file);
    await this.client.send(new PutObjectCommand({
      Bucket: this.options.bucket, Key: key, Body: bytes, ContentType: contentType, CacheControl: OBJECT_CACHE_CONTROL,
    }));
    return this.publicBase ? this.publicUrlOf(key) : servedImageUrl(this.baseUrl(), taskId, file);
  }

  async locate(taskId: string, file: string): Promise<ServedImage | undefined> {
    if (!isSafeTaskId(taskId) || !isSafeFileName(file)) return undefined;
    const key = this.keyOf(taskId, file);
    if (this.publicBase) return { kind: 'redirect', url: this.publicUrlOf(key) };
    const command = new GetObjectCommand({ Bucket: this.options.bucket, Key: key });
    return { kind: 'redirect', url: await getSignedUrl(this.client, command, { expiresIn: this.options.presignSeconds }) };
  }

  async deleteForTasks(taskIds: readonly string[]): Promise<void> {
    for (const taskId of taskIds.filter(isSafeTaskId)) {
      const keys = await this.keysUnder(this.keyOf(taskId, ''));
      for (let start = 0; start < keys.length; start += DELETE_BATCH) {
        const batch = keys.slice(start, start + DELETE_BATCH).map((Key) => ({ Key }));
        await this.client.send(new DeleteObjectsCommand({ Bucket: this.options.bucket, Delete: { Objects: batch, Quiet: true } }));
      }
    }
  }

  close(): Promise<void> {
    this.client.destroy();
    return Promise.resolve();
  }

  private keyOf(taskId: string, file: string): string {
    return `${this.prefix}${taskId}/${file}`;
  }

  private publicUrlOf(key: string): string {
    return `${this.publicBase}/${key.split('/').map(encodeURIComponent).join('/')}`;
  }

  private async keysUnder(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.options.bucket, Prefix: prefix, ContinuationToken: token }));
      for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return keys;
  }
}
