/**
 * The bot's pictures, drawn with sharp. A grid is four quadrants, each a distinct colour (hues 90°
 * apart, derived from the recipe key) with a light pattern and its number 1–4 drawn as a seven-segment
 * digit, so a test can tell U2 from U3 by the upscale's dominant colour. Grids are rendered at
 * `base`×`base` for 1:1 (512 by default, where real Midjourney sends 2048) to keep the simulator fast.
 */
import { loadSharp } from '../../lib/load-sharp.js';
import { hash32 } from './hash.js';
import type { AspectRatio } from './prompt.js';
import type { CropRecipe, GridRecipe, ImageRecipe } from './job.js';

export interface RenderedImage {
  bytes: Buffer;
  width: number;
  height: number;
  contentType: string;
}

type Rgb = [number, number, number];

const SIZE_STEP = 16;
const MAX_RATIO = 4;
const SATURATION = 0.65;
const LIGHTNESS = 0.5;
const QUADRANT_HUE_STEP = 90;
const PREVIEW_BLUR = 6;
const PREVIEW_QUALITY = 50;
const DEFAULT_CACHE_SIZE = 64;

export function gridSize(aspect: AspectRatio, base: number): { width: number; height: number } {
  const ratio = Math.min(MAX_RATIO, Math.max(1 / MAX_RATIO, aspect.w / aspect.h));
  const round = (value: number) => Math.max(SIZE_STEP, Math.round(value / SIZE_STEP) * SIZE_STEP);
  return { width: round(base * Math.sqrt(ratio)), height: round(base / Math.sqrt(ratio)) };
}

/** The fill colour of quadrant 1–4 of the grid drawn for `key`. */
function quadrantColour(key: string, quadrant: number): Rgb {
  const hue = (hash32(key) + (quadrant - 1) * QUADRANT_HUE_STEP) % 360;
  return hslToRgb(hue, SATURATION, LIGHTNESS);
}

function hslToRgb(hue: number, saturation: number, lightness: number): Rgb {
  const chroma = (1 - Math.abs(2 * lightness - 1)) * saturation;
  const x = chroma * (1 - Math.abs(((hue / 60) % 2) - 1));
  const m = lightness - chroma / 2;
  const sector = Math.floor(hue / 60);
  const table: Rgb[] = [[chroma, x, 0], [x, chroma, 0], [0, chroma, x], [0, x, chroma], [x, 0, chroma], [chroma, 0, x]];
  const [r, g, b] = table[sector] ?? [0, 0, 0];
  return [Math.round((r + m) * 255), Math.round((g + m) * 255), Math.round((b + m) * 255)];
}

const css = ([r, g, b]: Rgb) => `rgb(${r},${g},${b})`;
const mix = ([r, g, b]: Rgb, [r2, g2, b2]: Rgb, share: number): Rgb =>
  [Math.round(r + (r2 - r) * share), Math.round(g + (g2 - g) * share), Math.round(b + (b2 - b) * share)];
const WHITE: Rgb = [255, 255, 255];
const BLACK: Rgb = [0, 0, 0];

/** Seven-segment layout: which of the segments a–g light up for 1–4. */
const DIGIT_SEGMENTS: Record<number, string> = { 1: 'bc', 2: 'abged', 3: 'abgcd', 4: 'fgbc' };

function digitSvg(digit: number, cx: number, cy: number, height: number, colour: Rgb): string {
  const width = height * 0.55;
  const t = height * 0.12;
  const x = cx - width / 2;
  const y = cy - height / 2;
  const half = height / 2;
  const segments: Record<string, [number, number, number, number]> = {
    a: [0, 0, width, t], b: [width - t, 0, t, half], c: [width - t, half, t, half], d: [0, height - t, width, t],
    e: [0, half, t, half], f: [0, 0, t, half], g: [0, half - t / 2, width, t],
  };
  return [...(DIGIT_SEGMENTS[digit] ?? '')]
    .map((name) => segments[name])
    .filter((box) => box !== undefined)
    .map(([sx, sy, sw, sh]) => `<rect x="${x + sx}" y="${y + sy}" width="${sw}" height="${sh}" fill="${css(colour)}"/>`)
    .join('');
}

/** A light pattern over a small share of the quadrant, so the fill stays its dominant colour. */
function patternSvg(kind: number, x: number, y: number, w: number, h: number, colour: Rgb): string {
  const fill = css(mix(colour, WHITE, 0.35));
  if (kind === 0) {
    return [0.1, 0.85].map((at) => `<rect x="${x}" y="${y + h * at}" width="${w}" height="${h * 0.05}" fill="${fill}"/>`).join('');
  }
  if (kind === 1) {
    const r = Math.min(w, h) * 0.05;
    return [0.15, 0.85].flatMap((fx) => [0.15, 0.85].map((fy) => `<circle cx="${x + w * fx}" cy="${y + h * fy}" r="${r}" fill="${fill}"/>`)).join('');
  }
  const r = Math.min(w, h) * 0.42;
  return `<circle cx="${x + w / 2}" cy="${y + h / 2}" r="${r}" fill="none" stroke="${fill}" stroke-width="${Math.min(w, h) * 0.03}"/>`;
}

