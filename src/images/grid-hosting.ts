/** The GridImages port: fetch a finished grid, cut it in four and serve the parts from mj-proxy. */
import type { GridImages } from '../tasks/ports.js';
import type { FetchPolicy } from './address-guard.js';
import { decodeImageInput } from './decode.js';
import { PUBLIC_ONLY } from './fetch-image.js';
import { gridPartUrl, type GridImageStore } from './grid-image-store.js';
import { splitGrid } from './split-grid.js';

const MAX_GRID_BYTES = 64 * 1024 * 1024;

export class GridHosting implements GridImages {
  constructor(
    private readonly store: GridImageStore,
    /** mj-proxy's public base URL (server.publicUrl, else the address it listens on). */
    private readonly baseUrl: () => string,
    /** Grids come from Discord's CDN (the simulator's in demo mode): the policy lets those through. */
    private readonly fetchPolicy: FetchPolicy = PUBLIC_ONLY,
  ) {}

  async splitAndHost(taskId: string, gridUrl: string): Promise<string[]> {
    const grid = await decodeImageInput(gridUrl, { maxBytes: MAX_GRID_BYTES, fetchPolicy: this.fetchPolicy });
    const parts = await splitGrid(grid.bytes);
    await this.store.putGridParts(taskId, parts);
    return parts.map((_, i) => gridPartUrl(this.baseUrl(), taskId, i + 1));
  }
}
