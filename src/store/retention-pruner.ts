/**
 * Deletes finished tasks older than the retention, in the background: batch by batch (a short
 * statement each, never a table-wide delete), at a jittered interval so that instances sharing a
 * store spread out, one pass at a time. Each batch's ids go to onPruned (image files to delete).
 */
import type { Logger } from '../lib/logger.js';
import type { TaskStore } from '../tasks/task.js';
import { DAY_MS } from './store.js';

const DEFAULT_INTERVAL_MS = 3600_000;
/** The first pass comes soon after start-up, so an instance that restarts often still prunes. */
const DEFAULT_FIRST_DELAY_MS = 60_000;
/** ±20 % around the interval. */
const JITTER = 0.2;
const DEFAULT_BATCH_SIZE = 500;

export interface RetentionPrunerOptions {
  tasks: Pick<TaskStore, 'deleteFinishedBefore'>;
  retentionDays: number;
  /** Told each batch's ids after they left the store; its failure is logged, not retried. */
  onPruned(ids: string[]): void | Promise<void>;
  logger: Logger;
  intervalMs?: number;
  firstDelayMs?: number;
  batchSize?: number;
  now?: () => number;
}

const jittered = (ms: number): number => ms * (1 - JITTER + 2 * JITTER * Math.random());

export class RetentionPruner {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly options: RetentionPrunerOptions) {}

  /** Schedules the passes; with retentionDays 0 there is nothing to do. */
  start(): void {
    if (this.options.retentionDays <= 0 || this.stopped) return;
    this.schedule(this.options.firstDelayMs ?? DEFAULT_FIRST_DELAY_MS);
  }

  /** One pass: every finished task older than the retention; answers how many were deleted. */
  async pruneOnce(): Promise<number> {
    const { tasks, retentionDays, logger } = this.options;
    const batchSize = this.options.batchSize ?? DEFAULT_BATCH_SIZE;
    const cutoff = (this.options.now ?? Date.now)() - retentionDays * DAY_MS;
    let deleted = 0;
    while (!this.stopped) {
      const ids = await tasks.deleteFinishedBefore(cutoff, batchSize);
      deleted += ids.length;
      if (ids.length > 0) await this.tellPruned(ids);
      if (ids.length < batchSize) break;
    }
    if (deleted > 0) logger.info({ deleted, retentionDays }, 'store: finished tasks past the retention deleted');
    return deleted;
  }

  /** No new pass starts; resolves once a running one has finished its batch. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.running = this.pruneOnce()
        .then(() => undefined, (error: unknown) => this.options.logger.error({ err: error }, 'store: pruning old tasks failed'))
        .finally(() => {
          this.running = undefined;
          if (!this.stopped) this.schedule(jittered(this.options.intervalMs ?? DEFAULT_INTERVAL_MS));
        });
    }, jittered(delayMs));
    this.timer.unref();
  }

  private async tellPruned(ids: string[]): Promise<void> {
    try {
      await this.options.onPruned(ids);
    } catch (error) {
      this.options.logger.error({ err: error, count: ids.length }, 'store: onPruned failed');
    }
  }
}
