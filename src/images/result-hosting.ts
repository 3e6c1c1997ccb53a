/**
 * Re-hosts finished results after the task already shows SUCCESS with Discord's URLs: downloads
 * the task's Discord media, cuts grids into their four images, makes a thumbnail, stores it all,
 * then swaps the task's URLs for the stable ones and saves it, which notifies the hook once more.
 * A failure leaves the Discord URLs in place; a later read of the task tries again, with backoff.
 */
import { Agent } from 'undici';
import type { ImagesConfig } from '../config/schema.js';
import type { Logger } from '../lib/logger.js';
import { isTerminal, mediaUrls, type StoredTask, type Task, type TaskListQuery } from '../tasks/task.js';
import type { DiscordMediaUrls } from './discord-media.js';
import { planHosting, previewStem, type HostingPlan } from './hosting-plan.js';
import { downloadMedia, type DownloadedMedia, type DownloadLimits } from './media-download.js';
import type { MediaStore } from './media-store.js';
import { isImageType, mediaTypeOf } from './media-type.js';
import { splitGrid } from './split-grid.js';
import { replaceMediaUrls, urlsOf } from './task-media.js';
import { makeThumbnail } from './thumbnail.js';
import type { UrlRefresher } from './url-refresh.js';

/** What hosting needs of the task side (the TaskRegistry fits): read, save-and-notify, recent tasks. */
export interface TaskUpdates {
  get(id: string): Promise<StoredTask | undefined>;
  commit(entry: StoredTask, options?: { notify?: boolean }): Promise<void>;
  list(query: TaskListQuery): Promise<Task[]>;
}

export interface ResultHostingOptions {
  store: MediaStore;
  discord: DiscordMediaUrls;
  tasks: TaskUpdates;
  refresher: UrlRefresher;
  limits: DownloadLimits;
  /** Tasks re-hosted at once. */
  concurrency: number;
  /** Re-host progress previews too (images.previews). */
  previews: boolean;
  logger: Logger;
}

/** What the runtime configuration changes (images.*): used by every job that starts from the change on. */
export type HostingKnobs = Pick<ResultHostingOptions, 'limits' | 'concurrency' | 'previews'>;

/** The knobs of the `images` configuration. */
export function hostingKnobsOf(images: ImagesConfig): HostingKnobs {
  const { maxBytes, downloadTimeoutMs: timeoutMs, attempts, concurrency, previews } = images;
  return { limits: { maxBytes, timeoutMs, attempts }, concurrency, previews };
}

type Job = { kind: 'final' } | { kind: 'preview'; url: string };

interface Failure {
  count: number;
  retryAt: number;
}

const RETRY_BASE_MS = 30_000;
const RETRY_MAX_MS = 60 * 60_000;
/** Failed task ids remembered for backoff; the oldest are forgotten beyond this. */
const FAILURE_MEMORY = 10_000;
/** Finished tasks looked at after a restart. */
const RESUME_COUNT = 200;
const THUMBNAIL_FILE = 'thumb.webp';

export class ResultHosting {
  private readonly pending = new Map<string, Job>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly failures = new Map<string, Failure>();
  /** Per running task: the preview hosted last (Discord URL → ours), so a repeated preview is not fetched again. */
  private readonly previews = new Map<string, { source: string; hosted: string }>();
  private readonly agent = new Agent();
  private readonly shutdown = new AbortController();
  private started = false;

  constructor(private options: ResultHostingOptions) {}

  /** New limits, concurrency and previews; jobs running keep theirs, a higher concurrency starts more at once. */
  configure(knobs: HostingKnobs): void {
    this.options = { ...this.options, ...knobs };
    this.pump();
  }

  /** Jobs queued before this wait: stored URLs need mj-proxy's public address, known once it listens. */
  start(): void {
    this.started = true;
    this.pump();
  }

  /** The task-change listener: previews while running (when enabled), everything once finished. */
  onTaskChange(task: Task): void {
    if (isTerminal(task.status)) {
      this.previews.delete(task.id);
      if (this.plan(task)) this.enqueue(task.id, { kind: 'final' });
      return;
    }
    const preview = task.imageUrl;
    if (this.options.previews && task.status === 'IN_PROGRESS' && preview && this.options.discord.isDiscordMedia(preview)) {
      this.enqueue(task.id, { kind: 'preview', url: preview });
    }
  }

  /** A client read a finished task that still shows Discord media (a restart, an earlier failure): try again. */
  onTaskRead(task: Task): void {
    if (!isTerminal(task.status) || this.isHandling(task.id)) return;
    if (this.plan(task)) this.enqueue(task.id, { kind: 'final' });
  }

  /** Whether a job of this task is queued or running, or its last attempt failed and the next is not due: a read would start nothing. */
  isHandling(taskId: string): boolean {
    return this.pending.has(taskId) || this.running.has(taskId) || (this.failures.get(taskId)?.retryAt ?? 0) > Date.now();
  }

  /** After a restart: the most recent finished tasks that still show Discord media. */
  async resumeRecent(): Promise<void> {
    const recent = await this.options.tasks.list({ page: 0, size: RESUME_COUNT });
    for (const task of recent) this.onTaskRead(task);
  }

  /** Retention: the stored files of these tasks go with them. */
  deleteForTasks(taskIds: readonly string[]): Promise<void> {
    return this.options.store.deleteForTasks(taskIds);
  }

  /** Cancels downloads in flight and waits for the jobs to end; queued jobs are dropped. */
  async close(): Promise<void> {
    this.pending.clear();
    this.shutdown.abort();
    await Promise.allSettled([...this.running.values()]);
    await this.agent.destroy();
  }

