/**
 * /describe: four prompts "read" from an image. They are made up, but deterministic per image and
 * attempt, name the image's dominant colour and end with its aspect ratio, like real results.
 */
import type { Embed } from '../../discord/protocol/index.js';
import { loadSharp } from '../../lib/load-sharp.js';
import { hash32, pick, prng } from './hash.js';

export const DIGIT_EMOJI = ['1️⃣', '2️⃣', '3️⃣', '4️⃣', '5️⃣'];
const DESCRIBE_PROMPT_COUNT = 4;

const SUBJECTS = [
  'a quiet harbour town at dawn', 'a fox resting in a snowy forest', 'an astronaut tending a rooftop garden',
  'a lighthouse on a stormy cliff', 'a tea house hidden in bamboo', 'a robot reading in a library',
  'a market street after the rain', 'a girl flying a paper kite', 'a glass greenhouse full of orchids',
];
const STYLES = ['soft watercolor washes', 'bold graphic shapes', 'cinematic lighting', 'delicate line work', 'dreamy pastel gradients', 'grainy film texture'];
const MOODS = ['serene atmosphere', 'playful energy', 'melancholic calm', 'whimsical details', 'quiet grandeur'];
const ARTISTS = ['Mira Solberg', 'Tomas Aranda', 'Keiko Hanada', 'Ilse Vandermeer', 'Rafael Quintero', 'Noor El-Amin'];
const RATIOS: [number, number][] = [[1, 1], [4, 3], [3, 4], [3, 2], [2, 3], [16, 9], [9, 16], [21, 9], [5, 4], [4, 5]];
const HUE_NAMES: [number, string][] = [[15, 'crimson'], [45, 'amber'], [70, 'golden'], [150, 'emerald'], [195, 'teal'], [250, 'azure'], [290, 'violet'], [335, 'magenta'], [360, 'crimson']];
const GREY_SATURATION = 0.12;

function nearestRatio(width: number, height: number): string {
  const target = Math.log(width / height);
  const [w, h] = RATIOS.reduce((best, ratio) =>
    Math.abs(Math.log(ratio[0] / ratio[1]) - target) < Math.abs(Math.log(best[0] / best[1]) - target) ? ratio : best);
  return `${w}:${h}`;
}

function colourName(r: number, g: number, b: number): string {
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  if (max === 0 || (max - min) / max < GREY_SATURATION) return max > 160 ? 'silver' : 'charcoal';
  const delta = max - min;
  let hue = max === r ? ((g - b) / delta) % 6 : max === g ? (b - r) / delta + 2 : (r - g) / delta + 4;
  hue = (hue * 60 + 360) % 360;
  return HUE_NAMES.find(([limit]) => hue < limit)?.[1] ?? 'crimson';
}

export interface Description {
  prompts: string[];
  width: number;
  height: number;
}

export async function describeImage(bytes: Buffer, attempt: number): Promise<Description> {
  const sharp = await loadSharp();
  const image = sharp(bytes);
  const [meta, stats] = await Promise.all([image.metadata(), image.stats()]);
  const width = meta.width ?? 1;
  const height = meta.height ?? 1;
  const colour = colourName(stats.dominant.r, stats.dominant.g, stats.dominant.b);
  const random = prng(hash32(bytes.toString('base64'), attempt));
  const ratio = nearestRatio(width, height);
  const prompts = Array.from({ length: DESCRIBE_PROMPT_COUNT }, () => {
    const artist = pick(ARTISTS, random);
    const link = `[${artist}](https://goo.gl/search?artist%20${encodeURIComponent(artist)})`;
    return `${pick(SUBJECTS, random)}, ${colour} tones, in the style of ${link}, ${pick(STYLES, random)}, ${pick(MOODS, random)} --ar ${ratio}`;
  });
  return { prompts, width, height };
}

export function describeEmbed(prompts: readonly string[], image: { url: string; proxy_url: string; width?: number; height?: number }): Embed {
  const description = prompts.map((prompt, i) => `${DIGIT_EMOJI[i] ?? ''} ${prompt}`).join('\n\n');
  return { type: 'rich', description, image: { url: image.url, proxy_url: image.proxy_url, width: image.width, height: image.height } };
}
