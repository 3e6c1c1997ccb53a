/** Waiting for results to be re-hosted, and reading every URL a task shows. */
import type { Task } from '../../src/tasks/task.js';
import type { TestService } from './harness.js';

/** Every media URL of a task (imageUrls / videoUrls may be null), the thumbnail included. */
export function taskUrls(task: Task): string[] {
  const lists = [task.imageUrls, task.videoUrls] as ({ url: string }[] | null)[];
  const all = [task.imageUrl, task.videoUrl, ...lists.flatMap((list) => (list ?? []).map((item) => item.url)), task.properties.thumbnailUrl];
  return [...new Set(all.filter((url): url is string => typeof url === 'string' && url !== ''))];
}

/** Waits for the finished task to show only URLs under `base` (mj-proxy's own by default), a thumbnail among them. */
export function waitForHosted(svc: TestService, id: string, base = `${svc.service.url}/mj/image/`): Promise<Task> {
  return svc.waitForTask(id, (task) => {
    const urls = taskUrls(task);
    return task.status === 'SUCCESS' && task.properties.thumbnailUrl !== undefined && urls.every((url) => url.startsWith(base));
  });
}
