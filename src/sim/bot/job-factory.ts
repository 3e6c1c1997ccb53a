/** Builds the job each command or button asks for: its prompt, labels, seed and image recipe. */
import { randomUUID } from 'node:crypto';
import type { BotContext } from './context.js';
import type { Motion, PanDirection } from './custom-id.js';
import { UPSCALE_WORDS } from './buttons.js';
import { hash32 } from './hash.js';
import { gridSize } from './images.js';
import type { CropRecipe, GridRecipe, Job, JobKind } from './job.js';
import { isPromptProblem, parsePrompt, withoutParams, type ParsedPrompt, type PromptProblem } from './prompt.js';

/** Upscale (4x) doubles twice; every other upscale doubles the image. */
const UPSCALE_FACTORS: Record<string, number> = { v5_4x: 4 };
const DEFAULT_UPSCALE_FACTOR = 2;
const MAX_CROP_SCALE = 8;
const U_SCALE = 2;

/** The parameters a video job sets itself; they are dropped from the prompt it starts from. */
const VIDEO_PARAMS = ['motion', 'video'];

const PAN_WORDS: Record<PanDirection, string> = { left: 'Left', right: 'Right', up: 'Up', down: 'Down' };

interface JobSpec {
  userId: string;
  channelId: string;
  kind: JobKind;
  prompt: ParsedPrompt;
  runningLabel?: string;
  finalLabel?: string;
  parent?: Job;
  upsampleIndex?: number;
  recipe?: (id: string, seed: number) => Job['recipe'];
}

function makeJob(ctx: BotContext, spec: JobSpec): Job {
  const id = randomUUID();
  const seed = spec.prompt.seed ?? hash32('seed', id);
  const state = ctx.accounts.get(spec.userId);
  const label = spec.runningLabel ?? '';
  const recipe = spec.recipe?.(id, seed) ?? gridRecipe(ctx, spec.prompt, `${spec.kind}|${spec.prompt.echo}|${spec.parent?.id ?? ''}|${seed}`);
  return {
    id,
    userId: spec.userId,
    channelId: spec.channelId,
    kind: spec.kind,
    prompt: spec.prompt,
    mode: spec.prompt.mode ?? state.mode,
    stealth: state.stealth,
    seed,
    runningLabel: label,
    finalLabel: spec.finalLabel ?? label,
    recipe,
    status: 'held',
    ...(spec.parent ? { parentId: spec.parent.id } : {}),
    ...(spec.upsampleIndex === undefined ? {} : { upsampleIndex: spec.upsampleIndex }),
  };
}

function gridRecipe(ctx: BotContext, prompt: ParsedPrompt, key: string): GridRecipe {
  const variety = ctx.settings.imageVariety;
  const drawn = variety === null ? key : `variety ${hash32(key) % variety}`;
  return { type: 'grid', key: drawn, ...gridSize(prompt.aspect, ctx.settings.imageBase) };
}

export function parseFor(ctx: BotContext, text: string, allowZoom = false): ParsedPrompt | PromptProblem {
  return parsePrompt(text, { defaultVersion: ctx.flavour.defaultVersion, allowZoom });
}

interface Where {
  userId: string;
  channelId: string;
}

/** /imagine, an imagine from a describe or shorten pick, /blend (kind 'blend'); `--video` prompts animate. */
export function imagineJob(ctx: BotContext, where: Where, prompt: ParsedPrompt, kind: JobKind = 'imagine'): Job {
  // The same prompt and seed always draw the same grid.
  const grid = (seed: number) => gridRecipe(ctx, prompt, `${prompt.echo}|${seed}`);
  if (prompt.video) {
    const poster = (seed: number): CropRecipe => ({ type: 'crop', grid: grid(seed), quadrant: 1, scale: U_SCALE });
    return makeJob(ctx, { ...where, kind: 'video', prompt, recipe: (id, seed) => ({ type: 'video', key: id, poster: poster(seed) }) });
  }
  return makeJob(ctx, { ...where, kind, prompt, recipe: (_id, seed) => grid(seed) });
}

/** 🔄: the parent's prompt (or the remixed one) again, with the parent's wording. */
export function rerollJob(ctx: BotContext, where: Where, parent: Job, prompt = parent.prompt): Job {
  return makeJob(ctx, { ...where, kind: 'reroll', prompt, parent, runningLabel: parent.finalLabel });
}

