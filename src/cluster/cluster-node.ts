/**
 * This instance's part in the cluster. Every second it renews the leases of the accounts it runs
 * (an account whose lease lapsed is let go at once); in a round of its own it takes free accounts
 * up to a fair share of the live instances, lets an idle surplus account go, and says how its
 * accounts are doing. Taking an account over means: a fresh session, the account's tasks in flight
 * back from the store (their results are caught up from the channel at the first READY), then
 * working its shared queue.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { ChangeHub } from '../lib/change-hub.js';
import { deferred } from '../lib/deferred.js';
import type { Logger } from '../lib/logger.js';
import type { AccountCluster } from '../accounts/account-manager.js';
import type { AccountPool, AccountPresence } from '../accounts/account-pool.js';
import type { OfferResult } from '../accounts/account-queue.js';
import type { SubmitAnswer } from '../tasks/api-port.js';
import type { AccountSession } from '../accounts/account-session.js';
import type { TaskHandOff } from '../tasks/ports.js';
import type { SendGate } from '../tasks/task-runner.js';
import type { TaskSystem } from '../tasks/task-system.js';
import { FencedOutError, type StoredTask, type Task, type TaskStore } from '../tasks/task.js';
import type { AccountLeases } from './account-leases.js';
import type { AccountQueues } from './account-queues.js';
import type { ChangeRelay } from './change-relay.js';
import { fencedStore } from './fenced-store.js';
import type { AccountSnapshot, ClusterDirectory } from './directory.js';
import type { RedisHookOutbox } from './hook-outbox.js';

const TICK_MS = 1000;
/** An owner's answer (an image seed: /show, a reaction, a DM) takes up to a minute on its side. */
const OWNER_ANSWER_WAIT_MS = 75_000;

export interface ClusterNodeParts {
  /** all: runs accounts; api: answers the API only. */
  role: 'all' | 'api';
  pool: AccountPool;
  /** A new session (not started) in the pool in place of `old`, listened to as any: an account taken over a second time. */
  replaceSession(old: AccountSession): AccountSession;
  /** Changes made here: told to the other instances (and a queued task's job is complete once it left NOT_START). */
  localChanges: ChangeHub<Task>;
  /** Every change, made here or elsewhere: what the live streams follow. */
  feed: ChangeHub<Task>;
  /** Hands a hook snapshot claimed from a dead instance to this instance's notifier. */
  redeliver(task: Task): void;
  /** Another instance changed the account in the shared store: this one follows (AccountManager.reload). */
  reloadAccount(accountId: string): Promise<void>;
  logger: Logger;
}

export class ClusterNode {
  private system: TaskSystem | undefined;
  private readonly stopping = new AbortController();
  private loopDone: Promise<void> = Promise.resolve();
  /** Accounts run here now: lease held, session started, queue worked. */
  private readonly running = new Set<string>();
  /** Sessions that were started once (a session is started once; a second takeover gets a new one). */
  private readonly started = new WeakSet<AccountSession>();

  constructor(
    private readonly parts: ClusterNodeParts,
    private readonly leases: AccountLeases,
    private readonly directory: ClusterDirectory,
    private readonly queues: AccountQueues,
    private readonly relay: ChangeRelay,
    private readonly outbox: RedisHookOutbox,
  ) {}

  get instanceId(): string {
    return this.leases.instanceId;
  }

  /** What the task service hands to the cluster: new work to the account's shared queue, cancels to its owner. */
  readonly handOff: TaskHandOff = {
    room: (accountId) => this.room(accountId),
    send: (entry) => this.queues.add(entry.runtime.accountId ?? '', entry.task.id),
    cancelElsewhere: (entry) => this.cancelElsewhere(entry),
    seedElsewhere: (entry, timedOut) => this.seedElsewhere(entry, timedOut),
  };

  /** Before a job leaves: the account is still ours, and the store knows the task is being sent. */
  readonly sendGate: SendGate = async (entry) => {
    const accountId = entry.runtime.accountId ?? '';
    if (!this.leases.holds(accountId) || !(await this.leases.mayWrite(accountId))) throw new FencedOutError(`account ${accountId}`);
    await this.tasks().registry.commit(entry, { notify: false });
    if (!this.leases.holds(accountId)) throw new FencedOutError(`account ${accountId}`);
  };

  /** What the account manager needs: sessions start where their account runs, changes are told to the others. */
  readonly accounts: AccountCluster = {
    start: (session) => this.startSession(session),
    changed: (accountId) => {
      this.relay.publishAccountChange(accountId).catch((error: unknown) => {
        this.parts.logger.warn({ account: accountId, err: (error as Error).message }, 'telling the cluster of an account change failed');
      });
    },
    gone: (accountId) => this.accountGone(accountId),
  };

