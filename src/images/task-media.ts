/** The media URLs of a task (image, grid parts, video) read and rewritten in one place. */
import { mediaUrls, type MediaUrls, type Task } from '../tasks/task.js';

type UrlList = readonly { url: string }[] | null | undefined;

/** Empty lists may travel as null (SPEC §3); both read as no URLs. */
export const urlsOf = (list: UrlList): string[] => (list ?? []).map((item) => item.url);

/** Every media URL of the task, each once, main image first. */
export function mediaUrlsOf(task: Task): string[] {
  const all = [task.imageUrl, ...urlsOf(task.imageUrls), task.videoUrl, ...urlsOf(task.videoUrls)];
  return [...new Set(all.filter((url): url is string => typeof url === 'string' && url !== ''))];
}

/** Replaces each media URL that `replacement` knows; true when anything changed. */
export function replaceMediaUrls(task: Task, replacement: ReadonlyMap<string, string>): boolean {
  let changed = false;
  const swap = (url: string): string => {
    const next = replacement.get(url);
    if (next === undefined || next === url) return url;
    changed = true;
    return next;
  };
  const swapList = (list: MediaUrls): MediaUrls => mediaUrls(urlsOf(list).map(swap));
  if (task.imageUrl) task.imageUrl = swap(task.imageUrl);
  if (task.videoUrl) task.videoUrl = swap(task.videoUrl);
  task.imageUrls = swapList(task.imageUrls);
  task.videoUrls = swapList(task.videoUrls);
  return changed;
}