/** V1–V4, Vary (Subtle/Strong), their remix versions, and Vary (Region). */
export function variationJob(ctx: BotContext, where: Where, parent: Job, how: { strength: 'Strong' | 'Subtle' | 'Region'; remix?: boolean }, prompt = parent.prompt): Job {
  const word = how.remix ? 'Remix' : 'Variations';
  return makeJob(ctx, { ...where, kind: how.strength === 'Region' ? 'region' : 'variation', prompt, parent, runningLabel: `${word} (${how.strength}) by` });
}

/** U1–U4: the grid's quadrant at twice its size. */
export function upsampleJob(ctx: BotContext, where: Where, parent: Job, index: number): Job | undefined {
  if (parent.recipe.type !== 'grid') return undefined;
  const grid = parent.recipe;
  const recipe = (): CropRecipe => ({ type: 'crop', grid, quadrant: index, scale: U_SCALE });
  return makeJob(ctx, { ...where, kind: 'upsample', prompt: parent.prompt, parent, upsampleIndex: index, recipe });
}

/** Upscale (Subtle/Creative/2x/4x) of a single image. */
export function upscaleJob(ctx: BotContext, where: Where, parent: Job, code: string): Job | undefined {
  if (parent.recipe.type !== 'crop') return undefined;
  const source = parent.recipe;
  const factor = UPSCALE_FACTORS[code] ?? DEFAULT_UPSCALE_FACTOR;
  const recipe = (): CropRecipe => ({ ...source, scale: Math.min(MAX_CROP_SCALE, source.scale * factor) });
  const finalLabel = `Upscaled (${UPSCALE_WORDS[code] ?? code}) by`;
  return makeJob(ctx, { ...where, kind: 'upscale', prompt: parent.prompt, parent, runningLabel: 'Upscaling by', finalLabel, recipe });
}

/** Zoom Out 2x / 1.5x / Make Square / Custom Zoom: a new grid, square for Make Square. */
export function zoomJob(ctx: BotContext, where: Where, parent: Job, square: boolean, prompt = parent.prompt): Job {
  const shaped = square ? { ...prompt, aspect: { w: 1, h: 1 } } : prompt;
  return makeJob(ctx, { ...where, kind: 'zoom', prompt: shaped, parent, runningLabel: 'Zoom Out by' });
}

export function panJob(ctx: BotContext, where: Where, parent: Job, direction: PanDirection, prompt = parent.prompt): Job {
  return makeJob(ctx, { ...where, kind: 'pan', prompt, parent, runningLabel: `Pan ${PAN_WORDS[direction]} by` });
}

/** A prompt's text and parameters without the video ones: what the Animate modal shows. */
export function videoBase(prompt: ParsedPrompt): string {
  return withoutParams(prompt.echo, VIDEO_PARAMS);
}

/** The still a video starts from: the image itself, or the first frame of a video. */
function posterOf(job: Job): CropRecipe | undefined {
  if (job.recipe.type === 'crop') return job.recipe;
  return job.recipe.type === 'video' ? job.recipe.poster : undefined;
}

/**
 * Animate (High/Low motion) of an image and Extend (High/Low motion) of a video, or their Animate
 * modal versions (`prompt` = the submitted one): a `--video 1` job whose result is an `_0.mp4`.
 */
export function videoJob(ctx: BotContext, where: Where, parent: Job, motion: Motion, prompt = parent.prompt): Job | undefined {
  const poster = posterOf(parent);
  if (!poster) return undefined;
  const parsed = parseFor(ctx, `${videoBase(prompt)} --motion ${motion} --video 1`);
  if (isPromptProblem(parsed)) return undefined;
  const withMode = prompt.mode ? { ...parsed, mode: prompt.mode } : parsed;
  return makeJob(ctx, { ...where, kind: 'video', prompt: withMode, parent, recipe: (id) => ({ type: 'video', key: id, poster }) });
}

/**
 * `video_virtual_upscale`: the same clip at twice the size, still a `--video 1` job with an `_0.mp4`.
 * Its wording "Upscaling by" / "Upscaled by" is the legacy upscale wording of DISCORD.md §4.8 [inf].
 */
export function videoUpscaleJob(ctx: BotContext, where: Where, parent: Job): Job | undefined {
  if (parent.recipe.type !== 'video' || parent.kind === 'video-upscale') return undefined;
  const source = parent.recipe.poster;
  const poster: CropRecipe = { ...source, scale: Math.min(MAX_CROP_SCALE, source.scale * DEFAULT_UPSCALE_FACTOR) };
  return makeJob(ctx, {
    ...where,
    kind: 'video-upscale',
    prompt: parent.prompt,
    parent,
    runningLabel: 'Upscaling by',
    finalLabel: 'Upscaled by',
    recipe: (id) => ({ type: 'video', key: id, poster }),
  });
}
