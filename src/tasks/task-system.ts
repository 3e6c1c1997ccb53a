/**
 * Wires the task side together: registry, identities, orphans, runner, engine, timeouts and the
 * service, listening to every account's Midjourney events. Reads the channels back whenever an
 * account's session starts afresh, and re-attaches unfinished tasks after a restart.
 */
import type { Logger } from '../lib/logger.js';
import type { AccountPool } from '../accounts/account-pool.js';
import type { AccountSession } from '../accounts/account-session.js';
import type { BannedWords } from './banned-words.js';
import { claimantOf } from './claimants.js';
import { Correlation } from './correlation.js';
import { ImageSeeds } from './image-seed.js';
import { DistinctSends } from './distinct-sends.js';
import { EventMatcher } from './event-matcher.js';
import { TaskLifecycle } from './lifecycle.js';
import { OrphanJobs } from './orphans.js';
import type { PromptTranslatorPort, TaskChangeListener, TaskHandOff } from './ports.js';
import { RecentEnds } from './recent-ends.js';
import type { TaskContext } from './task-context.js';
import { TaskEngine } from './task-engine.js';
import { TaskRegistry } from './task-registry.js';
import { TaskRelocation } from './task-relocation.js';
import { TaskRunner, type SendGate } from './task-runner.js';
import { TaskService } from './task-service.js';
import { TaskTimeouts } from './timeouts.js';
import { TimeoutSettings, type TimeoutLimits } from './timeout-settings.js';
import { isTerminal, type StoredTask, type TaskStore } from './task.js';
import { Wording } from './wording.js';

/** Channels are read back to a little before the oldest job in flight was sent. */
const READ_BACK_MARGIN_MS = 5000;

export interface TaskSystemOptions {
  store: TaskStore;
  translator: PromptTranslatorPort;
  bannedWords: BannedWords;
  listener: TaskChangeListener;
  english: boolean;
  /** The default task timeout and the modal timeout (setTimeouts changes them). */
  timeouts: TimeoutLimits;
  logger: Logger;
  /** Cluster mode: new work and cancels go through the shared queues to the instance running the account. */
  handOff?: TaskHandOff;
  /** Cluster mode: what must hold before a job leaves for Discord (saved as sent, the account still ours). */
  beforeSend?: SendGate;
}

export interface RecoverOptions {
  /** The Discord the jobs ran on restarted too (demo mode's simulator): jobs in flight are gone. */
  jobsLost?: boolean;
}

export class TaskSystem {
  readonly service: TaskService;
  readonly registry: TaskRegistry;
  private readonly correlation = new Correlation();
  private readonly orphans = new OrphanJobs();
  private readonly lifecycle: TaskLifecycle;
  private readonly runner: TaskRunner;
  private readonly engine: TaskEngine;
  private readonly timeouts: TaskTimeouts;
  private readonly timeoutSettings: TimeoutSettings;
  private readonly wording: Wording;
  private readonly seeds: ImageSeeds;
  private readonly relocation: TaskRelocation;

  constructor(private readonly options: TaskSystemOptions, private readonly pool: AccountPool) {
    const { logger } = options;
    this.wording = new Wording(options.english);
    this.timeoutSettings = new TimeoutSettings(options.timeouts);
    this.registry = new TaskRegistry(options.store, options.listener, logger, options.handOff === undefined);
    this.lifecycle = new TaskLifecycle(this.registry, this.correlation, this.orphans, pool);
    const matcher = new EventMatcher(this.registry, this.correlation, this.orphans, logger);
    const distinct = new DistinctSends(this.registry, (accountId) => matcher.claimantsOf(accountId));
    this.runner = new TaskRunner(pool, this.registry, this.correlation, this.lifecycle, this.timeoutSettings, distinct, logger, options.beforeSend);
    this.engine = new TaskEngine(matcher, this.correlation, this.lifecycle, this.runner, options.translator, logger);
    this.timeouts = new TaskTimeouts({
      registry: this.registry, pool, lifecycle: this.lifecycle, orphans: this.orphans, wording: this.wording,
      settings: this.timeoutSettings, readBack: (account) => this.readBack(account),
    });
    const ctx: TaskContext = {
      pool, registry: this.registry, lifecycle: this.lifecycle,
      translator: options.translator, bannedWords: options.bannedWords, wording: this.wording, logger, handOff: options.handOff,
    };
    this.seeds = new ImageSeeds(ctx);
    this.relocation = new TaskRelocation(pool, this.registry, this.lifecycle, logger);
    this.service = new TaskService(ctx, { seeds: this.seeds, afterCancel: (entry) => this.stopOnDiscord(entry), store: options.store });
  }

