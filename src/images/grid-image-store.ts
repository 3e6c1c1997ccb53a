/**
 * The four images of a grid, kept on disk so mj-proxy can serve them at its own URL
 * (`/mj/image/<taskId>/<n>.png`, n = 1..4) instead of expiring Discord CDN links.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

export const DEFAULT_IMAGE_DIR = './data/images';
export const GRID_PARTS = 4;
/** Task ids are digits in practice; anything path-like is refused outright. */
const SAFE_TASK_ID = /^[A-Za-z0-9_-]{1,64}$/;

const isPartNumber = (n: number): boolean => Number.isInteger(n) && n >= 1 && n <= GRID_PARTS;

/** The path of part n under mj-proxy's public base URL. */
export function gridPartUrl(baseUrl: string, taskId: string, n: number): string {
  return `${baseUrl.replace(/\/+$/, '')}/mj/image/${encodeURIComponent(taskId)}/${n}.png`;
}

export class GridImageStore {
  private readonly dir: string;

  constructor(dir: string = DEFAULT_IMAGE_DIR) {
    this.dir = resolve(dir);
  }

  /** parts: the PNGs of splitGrid, in order 1..4. */
  async putGridParts(taskId: string, parts: readonly Buffer[]): Promise<void> {
    if (!SAFE_TASK_ID.test(taskId)) throw new Error(`unsafe task id for an image path: ${JSON.stringify(taskId)}`);
    if (parts.length !== GRID_PARTS) throw new Error(`a grid has ${GRID_PARTS} parts, got ${parts.length}`);
    const taskDir = join(this.dir, taskId);
    await mkdir(taskDir, { recursive: true });
    await Promise.all(parts.map(async (part, i) => {
      const path = join(taskDir, `${i + 1}.png`);
      // Written aside then renamed: a concurrent read never sees half a file.
      const partial = `${path}.${process.pid}.partial`;
      await writeFile(partial, part);
      await rename(partial, path);
    }));
  }

  /** undefined for an unknown task, a part out of 1..4, or an id that is not a plain task id. */
  async getPart(taskId: string, n: number): Promise<Buffer | undefined> {
    if (!SAFE_TASK_ID.test(taskId) || !isPartNumber(n)) return undefined;
    try {
      return await readFile(join(this.dir, taskId, `${n}.png`));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }
}