  /** Cluster presence for the pool: undefined for an account run here. */
  readonly presence = (accountId: string): AccountPresence | undefined =>
    (this.running.has(accountId) ? undefined : this.directory.presence(accountId));

  /** The store whose saves carry the account's fencing token; a save refused stops the account here. */
  fenced(store: TaskStore): TaskStore {
    return fencedStore(store, (accountId) => this.leases.tokenOf(accountId), (accountId) => {
      this.lose(accountId).catch((error: unknown) => this.parts.logger.warn({ account: accountId, err: (error as Error).message }, 'stopping a fenced-out account failed'));
    });
  }

  /** Joins: listens to the others, then starts taking accounts (role all). */
  async start(tasks: TaskSystem): Promise<void> {
    this.system = tasks;
    this.parts.localChanges.subscribeAll((task) => {
      this.parts.feed.publish(task);
      this.relay.publishChange(task);
    });
    await this.relay.start({
      onRemoteChange: (task) => this.parts.feed.publish(task),
      onQuestion: (question) => this.tasks().service.imageSeed(question.taskId),
      onAccountChange: (accountId) => {
        this.parts.reloadAccount(accountId).catch((error: unknown) => {
          this.parts.logger.warn({ account: accountId, err: (error as Error).message }, 'reloading an account changed elsewhere failed');
        });
      },
      onCancel: (taskId) => {
        this.tasks().service.cancel(taskId).catch((error: unknown) => {
          this.parts.logger.warn({ taskId, err: (error as Error).message }, 'a cancel asked by another instance failed');
        });
      },
    });
    await this.round();
    // Renewals have a loop of their own: a slow round (taking an account over reads the store) never delays them.
    this.loopDone = Promise.all([this.every(() => this.renewAll()), this.every(() => this.round()), this.every(() => this.hooksRound())])
      .then(() => undefined);
  }

  /** Stops taking work: no more ticks, the queues are no longer worked here. */
  async stopWork(): Promise<void> {
    this.stopping.abort();
    await this.loopDone;
    await this.queues.close();
  }

  /** Lets every account go (after the tasks' writes are flushed and the sessions closed). */
  async close(): Promise<void> {
    const ids = [...this.running];
    this.running.clear();
    await Promise.all(ids.map((id) => this.leases.release(id)));
    await this.directory.leave(ids);
  }

  private tasks(): TaskSystem {
    if (!this.system) throw new Error('the cluster node is not started');
    return this.system;
  }

  /** Runs `step` every TICK_MS until the node stops, one run at a time. */
  private async every(step: () => Promise<void>): Promise<void> {
    const { signal } = this.stopping;
    while (!signal.aborted) {
      await sleep(TICK_MS, undefined, { signal }).catch(() => undefined);
      if (signal.aborted) return;
      await step().catch((error: unknown) => this.parts.logger.warn({ err: (error as Error).message }, 'a cluster round failed'));
    }
  }

  private async renewAll(): Promise<void> {
    for (const id of [...this.running]) {
      if (!(await this.leases.renew(id))) await this.lose(id);
    }
  }

  private async round(): Promise<void> {
    if (this.parts.role === 'all') {
      await this.directory.beat();
      await this.balance();
    }
    await this.directory.publish(await Promise.all([...this.running].map((id) => this.snapshot(id))));
    await this.directory.refresh();
  }

  /** Says this instance still delivers its hooks, and delivers those of instances that went quiet. */
  private async hooksRound(): Promise<void> {
    const claimed = await this.outbox.round((taskId) => this.tasks().registry.getTask(taskId), this.parts.redeliver);
    if (claimed > 0) this.parts.logger.info({ hooks: claimed }, 'delivering the hooks of an instance that died');
  }

  /** Free accounts up to a fair share of the live instances; one idle account over the share is let go. */
  private async balance(): Promise<void> {
    const accounts = this.parts.pool.all().filter((session) => session.config.enable).map((session) => session.id);
    const fair = Math.ceil(accounts.length / Math.max(1, await this.directory.liveWorkers()));
    if (this.running.size > fair) {
      const idle = [...this.running].find((id) => this.isIdle(id));
      if (idle) await this.letGo(idle);
      return;
    }
    if (this.running.size >= fair) return;
    const owners = await this.leases.owners(accounts);
    for (const id of accounts) {
      if (this.running.size >= fair) return;
      if (owners.get(id) === undefined) await this.take(id);
    }
  }

  private async take(accountId: string): Promise<void> {
    const token = await this.leases.acquire(accountId);
    if (token === undefined) return;
    this.running.add(accountId);
    try {
      const session = this.freshSession(accountId);
      const waiting = await this.tasks().adoptAccount(accountId);
      await this.queues.ensure(accountId, waiting);
      this.queues.work(accountId, session.config.coreSize, (taskId, first) => this.runQueued(taskId, first));
      this.startSession(session);
      this.parts.logger.info({ account: accountId, fencingToken: token, instance: this.instanceId }, 'running the account');
    } catch (error) {
      this.parts.logger.error({ account: accountId, err: (error as Error).message }, 'taking the account over failed');
      await this.letGo(accountId);
    }
  }

