/**
 * Redis pub/sub between instances: every task change made here is told to the others (their live
 * streams follow tasks run anywhere), a cancel goes to the instance that runs the task, and a
 * question only the owner of an account can answer (an image seed) goes to it and its answer back.
 * An account changed through one instance's admin API is reloaded by the others.
 * Only the instance that made a change delivers its notify hooks; the others just pass it to streams.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from '../lib/logger.js';
import type { SubmitAnswer } from '../tasks/api-port.js';
import type { Task } from '../tasks/task.js';

interface ChangeMessage {
  from: string;
  task: Task;
}

interface AccountMessage {
  from: string;
  accountId: string;
}

interface CancelMessage {
  to: string;
  taskId: string;
}

/** What one instance may ask the owner of an account. */
export interface OwnerQuestion {
  kind: 'image-seed';
  taskId: string;
}

interface RequestMessage {
  to: string;
  from: string;
  id: string;
  question: OwnerQuestion;
}

interface ReplyMessage {
  to: string;
  id: string;
  answer: SubmitAnswer;
}

export interface RelayListeners {
  /** A change another instance made. */
  onRemoteChange(task: Task): void;
  /** Another instance asks this one, which runs the task's account, to cancel it. */
  onCancel(taskId: string): void;
  /** Another instance asks this one, which runs the account, what only it can answer. */
  onQuestion(question: OwnerQuestion): Promise<SubmitAnswer>;
  /** Another instance changed the account in the shared store. */
  onAccountChange(accountId: string): void;
}

export class ChangeRelay {
  private readonly pending = new Map<string, (answer: SubmitAnswer) => void>();

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
        this.receive(listeners, channel, text);
      } catch (error) {
        this.logger.warn({ channel, err: (error as Error).message }, 'a cluster message could not be read');
      }
    });
    await this.subscriber.subscribe(this.changesChannel, this.cancelChannel, this.requestChannel, this.replyChannel, this.accountsChannel);
  }

  /** Fire and forget: a change that misses the others costs a stream update, never the task. */
  publishChange(task: Task): void {
    const message: ChangeMessage = { from: this.instanceId, task };
    this.publisher.publish(this.changesChannel, JSON.stringify(message)).catch((error: unknown) => {
      this.logger.warn({ taskId: task.id, err: (error as Error).message }, 'telling the cluster of a task change failed');
    });
  }

  async publishAccountChange(accountId: string): Promise<void> {
    const message: AccountMessage = { from: this.instanceId, accountId };
    await this.publisher.publish(this.accountsChannel, JSON.stringify(message));
  }

  async askCancel(ownerId: string, taskId: string): Promise<void> {
    const message: CancelMessage = { to: ownerId, taskId };
    await this.publisher.publish(this.cancelChannel, JSON.stringify(message));
  }

  /** The owner's answer, or `timedOut` when none came in time (the owner died, or it was slow). */
  async ask(ownerId: string, question: OwnerQuestion, timeoutMs: number, timedOut: SubmitAnswer): Promise<SubmitAnswer> {
    const id = randomUUID();
    const answered = new Promise<SubmitAnswer>((resolve) => {
      const timer = setTimeout(() => this.settle(id, timedOut), timeoutMs);
      this.pending.set(id, (answer) => {
        clearTimeout(timer);
        resolve(answer);
      });
    });
    const message: RequestMessage = { to: ownerId, from: this.instanceId, id, question };
    await this.publisher.publish(this.requestChannel, JSON.stringify(message));
    return answered;
  }

  private receive(listeners: RelayListeners, channel: string, text: string): void {
    if (channel === this.changesChannel) {
      const message = JSON.parse(text) as ChangeMessage;
      if (message.from !== this.instanceId) listeners.onRemoteChange(message.task);
    } else if (channel === this.cancelChannel) {
      const message = JSON.parse(text) as CancelMessage;
      if (message.to === this.instanceId) listeners.onCancel(message.taskId);
    } else if (channel === this.requestChannel) {
      const message = JSON.parse(text) as RequestMessage;
      if (message.to === this.instanceId) void this.answer(listeners, message);
    } else if (channel === this.accountsChannel) {
      const message = JSON.parse(text) as AccountMessage;
      if (message.from !== this.instanceId) listeners.onAccountChange(message.accountId);
    } else if (channel === this.replyChannel) {
      const message = JSON.parse(text) as ReplyMessage;
      if (message.to === this.instanceId) this.settle(message.id, message.answer);
    }
  }

  /** Never rejects: a failure is logged and the asker's wait ends with its timeout. */
  private async answer(listeners: RelayListeners, request: RequestMessage): Promise<void> {
    try {
      const reply: ReplyMessage = { to: request.from, id: request.id, answer: await listeners.onQuestion(request.question) };
      await this.publisher.publish(this.replyChannel, JSON.stringify(reply));
    } catch (error) {
      this.logger.warn({ question: request.question.kind, err: (error as Error).message }, 'answering another instance failed');
    }
  }

  private settle(id: string, answer: SubmitAnswer): void {
    const resolve = this.pending.get(id);
    this.pending.delete(id);
    resolve?.(answer);
  }

  private get changesChannel(): string {
    return `${this.prefix}cluster:task-changes`;
  }

  private get cancelChannel(): string {
    return `${this.prefix}cluster:cancel`;
  }

  private get requestChannel(): string {
    return `${this.prefix}cluster:owner-questions`;
  }

  private get accountsChannel(): string {
    return `${this.prefix}cluster:account-changes`;
  }

  private get replyChannel(): string {
    return `${this.prefix}cluster:owner-answers`;
  }
}