function gridSvg(recipe: GridRecipe): string {
  const qw = recipe.width / 2;
  const qh = recipe.height / 2;
  const parts: string[] = [];
  for (let quadrant = 1; quadrant <= 4; quadrant++) {
    const colour = quadrantColour(recipe.key, quadrant);
    const x = ((quadrant - 1) % 2) * qw;
    const y = Math.floor((quadrant - 1) / 2) * qh;
    parts.push(`<rect x="${x}" y="${y}" width="${qw}" height="${qh}" fill="${css(colour)}"/>`);
    parts.push(patternSvg(hash32(recipe.key, quadrant) % 3, x, y, qw, qh, colour));
    parts.push(digitSvg(quadrant, x + qw / 2, y + qh / 2, Math.min(qw, qh) * 0.4, mix(colour, BLACK, 0.6)));
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${recipe.width}" height="${recipe.height}">${parts.join('')}</svg>`;
}

/** A few bytes that start like an MP4 (ftyp + mdat): enough for content sniffing, not for playback. */
function placeholderMp4(key: string): Buffer {
  const ftyp = Buffer.from('00000018' + '66747970' + '69736f6d' + '00000200' + '69736f6d' + '6d703431', 'hex');
  const payload = Buffer.from(`mj-sim-video:${key}`);
  const mdatHeader = Buffer.alloc(8);
  mdatHeader.writeUInt32BE(payload.length + 8, 0);
  mdatHeader.write('mdat', 4, 'ascii');
  return Buffer.concat([ftyp, mdatHeader, payload]);
}

export class ImageRenderer {
  private readonly cache = new Map<string, Promise<RenderedImage>>();

  constructor(private readonly cacheSize = DEFAULT_CACHE_SIZE) {}

  render(recipe: ImageRecipe): Promise<RenderedImage> {
    return this.cached(`full:${JSON.stringify(recipe)}`, () => this.draw(recipe));
  }

  /** The blurred half-size webp shown while a job runs. */
  preview(recipe: ImageRecipe): Promise<RenderedImage> {
    const source = recipe.type === 'video' ? recipe.poster : recipe;
    return this.cached(`preview:${JSON.stringify(source)}`, async () => {
      const full = await this.render(source);
      const width = Math.max(1, Math.round(full.width / 2));
      const sharp = await loadSharp();
      const { data, info } = await sharp(full.bytes).resize(width).blur(PREVIEW_BLUR).webp({ quality: PREVIEW_QUALITY }).toBuffer({ resolveWithObject: true });
      return { bytes: data, width: info.width, height: info.height, contentType: 'image/webp' };
    });
  }

  private async draw(recipe: ImageRecipe): Promise<RenderedImage> {
    if (recipe.type === 'grid') {
      const sharp = await loadSharp();
      const bytes = await sharp(Buffer.from(gridSvg(recipe))).png().toBuffer();
      return { bytes, width: recipe.width, height: recipe.height, contentType: 'image/png' };
    }
    if (recipe.type === 'crop') return this.crop(recipe);
    const poster = await this.render(recipe.poster);
    return { bytes: placeholderMp4(recipe.key), width: poster.width, height: poster.height, contentType: 'video/mp4' };
  }

  private async crop(recipe: CropRecipe): Promise<RenderedImage> {
    const grid = await this.render(recipe.grid);
    const qw = grid.width / 2;
    const qh = grid.height / 2;
    const left = ((recipe.quadrant - 1) % 2) * qw;
    const top = Math.floor((recipe.quadrant - 1) / 2) * qh;
    const width = Math.round(qw * recipe.scale);
    const height = Math.round(qh * recipe.scale);
    const sharp = await loadSharp();
    const bytes = await sharp(grid.bytes).extract({ left, top, width: qw, height: qh }).resize(width, height).png().toBuffer();
    return { bytes, width, height, contentType: 'image/png' };
  }

  private cached(key: string, make: () => Promise<RenderedImage>): Promise<RenderedImage> {
    const hit = this.cache.get(key);
    if (hit) {
      // Refresh recency: Map iteration order is insertion order, so the oldest entry is evicted first.
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit;
    }
    const made = make();
    made.catch(() => this.cache.delete(key));
    this.cache.set(key, made);
    const oldest = this.cache.keys().next().value;
    if (this.cache.size > this.cacheSize && oldest !== undefined) this.cache.delete(oldest);
    return made;
  }
}

/** InsightFace's "swap": the saved face, scaled to a third of the target, pasted over its upper centre. */
export async function swapFace(target: Buffer, face: Buffer): Promise<RenderedImage> {
  const sharp = await loadSharp();
  const meta = await sharp(target).metadata();
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  if (width === 0 || height === 0) throw new Error('target is not an image');
  const side = Math.max(1, Math.round(Math.min(width, height) / 3));
  const pasted = await sharp(face).resize(side, side, { fit: 'cover' }).png().toBuffer();
  const bytes = await sharp(target)
    .composite([{ input: pasted, left: Math.round((width - side) / 2), top: Math.round(height / 6) }])
    .png()
    .toBuffer();
  return { bytes, width, height, contentType: 'image/png' };
}
