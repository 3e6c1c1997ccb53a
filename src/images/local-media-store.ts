/** Re-hosted results as files under `images.dir/<taskId>/`, served by mj-proxy at /mj/image/<taskId>/<file>. */
import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { assertSafeName, isSafeFileName, isSafeTaskId, servedImageUrl, type MediaStore, type ServedImage } from './media-store.js';

export const DEFAULT_IMAGE_DIR = './data/images';

export class LocalMediaStore implements MediaStore {
  private readonly dir: string;

  constructor(
    dir: string,
    /** mj-proxy's public base URL (server.publicUrl, else the address it listens on). */
    private readonly baseUrl: () => string,
  ) {
    this.dir = resolve(dir);
  }

  async put(taskId: string, file: string, bytes: Buffer): Promise<string> {
    assertSafeName(taskId, file);
    const taskDir = join(this.dir, taskId);
    await mkdir(taskDir, { recursive: true });
    const path = join(taskDir, file);
    // Written aside then renamed: a concurrent read never sees half a file.
    const partial = `${path}.${randomUUID()}.partial`;
    try {
      await writeFile(partial, bytes);
      await rename(partial, path);
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
    return servedImageUrl(this.baseUrl(), taskId, file);
  }

  async locate(taskId: string, file: string): Promise<ServedImage | undefined> {
    if (!isSafeTaskId(taskId) || !isSafeFileName(file)) return undefined;
    try {
      const found = await stat(join(this.dir, taskId, file));
      return found.isFile() ? { kind: 'file', root: this.dir, path: `${taskId}/${file}` } : undefined;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async deleteForTasks(taskIds: readonly string[]): Promise<void> {
    await Promise.all(taskIds.filter(isSafeTaskId).map((taskId) => rm(join(this.dir, taskId), { recursive: true, force: true })));
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