  /** New timeouts (runtime configuration): they count for every task from its next check on. */
  setTimeouts(limits: TimeoutLimits): void {
    this.timeoutSettings.set(limits);
    this.timeouts.reschedule();
  }

  /** The queue callback every AccountSession gets (sessions exist before the system, hence a method). */
  onQueueStart(taskId: string): void {
    this.runner.start(taskId);
  }

  /** Listens to the accounts and starts the timeout clock. */
  attach(): void {
    for (const account of this.pool.all()) this.attachAccount(account);
    this.timeouts.start();
  }

  /** Listens to one account's events: every account at start, each one added or reconnected at run time, and (cluster mode) each one taken over. */
  attachAccount(account: AccountSession): void {
    account.on('event', (event) => {
      this.engine.handle(account, event);
      this.seeds.handle(account, event);
    });
    account.on('status', (status) => {
      if (status === 'stopped') this.failTasksOf(account);
    });
    account.on('fresh-session', () => {
      void this.readBack(account);
    });
    account.on('lock', (lock) => {
      if (lock) this.relocation.moveWaiting(account, this.wording.say('accountLocked', { reason: lock.reason }));
    });
    account.on('fast-exhausted', () => this.relocation.moveFastWork(account, this.wording.say('fastExhausted')));
  }

  /**
   * An account leaves service (deleted, disabled, moved to another channel): its waiting tasks move
   * to another account or fail with the reason; with `running`, so do the jobs it has in flight.
   */
  releaseAccount(account: AccountSession, reason: string, options: { waiting: boolean; running: boolean }): void {
    const failure = this.wording.say('accountStopped', { reason });
    if (options.waiting) this.relocation.moveWaiting(account, failure);
    if (!options.running) return;
    for (const entry of this.registry.liveEntries()) {
      if (entry.runtime.accountId === account.id && account.queue.isRunning(entry.task.id)) this.lifecycle.fail(entry, failure);
    }
    for (const orphan of this.orphans.ofAccount(account.id)) this.lifecycle.finishOrphan(orphan.id);
  }

  /**
   * After a restart: jobs in flight get their identities and slots back first, then waiting tasks
   * queue again; what finished meanwhile comes from the channels, read back at the first READY.
   */
  async recover(options: RecoverOptions = {}): Promise<void> {
    const waiting: [StoredTask, AccountSession][] = [];
    for (const entry of await this.options.store.listUnfinished()) {
      const account = entry.runtime.accountId ? this.pool.get(entry.runtime.accountId) : undefined;
      if (!account) {
        this.lifecycle.fail(entry, this.wording.say('accountStopped', { reason: 'the account is no longer configured' }));
        continue;
      }
      if (this.resume(entry, account, options) === 'waiting') waiting.push([entry, account]);
    }
    for (const [entry, account] of waiting) {
      if (!account.queue.offer(entry.task.id).accepted) this.lifecycle.fail(entry, this.wording.say('restartQueueFull'));
    }
    await this.rememberRecentEnds();
  }

  /**
   * Cluster mode, an account taken over (its owner died or let it go): its jobs in flight come back
   * as after a restart, and the channels are read back at its first READY. Answers the ids of its
   * tasks not known to be sent: those belong to the account's shared queue.
   */
  async adoptAccount(accountId: string): Promise<string[]> {
    const account = this.pool.get(accountId);
    if (!account) return [];
    const waiting: string[] = [];
    for (const entry of await this.options.store.listUnfinished()) {
      if (entry.runtime.accountId !== accountId || this.registry.liveEntry(entry.task.id)) continue;
      // Not sent, or marked as being sent by the owner that died: the queue sends it, once the
      // channel shows no earlier send of it (TaskRunner).
      if (entry.task.status === 'NOT_START') waiting.push(entry.task.id);
      else this.resume(entry, account, {});
    }
    await this.rememberRecentEnds();
    return waiting;
  }

  /** Cluster mode, an account another instance runs now: its tasks leave memory here, unchanged. */
  dropAccount(accountId: string): void {
    for (const entry of this.registry.liveEntries()) {
      if (entry.runtime.accountId !== accountId) continue;
      this.registry.forget(entry.task.id);
      this.correlation.retire(entry.task.id);
    }
    for (const orphan of this.orphans.ofAccount(accountId)) this.orphans.remove(orphan.id);
  }

