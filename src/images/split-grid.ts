/** Cuts a Midjourney 2×2 grid into its four images, in button order (U1 top left .. U4 bottom right). */
import { loadSharp } from '../lib/load-sharp.js';

const GRID_SIDE = 2;

export async function splitGrid(bytes: Buffer): Promise<Buffer[]> {
  const sharp = await loadSharp();
  // Decoded once to raw pixels; each quadrant is then cut from memory, not from the file again.
  const { data, info } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
  const raw = { width: info.width, height: info.height, channels: info.channels };
  const leftWidth = Math.floor(info.width / GRID_SIDE);
  const topHeight = Math.floor(info.height / GRID_SIDE);
  if (leftWidth === 0 || topHeight === 0) throw new Error(`a ${info.width}×${info.height} image is too small to be a grid`);
  const columns = [{ left: 0, width: leftWidth }, { left: leftWidth, width: info.width - leftWidth }];
  const rows = [{ top: 0, height: topHeight }, { top: topHeight, height: info.height - topHeight }];
  return Promise.all(
    rows.flatMap((row) => columns.map((column) =>
      sharp(data, { raw }).extract({ ...column, ...row }).png().toBuffer())),
  );
}
