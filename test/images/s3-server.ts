/** An S3-compatible server on loopback for tests (s3rver), with one bucket and the credentials it accepts. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';

export interface TestS3 {
  endpoint: string;
  bucket: string;
  /** images.s3 settings for this server (presigned addresses unless publicBaseUrl is added). */
  settings: Record<string, unknown>;
  close(): Promise<void>;
}

export async function startTestS3(bucket = 'mj-results'): Promise<TestS3> {
  const directory = await mkdtemp(join(tmpdir(), 'mj-s3-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    bucket,
    settings: {
      bucket, endpoint, region: 'us-east-1', forcePathStyle: true, accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', prefix: 'results/',
    },
    async close() {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
