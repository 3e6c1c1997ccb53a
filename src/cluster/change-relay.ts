/**
 * Redis pub/sub between instances: every task change made here is told to the others (their live
 * streams follow tasks run anywhere), and a cancel goes to the instance that runs the task. Only
 * the instance that made a change delivers its notify hooks; the others just pass it to streams.
 */
import type { Redis } from 'ioredis';
import type { Logger } from '../lib/logger.js';
import type { Task } from '../tasks/task.js';

interface ChangeMessage {
  from: string;
  task: Task;
}

interface CancelMessage {
  to: string;
  taskId: string;
}

export interface RelayListeners {
  /** A change another instance made. */
  onRemoteChange(task: Task): void;
  /** Another instance asks this one, which runs the task's account, to cancel it. */
  onCancel(taskId: string): void;
}

export class ChangeRelay {
  constructor(
    private readonly publisher: Redis,
    /** A connection of its own: a subscribed Redis connection does nothing else. */
    private readonly subscriber: Redis,
    private readonly prefix: string,
    private readonly instanceId: string,
    private readonly logger: Logger,
  ) {}

  async start(listeners: RelayListeners): Promise<void> {
    this.subscriber.on('message', (channel: string, text: string) => {
      try {
        if (channel === this.changesChannel) {
          const message = JSON.parse(text) as ChangeMessage;
          if (message.from !== this.instanceId) listeners.onRemoteChange(message.task);
        } else if (channel === this.cancelChannel) {
          const message = JSON.parse(text) as CancelMessage;
          if (message.to === this.instanceId) listeners.onCancel(message.taskId);
        }
      } catch (error) {
        this.logger.warn({ channel, err: (error as Error).message }, 'a cluster message could not be read');
      }
    });
    await this.subscriber.subscribe(this.changesChannel, this.cancelChannel);
  }

  /** Fire and forget: a change that misses the others costs a stream update, never the task. */
  publishChange(task: Task): void {
    const message: ChangeMessage = { from: this.instanceId, task };
    this.publisher.publish(this.changesChannel, JSON.stringify(message)).catch((error: unknown) => {
      this.logger.warn({ taskId: task.id, err: (error as Error).message }, 'telling the cluster of a task change failed');
    });
  }

  async askCancel(ownerId: string, taskId: string): Promise<void> {
    const message: CancelMessage = { to: ownerId, taskId };
    await this.publisher.publish(this.cancelChannel, JSON.stringify(message));
  }

  private get changesChannel(): string {
    return `${this.prefix}cluster:task-changes`;
  }

  private get cancelChannel(): string {
    return `${this.prefix}cluster:cancel`;
  }
}
