/** Small real images for submissions. */
import sharp from 'sharp';

export async function pngBase64(color: { r: number; g: number; b: number }, size = 64): Promise<string> {
  const png = await sharp({ create: { width: size, height: size, channels: 3, background: color } }).png().toBuffer();
  return png.toString('base64');
}

export const dataUrl = (base64: string): string => `data:image/png;base64,${base64}`;