  /**
   * Cluster mode: a task from its account's shared queue, read from the store, goes on the account's
   * slots here. False when there is nothing to send (ended, sent already, not an account of ours).
   * A task re-attached at the takeover (it may have left already) is not sent again. `announce`:
   * its NOT_START is told from here (the instance that took the request saved it untold), so that
   * one instance tells every change of a task, in order.
   */
  takeQueued(taskId: string, options: { announce: boolean }): Promise<boolean> {
    return this.registry.oneAtATime(taskId, () => this.take(taskId, options.announce));
  }

  private async take(taskId: string, announce: boolean): Promise<boolean> {
    const entry = await this.options.store.get(taskId);
    const account = entry?.runtime.accountId ? this.pool.get(entry.runtime.accountId) : undefined;
    if (!entry || !account || entry.task.status !== 'NOT_START') return false;
    // Delivered again while it still waits or runs here: the entry in memory is the one to keep.
    if (account.queue.isWaiting(taskId) || account.queue.isRunning(taskId)) return true;
    this.registry.track(entry);
    if (announce) this.options.listener(structuredClone(entry.task));
    if (account.queue.offer(taskId).accepted) return true;
    this.lifecycle.fail(entry, this.wording.say('queueFull'));
    return false;
  }

  /** An unfinished task from the store back in flight: 'waiting' when it was never sent. */
  private resume(entry: StoredTask, account: AccountSession, options: RecoverOptions): 'waiting' | 'resumed' | 'failed' {
    this.registry.track(entry);
    const { task, runtime } = entry;
    // Rows saved before `sentAt` existed: a submitted task was sent by then.
    if (runtime.sentAt === undefined && task.status !== 'NOT_START' && task.status !== 'MODAL') runtime.sentAt = task.startTime ?? task.submitTime;
    const sent = runtime.sentAt !== null && runtime.sentAt !== undefined;
    if (options.jobsLost && (sent || task.status === 'MODAL')) {
      this.lifecycle.fail(entry, this.wording.say('restartLostJob'));
      return 'failed';
    }
    // Not sent, or maybe sent (saved as being sent, then no word): queued again; before sending a
    // maybe-sent one, the runner reads the channel for it.
    if (task.status === 'NOT_START') return 'waiting';
    this.reattach(entry, account);
    return 'resumed';
  }

  private async rememberRecentEnds(): Promise<void> {
    const oldest = this.oldestInFlight();
    if (oldest !== undefined) await new RecentEnds(this.options.store, this.correlation, this.orphans, this.pool, this.timeoutSettings).remember(oldest);
  }

  async close(): Promise<void> {
    this.timeouts.stop();
    await this.registry.flush();
  }

  /** Reads what the account's channels said since its oldest job in flight was sent, through the same matcher. */
  private async readBack(account: AccountSession): Promise<void> {
    const oldest = this.oldestInFlight(account.id);
    if (oldest === undefined) return;
    await account.readBack(oldest - READ_BACK_MARGIN_MS).catch((error: unknown) => {
      this.options.logger.warn({ account: account.id, err: (error as Error).message }, 'reading the channels back failed');
    });
  }

  private oldestInFlight(accountId?: string): number | undefined {
    const mine = (id: string) => accountId === undefined || id === accountId;
    const times = [
      ...this.registry.liveEntries().filter((entry) => !isTerminal(entry.task.status)).flatMap((entry) => claimantOf(entry) ?? []),
      ...this.orphans.all(),
    ].filter((claimant) => mine(claimant.accountId)).map((claimant) => claimant.sentAt);
    return times.length > 0 ? Math.min(...times) : undefined;
  }

  private reattach(entry: StoredTask, account: AccountSession): void {
    const { task, runtime } = entry;
    for (const [kind, value] of [['nonce', runtime.nonce], ['interaction', runtime.interactionId], ['message', runtime.progressMessageId], ['hash', runtime.jobHash]] as const) {
      this.correlation.link(kind, value, task.id);
    }
    if (task.status !== 'MODAL') account.queue.occupy(task.id);
    this.lifecycle.touch(entry);
  }

  /** A cancelled job that Discord runs: Cancel Job once its job id is known (now, or when its messages tell). */
  private stopOnDiscord(entry: StoredTask): void {
    const orphan = this.orphans.get(entry.task.id);
    if (orphan?.wantsStop) void this.runner.stopOrphan(orphan);
  }

  private failTasksOf(account: AccountSession): void {
    const reason = this.wording.say('accountStopped', { reason: account.disabledReason ?? 'stopped' });
    for (const entry of this.registry.liveEntries()) {
      if (entry.runtime.accountId === account.id) this.lifecycle.fail(entry, reason);
    }
    for (const orphan of this.orphans.ofAccount(account.id)) this.lifecycle.finishOrphan(orphan.id);
  }
}