  /** A session of an account run here starts (once); any other waits for whoever takes the account. */
  private startSession(session: AccountSession): void {
    if (!this.running.has(session.id) || this.started.has(session)) return;
    this.started.add(session);
    session.start().catch((error: unknown) => this.parts.logger.error({ account: session.id, err: (error as Error).message }, 'account could not start'));
  }

  /** A deleted account: stop running it here and free its lease. */
  private async accountGone(accountId: string): Promise<void> {
    if (!this.running.has(accountId)) return;
    await this.stopRunning(accountId);
    await this.leases.release(accountId);
  }

  /** The lease lapsed, another instance holds it, or the store refused a write: stop at once, write nothing more. */
  private async lose(accountId: string): Promise<void> {
    if (!this.running.has(accountId)) return;
    this.parts.logger.warn({ account: accountId }, 'the account lease was lost: another instance runs it now');
    await this.stopRunning(accountId);
  }

  private async letGo(accountId: string): Promise<void> {
    await this.stopRunning(accountId);
    await this.tasks().registry.flush();
    await this.leases.release(accountId);
    this.parts.logger.info({ account: accountId }, 'account let go for another instance');
  }

  private async stopRunning(accountId: string): Promise<void> {
    this.running.delete(accountId);
    await this.queues.stop(accountId);
    await this.parts.pool.get(accountId)?.close();
    this.tasks().dropAccount(accountId);
  }

  /** The pool's session for the account, or a new one in its place when that one ran before. */
  private freshSession(accountId: string): AccountSession {
    const current = this.parts.pool.get(accountId);
    if (!current) throw new Error(`account ${accountId} is not configured here`);
    if (!this.started.has(current)) return current;
    return this.parts.replaceSession(current);
  }

  private isIdle(accountId: string): boolean {
    const queue = this.parts.pool.get(accountId)?.queue;
    return queue !== undefined && queue.runningCount === 0 && queue.waitingCount === 0;
  }

  /** A job of the account's shared queue: complete once its task left NOT_START (sent, or ended). */
  private async runQueued(taskId: string, first: boolean): Promise<void> {
    const left = deferred<void>();
    const unsubscribe = this.parts.localChanges.subscribe(taskId, (task) => {
      if (task.status !== 'NOT_START') left.resolve();
    });
    try {
      if (await this.tasks().takeQueued(taskId, { announce: first })) await left.promise;
    } finally {
      unsubscribe();
    }
  }

  private async snapshot(accountId: string): Promise<AccountSnapshot> {
    const session = this.parts.pool.get(accountId) as AccountSession;
    const { queue } = session;
    const shared = await this.queues.waiting(accountId);
    return {
      accountId, owner: this.instanceId, at: Date.now(),
      status: session.status, usable: session.usable, ready: session.ready,
      running: queue.runningCount, queued: queue.waitingCount + shared,
      backlog: queue.runningCount + queue.waitingCount + shared - session.config.coreSize,
    };
  }

  /** Room on the account's shared queue: full at queueSize waiting, started at once when a slot is free. */
  private async room(accountId: string): Promise<OfferResult> {
    const session = this.parts.pool.get(accountId);
    if (!session) return { accepted: false };
    const waiting = await this.queues.waiting(accountId);
    if (waiting >= session.config.queueSize) return { accepted: false };
    return { accepted: true, ahead: waiting, started: waiting === 0 && this.parts.pool.presenceOf(session).backlog < 0 };
  }

  private async cancelElsewhere(entry: StoredTask): Promise<boolean> {
    const owner = await this.ownerElsewhere(entry);
    if (owner === undefined) return false;
    await this.relay.askCancel(owner, entry.task.id);
    return true;
  }

  private async seedElsewhere(entry: StoredTask, timedOut: SubmitAnswer): Promise<SubmitAnswer | undefined> {
    const owner = await this.ownerElsewhere(entry);
    if (owner === undefined) return undefined;
    return this.relay.ask(owner, { kind: 'image-seed', taskId: entry.task.id }, OWNER_ANSWER_WAIT_MS, timedOut);
  }

  /** The instance running the task's account, when that is another one. */
  private async ownerElsewhere(entry: StoredTask): Promise<string | undefined> {
    const accountId = entry.runtime.accountId;
    if (!accountId || this.running.has(accountId)) return undefined;
    const owner = (await this.leases.owners([accountId])).get(accountId);
    return owner === this.instanceId ? undefined : owner;
  }
}
