/**
 * Wires the task side together: registry, correlation, runner, engine, timeouts and the service,
 * listening to every account's Midjourney events. Also re-attaches unfinished tasks after a restart.
 */
import type { Logger } from '../lib/logger.js';
import type { AccountPool } from '../accounts/account-pool.js';
import type { AccountSession } from '../accounts/account-session.js';
import type { BannedWords } from './banned-words.js';
import { formatCustomId } from '../midjourney/index.js';
import { Correlation } from './correlation.js';
import { ImageSeeds } from './image-seed.js';
import { EventMatcher } from './event-matcher.js';
import { TaskLifecycle } from './lifecycle.js';
import type { PromptTranslatorPort, TaskChangeListener } from './ports.js';
import type { TaskContext } from './task-context.js';
import { TaskEngine } from './task-engine.js';
import { TaskRegistry } from './task-registry.js';
import { TaskRunner } from './task-runner.js';
import { TaskService } from './task-service.js';
import { TaskTimeouts } from './timeouts.js';
import type { StoredTask, TaskStore } from './task.js';
import { Wording } from './wording.js';

/** Cancel Job sits on the ephemeral start message, so the click names that flag. */
const EPHEMERAL_FLAG = 64;

export interface TaskSystemOptions {
  store: TaskStore;
  translator: PromptTranslatorPort;
  bannedWords: BannedWords;
  listener: TaskChangeListener;
  english: boolean;
  logger: Logger;
}

export class TaskSystem {
  readonly service: TaskService;
  readonly registry: TaskRegistry;
  private readonly correlation = new Correlation();
  private readonly lifecycle: TaskLifecycle;
  private readonly runner: TaskRunner;
  private readonly engine: TaskEngine;
  private readonly timeouts: TaskTimeouts;
  private readonly wording: Wording;
  private readonly seeds: ImageSeeds;

  constructor(private readonly options: TaskSystemOptions, private readonly pool: AccountPool) {
    const { logger } = options;
    this.wording = new Wording(options.english);
    this.registry = new TaskRegistry(options.store, options.listener, logger);
    this.lifecycle = new TaskLifecycle(this.registry, this.correlation, pool);
    this.runner = new TaskRunner(pool, this.registry, this.correlation, this.lifecycle, logger);
    this.engine = new TaskEngine(new EventMatcher(this.registry, this.correlation, logger), this.correlation, this.lifecycle, this.runner, options.translator, logger);
    this.timeouts = new TaskTimeouts(this.registry, pool, this.lifecycle, this.wording);
    const ctx: TaskContext = {
      pool, registry: this.registry, lifecycle: this.lifecycle,
      translator: options.translator, bannedWords: options.bannedWords, wording: this.wording, logger,
    };
    this.seeds = new ImageSeeds(ctx);
    this.service = new TaskService(ctx, { seeds: this.seeds, stopOnDiscord: (entry) => this.stopOnDiscord(entry) });
  }

  /** The queue callback every AccountSession gets (sessions exist before the system, hence a method). */
  onQueueStart(taskId: string): void {
    this.runner.start(taskId);
  }

  /** Listens to the accounts and starts the timeout clock. */
  attach(): void {
    for (const account of this.pool.all()) {
      account.on('event', (event) => {
        this.engine.handle(account, event);
        this.seeds.handle(account, event);
      });
      account.on('status', (status) => {
        if (status === 'stopped') this.failTasksOf(account);
      });
    }
    this.timeouts.start();
  }

  /**
   * After a restart: waiting tasks queue again; tasks in flight get their identities and slots back
   * and finish from the messages that arrive (or the channel's recent ones), or time out.
   */
  async recover(): Promise<void> {
    for (const entry of await this.options.store.listUnfinished()) {
      const account = entry.runtime.accountId ? this.pool.get(entry.runtime.accountId) : undefined;
      if (!account) {
        this.lifecycle.fail(entry, this.wording.say('accountStopped', { reason: 'the account is no longer configured' }));
        continue;
      }
      this.registry.track(entry);
      if (entry.task.status === 'NOT_START') {
        if (!account.queue.offer(entry.task.id).accepted) this.lifecycle.fail(entry, this.wording.say('restartQueueFull'));
        continue;
      }
      this.reattach(entry, account);
    }
  }

  /** Reads what arrived while mj-proxy was down, when this account has tasks in flight. */
  async catchUp(account: AccountSession): Promise<void> {
    const busy = this.registry.liveEntries().some((entry) => entry.runtime.accountId === account.id && entry.task.status !== 'NOT_START');
    if (!busy) return;
    await account.replayRecentMessages().catch((error: unknown) => {
      this.options.logger.warn({ account: account.id, err: (error as Error).message }, 'reading recent messages failed');
    });
  }

  async close(): Promise<void> {
    this.timeouts.stop();
    await this.registry.flush();
  }

  private reattach(entry: StoredTask, account: AccountSession): void {
    const { task, runtime } = entry;
    for (const [kind, value] of [['nonce', runtime.nonce], ['interaction', runtime.interactionId], ['message', runtime.progressMessageId], ['hash', runtime.jobHash]] as const) {
      this.correlation.link(kind, value, task.id);
    }
    this.correlation.awaitReplyTo(runtime.parentMessageId, task.id);
    if (task.status !== 'MODAL') account.queue.occupy(task.id);
    this.lifecycle.touch(entry);
  }

  /** Cancel Job on the running job's start message, when its job id is known. */
  private stopOnDiscord(entry: StoredTask): void {
    const account = this.pool.get(entry.runtime.accountId ?? '');
    const { jobHash, progressMessageId } = entry.runtime;
    if (!account?.usable || !jobHash || !progressMessageId) return;
    const customId = formatCustomId({ kind: 'cancel_job', jobHash });
    void this.runner.click(entry, account, { messageId: progressMessageId, messageFlags: EPHEMERAL_FLAG, customId })
      .catch((error: unknown) => this.options.logger.warn({ taskId: entry.task.id, err: (error as Error).message }, 'Cancel Job was refused'));
  }

  private failTasksOf(account: AccountSession): void {
    const reason = this.wording.say('accountStopped', { reason: account.disabledReason ?? 'stopped' });
    for (const entry of this.registry.liveEntries()) {
      if (entry.runtime.accountId === account.id) this.lifecycle.fail(entry, reason);
    }
  }
}