  private plan(task: Task): HostingPlan | null {
    return planHosting(task, (url) => this.options.discord.isDiscordMedia(url));
  }

  /** A final job replaces a queued preview; a preview never replaces a queued final. */
  private enqueue(taskId: string, job: Job): void {
    if (this.shutdown.signal.aborted || this.pending.get(taskId)?.kind === 'final') return;
    this.pending.set(taskId, job);
    this.pump();
  }

  private pump(): void {
    if (!this.started) return;
    for (const [taskId, job] of this.pending) {
      if (this.running.size >= this.options.concurrency) return;
      if (this.running.has(taskId)) continue;
      this.pending.delete(taskId);
      const run = this.run(taskId, job).finally(() => {
        this.running.delete(taskId);
        this.pump();
      });
      this.running.set(taskId, run);
    }
  }

  private async run(taskId: string, job: Job): Promise<void> {
    try {
      if (job.kind === 'final') await this.hostFinal(taskId);
      else await this.hostPreview(taskId, job.url);
      if (job.kind === 'final') this.failures.delete(taskId);
    } catch (error) {
      if (this.shutdown.signal.aborted) return;
      if (job.kind === 'final') this.recordFailure(taskId);
      const what = job.kind === 'final' ? 'the task keeps its Discord URLs' : 'the preview keeps its Discord URL';
      this.options.logger.warn({ taskId, err: (error as Error).message }, `re-hosting failed; ${what}`);
    }
  }

  private recordFailure(taskId: string): void {
    const count = (this.failures.get(taskId)?.count ?? 0) + 1;
    this.failures.delete(taskId);
    this.failures.set(taskId, { count, retryAt: Date.now() + Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** (count - 1)) });
    const oldest = this.failures.keys().next().value;
    if (this.failures.size > FAILURE_MEMORY && oldest !== undefined) this.failures.delete(oldest);
  }

  private async hostFinal(taskId: string): Promise<void> {
    const { store, tasks } = this.options;
    const entry = await tasks.get(taskId);
    if (!entry || !isTerminal(entry.task.status)) return;
    const plan = this.plan(entry.task);
    if (!plan) return;
    const mainUrl = entry.task.imageUrl;
    const hosted = new Map<string, string>();
    let mainImage: Buffer | undefined;
    await Promise.all(plan.downloads.map(async ({ url, stem }) => {
      const media = await this.download(url);
      const type = mediaTypeOf(media.bytes, media.contentType, url);
      hosted.set(url, await store.put(taskId, `${stem}.${type.extension}`, media.bytes, type.contentType));
      if (url === mainUrl && isImageType(type)) mainImage = media.bytes;
    }));
    const parts = mainImage && plan.cutGrid ? await this.cutGrid(taskId, mainImage) : [];
    const thumbnailUrl = mainImage && plan.thumbnail ? await this.thumbnail(taskId, mainImage) : undefined;

    // Read again: the task may have been saved meanwhile (a seed); only the URLs fetched here change.
    const latest = await tasks.get(taskId);
    if (!latest) return;
    let changed = replaceMediaUrls(latest.task, hosted);
    if (parts.length > 0 && urlsOf(latest.task.imageUrls).length === 0) {
      latest.task.imageUrls = mediaUrls(parts);
      changed = true;
    }
    if (thumbnailUrl && latest.task.properties.thumbnailUrl !== thumbnailUrl) {
      latest.task.properties.thumbnailUrl = thumbnailUrl;
      changed = true;
    }
    if (changed) await tasks.commit(latest);
  }

  private async hostPreview(taskId: string, url: string): Promise<void> {
    let hosted = this.previews.get(taskId);
    if (hosted?.source !== url) {
      // A preview is soon replaced by the next one: one attempt is enough.
      const media = await this.download(url, 1);
      const type = mediaTypeOf(media.bytes, media.contentType, url);
      hosted = { source: url, hosted: await this.options.store.put(taskId, `${previewStem(url)}.${type.extension}`, media.bytes, type.contentType) };
    }
    const entry = await this.options.tasks.get(taskId);
    if (!entry || isTerminal(entry.task.status)) {
      this.previews.delete(taskId);
      return;
    }
    this.previews.set(taskId, hosted);
    if (entry.task.imageUrl !== url) return;
    entry.task.imageUrl = hosted.hosted;
    await this.options.tasks.commit(entry);
  }

  /** An expired link is refreshed first (mj-proxy was down, or the CDN was, for a day). */
  private async download(url: string, attempts = this.options.limits.attempts): Promise<DownloadedMedia> {
    const { discord, refresher, limits } = this.options;
    const source = discord.isExpired(url) ? ((await refresher.refreshAll([url])).get(url) ?? url) : url;
    return downloadMedia(source, { ...limits, attempts }, this.agent, this.shutdown.signal);
  }

  /** The four grid images' URLs; none when the image cannot be cut (the rest is still hosted). */
  private async cutGrid(taskId: string, grid: Buffer): Promise<string[]> {
    try {
      const parts = await splitGrid(grid);
      return await Promise.all(parts.map((part, i) => this.options.store.put(taskId, `${i + 1}.png`, part, 'image/png')));
    } catch (error) {
      this.options.logger.warn({ taskId, err: (error as Error).message }, 'cutting the grid into four images failed');
      return [];
    }
  }

  private async thumbnail(taskId: string, image: Buffer): Promise<string | undefined> {
    try {
      return await this.options.store.put(taskId, THUMBNAIL_FILE, await makeThumbnail(image), 'image/webp');
    } catch (error) {
      this.options.logger.warn({ taskId, err: (error as Error).message }, 'making the thumbnail failed');
      return undefined;
    }
  }
}
