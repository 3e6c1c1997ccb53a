/** What re-hosting a task's results means for one task: which files to fetch, and what to make of them. */
import { createHash } from 'node:crypto';
import type { Task, TaskAction } from '../tasks/task.js';
import { urlsOf } from './task-media.js';

/** Actions whose result is one 2×2 grid that mj-proxy cuts into the four images of `imageUrls`. */
const GRID_ACTIONS: ReadonlySet<TaskAction> = new Set(['IMAGINE', 'BLEND', 'VARIATION', 'REROLL', 'ZOOM', 'PAN']);
const PREVIEW_NAME_HEX = 12;

export interface PlannedDownload {
  url: string;
  /** The stored file's name without its extension: `image`, `1`..`n`, `video`, `video-1`... */
  stem: string;
}

export interface HostingPlan {
  /** Each Discord URL of the task once, named after the first field it appears in. */
  downloads: PlannedDownload[];
  /** Cut the main image into the four grid images. */
  cutGrid: boolean;
  /** Make a thumbnail of the main image. */
  thumbnail: boolean;
}

/** null when the task shows no Discord media (nothing to do, or already done). */
export function planHosting(task: Task, isDiscordMedia: (url: string) => boolean): HostingPlan | null {
  const named: PlannedDownload[] = [
    ...(task.imageUrl ? [{ url: task.imageUrl, stem: 'image' }] : []),
    ...urlsOf(task.imageUrls).map((url, i) => ({ url, stem: String(i + 1) })),
    ...(task.videoUrl ? [{ url: task.videoUrl, stem: 'video' }] : []),
    ...urlsOf(task.videoUrls).map((url, i) => ({ url, stem: `video-${i + 1}` })),
  ];
  const seen = new Set<string>();
  const downloads = named.filter(({ url }) => {
    if (seen.has(url) || !isDiscordMedia(url)) return false;
    seen.add(url);
    return true;
  });
  if (downloads.length === 0) return null;
  const finalImage = task.status === 'SUCCESS' && task.imageUrl !== null && isDiscordMedia(task.imageUrl);
  return {
    downloads,
    cutGrid: finalImage && GRID_ACTIONS.has(task.action) && !task.videoUrl && urlsOf(task.imageUrls).length === 0,
    thumbnail: finalImage,
  };
}

/** A progress preview's file stem: one per Discord file, so a later preview never overwrites an earlier one. */
export function previewStem(url: string): string {
  const path = URL.canParse(url) ? new URL(url).pathname : url;
  return `preview-${createHash('sha1').update(path).digest('hex').slice(0, PREVIEW_NAME_HEX)}`;
}
