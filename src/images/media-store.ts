/**
 * Where re-hosted results live: files named by task id and role (`image.png`, `1.png`..`4.png`,
 * `video.mp4`, `thumb.webp`, `preview-31.webp`), kept on mj-proxy's disk or in an S3 bucket.
 */

/** How GET /mj/image/{taskId}/{file} is answered. */
export type ServedImage =
  | { kind: 'file'; root: string; path: string }
  | { kind: 'redirect'; url: string };

export interface MediaStore {
  /** Stores one file of a task (replacing an older one of the same name); its public URL. */
  put(taskId: string, file: string, bytes: Buffer, contentType: string): Promise<string>;
  /** Where the image route finds a file; undefined when this store does not have it. */
  locate(taskId: string, file: string): Promise<ServedImage | undefined>;
  /** Removes every file of these tasks (retention). */
  deleteForTasks(taskIds: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

/** Task ids are digits in practice; anything path-like is refused outright. */
const SAFE_TASK_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** A role name and an extension, nothing that could climb out of a folder. */
const SAFE_FILE = /^[a-z0-9][a-z0-9-]{0,31}\.[a-z0-9]{2,5}$/;

export const isSafeTaskId = (taskId: string): boolean => SAFE_TASK_ID.test(taskId);
export const isSafeFileName = (file: string): boolean => SAFE_FILE.test(file);

export function assertSafeName(taskId: string, file: string): void {
  if (!isSafeTaskId(taskId)) throw new Error(`unsafe task id for a media path: ${JSON.stringify(taskId)}`);
  if (!isSafeFileName(file)) throw new Error(`unsafe media file name: ${JSON.stringify(file)}`);
}

/** `<base>/mj/image/<taskId>/<file>`: the address mj-proxy serves a stored file at. */
export function servedImageUrl(baseUrl: string, taskId: string, file: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/mj/image/${encodeURIComponent(taskId)}/${file}`;
}
