/** A Midjourney job (one grid, one upscale or one video) and the registry that finds jobs by id or message. */
import type { ParsedPrompt, JobMode } from './prompt.js';

export type JobKind =
  | 'imagine' | 'blend' | 'reroll' | 'variation' | 'region' | 'zoom' | 'pan' | 'upsample' | 'upscale' | 'video' | 'video-upscale';

/** How to draw a job's image; recipes are pure data so any image can be redrawn after a cache eviction. */
export interface GridRecipe {
  type: 'grid';
  key: string;
  width: number;
  height: number;
}

export interface CropRecipe {
  type: 'crop';
  grid: GridRecipe;
  quadrant: number;
  /** Size relative to the quadrant: 2 for U1–U4, 4 for an HD upscale of it. */
  scale: number;
}

export interface VideoRecipe {
  type: 'video';
  key: string;
  poster: CropRecipe;
}

export type ImageRecipe = GridRecipe | CropRecipe | VideoRecipe;

export type JobStatus = 'held' | 'queued' | 'running' | 'done' | 'stopped';

export interface Job {
  id: string;
  userId: string;
  channelId: string;
  kind: JobKind;
  prompt: ParsedPrompt;
  mode: JobMode;
  stealth: boolean;
  seed: number;
  /** Text between the prompt and the mention while running ("Upscaling by") and when done ("Upscaled (Subtle) by"). */
  runningLabel: string;
  finalLabel: string;
  /** For U1–U4 results: the grid position, shown as "Image #i". */
  upsampleIndex?: number;
  recipe: ImageRecipe;
  parentId?: string;
  status: JobStatus;
  waitingMessageId?: string;
  finalMessageId?: string;
}

/** What tests and the world may read about a job. */
export interface JobInfo {
  id: string;
  userId: string;
  kind: JobKind;
  status: JobStatus;
  prompt: string;
  mode: JobMode;
  seed: number;
  waitingMessageId?: string;
  finalMessageId?: string;
}

export function isGrid(job: Job): boolean {
  return job.recipe.type === 'grid';
}

export function imageCount(job: Job): number {
  return isGrid(job) ? 4 : 1;
}

export class JobRegistry {
  private readonly jobs = new Map<string, Job>();
  private readonly byMessageId = new Map<string, string>();

  add(job: Job): void {
    this.jobs.set(job.id, job);
  }

  get(jobId: string): Job | undefined {
    return this.jobs.get(jobId.toLowerCase());
  }

  /** Remembers that a message shows a job (final result, /show copy, waiting message). */
  link(messageId: string, job: Job): void {
    this.byMessageId.set(messageId, job.id);
  }

  byMessage(messageId: string): Job | undefined {
    const jobId = this.byMessageId.get(messageId);
    return jobId === undefined ? undefined : this.jobs.get(jobId);
  }

  info(jobId: string): JobInfo | undefined {
    const job = this.get(jobId);
    if (!job) return undefined;
    const { id, userId, kind, status, mode, seed, waitingMessageId, finalMessageId } = job;
    return { id, userId, kind, status, prompt: job.prompt.echo, mode, seed, waitingMessageId, finalMessageId };
  }
}
