/**
 * The shared job queues (BullMQ): one per account. Any instance adds a task to the queue of its
 * account; the only worker of a queue runs on the account's owner, with as many jobs at once as
 * the account has slots, and a job is complete once the task's interaction is sent. A job whose
 * owner died mid-way is stalled: its lock lapses and BullMQ gives it to the next owner.
 */
import { Queue, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from '../lib/logger.js';

/** A dead owner's unfinished jobs go back to the queue once their lock lapses (renewed every half of it). */
const LOCK_MS = 8000;
/** How often a worker looks for stalled jobs. */
const STALLED_CHECK_MS = 2000;
/** A task may outlive several owners; BullMQ would fail it after one stall by default. */
const MAX_STALLS = 1000;

interface TaskJobData {
  taskId: string;
  /** Some owner took it once already (it died): the task's NOT_START was told then. */
  taken?: boolean;
}

/** BullMQ refuses ':' and integer-looking ids; a task id is made of digits. */
const jobIdOf = (taskId: string): string => `task-${taskId}`;

export class AccountQueues {
  private readonly queues = new Map<string, Queue<TaskJobData>>();
  private readonly workers = new Map<string, Worker<TaskJobData>>();

  constructor(
    private readonly connection: Redis,
    /** BullMQ's key prefix (the store's key prefix + "bull"). */
    private readonly prefix: string,
    private readonly logger: Logger,
  ) {}

  /** Adds a saved task to its account's queue (once: a task id names one job). */
  async add(accountId: string, taskId: string): Promise<void> {
    await this.queue(accountId).add('task', { taskId }, { jobId: jobIdOf(taskId), removeOnComplete: true, removeOnFail: true });
  }

  /** Adds the tasks whose jobs are missing (handed off by an instance that died before adding them). */
  async ensure(accountId: string, taskIds: readonly string[]): Promise<void> {
    const queue = this.queue(accountId);
    for (const taskId of taskIds) {
      if (!(await queue.getJob(jobIdOf(taskId)))) await this.add(accountId, taskId);
    }
  }

  /** Tasks waiting for a slot of the owner. */
  waiting(accountId: string): Promise<number> {
    return this.queue(accountId).getWaitingCount();
  }

  /**
   * Runs the account's queue here: `run` resolves once the task is sent (or has nothing to send);
   * `first` is false when an owner that died took the job before.
   */
  work(accountId: string, concurrency: number, run: (taskId: string, first: boolean) => Promise<void>): void {
    if (this.workers.has(accountId)) return;
    const take = async (job: Job<TaskJobData>) => {
      const first = job.data.taken !== true;
      if (first) await job.updateData({ ...job.data, taken: true });
      await run(job.data.taskId, first);
    };
    const worker = new Worker<TaskJobData>(queueNameOf(accountId), take, {
      connection: this.connection, prefix: this.prefix, concurrency,
      lockDuration: LOCK_MS, stalledInterval: STALLED_CHECK_MS, maxStalledCount: MAX_STALLS,
    });
    worker.on('error', (error) => this.logger.warn({ account: accountId, err: error.message }, 'account queue worker error'));
    worker.on('failed', (job, error) => this.logger.warn({ account: accountId, taskId: job?.data.taskId, err: error.message }, 'a queued task could not be taken'));
    this.workers.set(accountId, worker);
  }

  /** Stops working the account's queue; jobs running here go to whoever runs it next. */
  async stop(accountId: string): Promise<void> {
    const worker = this.workers.get(accountId);
    this.workers.delete(accountId);
    await worker?.close(true);
  }

  async close(): Promise<void> {
    await Promise.all([...this.workers.keys()].map((accountId) => this.stop(accountId)));
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
    this.queues.clear();
  }

  private queue(accountId: string): Queue<TaskJobData> {
    let queue = this.queues.get(accountId);
    if (!queue) {
      queue = new Queue<TaskJobData>(queueNameOf(accountId), { connection: this.connection, prefix: this.prefix });
      queue.on('error', (error) => this.logger.warn({ account: accountId, err: error.message }, 'account queue error'));
      this.queues.set(accountId, queue);
    }
    return queue;
  }
}

function queueNameOf(accountId: string): string {
  return `account-${accountId}`;
}
