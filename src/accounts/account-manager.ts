/**
 * The accounts as a managed pool: loaded from the store (seeded from the YAML / environment),
 * added, changed, reconnected and removed at run time. Each change is saved first, then the
 * account's session follows it: fields that need no new connection change in place, a new token,
 * channel or guild (or a reconnect) puts the account on a new session that takes over its queue.
 * In cluster mode the store is shared: the other instances are told to reload the account, and a
 * session starts only on the instance that runs its account.
 */
import type { Logger } from '../lib/logger.js';
import type { AccountConfig } from '../config/schema.js';
import type { AccountPool } from './account-pool.js';
import type { AccountSession } from './account-session.js';
import type { AccountStore } from './account-store.js';
import { accountView, type AccountView } from './account-view.js';
import type { DrawCounter } from './draw-counter.js';
import {
  AccountFieldError, checkNewId, editableFields, fromFields, fromRecord, isTombstone, toRecord, withFields, type AccountTombstone, type ManagedAccount,
} from './managed-account.js';
import { seedAccounts } from './seed-accounts.js';

/** What the task side does when accounts come and go (the accounts never import the tasks). */
export interface AccountHooks {
  /** A session joined the pool (at start or at run time): listen to it. */
  attached(session: AccountSession): void;
  /** A session leaves service: its waiting tasks move away, its running ones fail, as asked. */
  released(session: AccountSession, reason: string, what: { waiting: boolean; running: boolean }): void;
  /** A session is closed for good (deleted, or replaced by a reconnect): stop looking after it. */
  detached(session: AccountSession): void;
}

/** Cluster mode: each session is started by the instance holding its account's lease. */
export interface AccountCluster {
  /** Starts the session when this instance runs its account; elsewhere it waits to be taken over. */
  start(session: AccountSession): void;
  /** The account changed in the shared store: the other instances reload it. */
  changed(id: string): void;
  /** The account is gone: this instance stops running it, if it did. */
  gone(id: string): Promise<void>;
}

export interface AccountManagerOptions {
  store: AccountStore;
  pool: AccountPool;
  draws: DrawCounter;
  newSession(account: ManagedAccount): AccountSession;
  logger: Logger;
  /** Cluster mode. */
  cluster?: AccountCluster;
  now?: () => number;
}

/** An unknown account id (answered as code 3). */
export class AccountNotFoundError extends Error {
  constructor(readonly id: string) {
    super(`no account ${id}`);
  }
}

/** Fields whose change needs a new Discord connection. */
const CONNECTION_FIELDS = ['userToken', 'channelId', 'guildId', 'userAgent', 'dmChannelId'] as const;

export class AccountManager {
  private readonly accounts = new Map<string, ManagedAccount>();
  private hooks: AccountHooks = { attached: () => undefined, released: () => undefined, detached: () => undefined };
  /** Changes run one at a time: two updates of one account never interleave their saves and reconnects. */
  private changes: Promise<unknown> = Promise.resolve();
  private readonly now: () => number;

  constructor(private readonly options: AccountManagerOptions) {
    this.now = options.now ?? Date.now;
    options.pool.setAdmission((session, mode) => {
      const { status, dayDrawLimit, dayRelaxLimit } = session.config;
      if (status === 'LISTEN_ONLY') return false;
      const today = options.draws.todayOf(session.id);
      if (mode === 'RELAX') return dayRelaxLimit < 0 || today.RELAX < dayRelaxLimit;
      return dayDrawLimit < 0 || today.FAST + today.TURBO < dayDrawLimit;
    });
  }

  /** Loads the stored accounts, seeding those of the configuration, and puts a session for each in the pool. */
  async load(configured: readonly AccountConfig[]): Promise<void> {
    const accounts = await seedAccounts(this.options.store, configured, this.now());
    for (const account of accounts) {
      this.accounts.set(account.id, account);
      this.options.pool.add(this.options.newSession(account));
    }
  }

  /** From now on the task side hears of sessions that come and go. */
  setHooks(hooks: AccountHooks): void {
    this.hooks = hooks;
  }

  /** Connects every account; resolves when each has started (or failed to, which is logged). */
  startAll(): Promise<void> {
    return Promise.all(this.options.pool.all().map((session) => this.start(session))).then(() => undefined);
  }

  list(): ManagedAccount[] {
    return [...this.accounts.values()];
  }

  get(id: string): ManagedAccount | undefined {
    return this.accounts.get(id);
  }

  session(id: string): AccountSession | undefined {
    return this.options.pool.get(id);
  }

  /** The account as answers show it: token masked, with its live block. */
  view(account: ManagedAccount): AccountView {
    return accountView(account, this.options.pool.get(account.id), this.options.draws);
  }

  create(body: unknown): Promise<ManagedAccount> {
    return this.serially(async () => {
      const fields = editableFields(body);
      const id = checkNewId((body as { id?: unknown } | undefined)?.id) ?? fields.channelId;
      if (!fields.channelId || !id) throw new AccountFieldError('channelId', 'is required');
      if (!fields.userToken) throw new AccountFieldError('userToken', 'is required');
      this.checkChannelFree(fields.channelId);
      if (this.accounts.has(id)) throw new AccountFieldError('id', `an account ${id} exists already`);
      const account = fromFields(id, fields, this.now());
      await this.options.store.put(toRecord(account));
      this.add(account);
      this.options.cluster?.changed(id);
      this.options.logger.info({ account: id }, 'account created');
      return account;
    });
  }

  /** Applies the fields; a new token, channel or guild, a change from or to DISABLED, or `reconnect` puts it on a new session. */
  update(id: string, body: unknown, reconnect = false): Promise<ManagedAccount> {
    return this.serially(async () => {
      const current = this.accounts.get(id);
      if (!current) throw new AccountNotFoundError(id);
      const fields = editableFields(body);
      if (fields.channelId === '') throw new AccountFieldError('channelId', 'must not be empty');
      if (fields.userToken === '') throw new AccountFieldError('userToken', 'must not be empty');
      if (fields.channelId) this.checkChannelFree(fields.channelId, id);
      const next = withFields(current, fields);
      await this.options.store.put(toRecord(next));
      const relink = await this.follow(current, next, reconnect);
      this.options.cluster?.changed(id);
      this.options.logger.info({ account: id, reconnected: relink }, 'account updated');
      return this.accounts.get(id) as ManagedAccount;
    });
  }

  /** Cluster mode: another instance changed the account in the shared store; this one follows. */
  reload(id: string): Promise<void> {
    return this.serially(async () => {
      const record = await this.options.store.get(id);
      const next = record && !isTombstone(record) ? fromRecord(record) : undefined;
      const current = this.accounts.get(id);
      if (!next) {
        if (current) await this.drop(id);
      } else if (!current) {
        this.add(next);
      } else {
        // A reconnect asked elsewhere changes no field: the owner still takes a new session.
        await this.follow(current, next, true);
      }
    });
  }

  /** Takes the account out of service and out of the store; its waiting tasks move, its running ones fail. */
  remove(id: string): Promise<void> {
    return this.serially(async () => {
      const account = this.accounts.get(id);
      if (!account) throw new AccountNotFoundError(id);
      // A YAML account leaves a tombstone: the next start must not seed it again.
      if (account.origin === 'yaml') await this.options.store.put(toRecord({ id, channelId: account.channelId, deleted: true } satisfies AccountTombstone));
      else await this.options.store.delete(id);
      await this.drop(id);
      this.options.cluster?.changed(id);
      this.options.logger.info({ account: id }, 'account deleted');
    });
  }

  async close(): Promise<void> {
    await this.changes.catch(() => undefined);
    await Promise.all(this.options.pool.all().map((session) => session.close()));
  }

  /** A new account in service (saved already). */
  private add(account: ManagedAccount): void {
    this.accounts.set(account.id, account);
    const session = this.options.newSession(account);
    this.options.pool.add(session);
    this.hooks.attached(session);
    this.begin(session);
  }

  /** The session follows the account's new fields (saved already); true when it took a new session. */
  private async follow(current: ManagedAccount, next: ManagedAccount, reconnect: boolean): Promise<boolean> {
    const disabledChanged = (next.status === 'DISABLED') !== (current.status === 'DISABLED');
    const relink = reconnect || disabledChanged || CONNECTION_FIELDS.some((key) => next[key] !== current[key]);
    const session = this.options.pool.get(current.id);
    if (relink || !session) {
      this.accounts.set(current.id, next);
      await this.relink(session, next, next.channelId !== current.channelId);
    } else {
      this.changeInPlace(current, next, session);
    }
    return relink;
  }

  /** The account out of service (gone from the store already). */
  private async drop(id: string): Promise<void> {
    this.accounts.delete(id);
    const session = this.options.pool.get(id);
    if (session) {
      this.options.pool.remove(session);
      this.hooks.released(session, 'the account was deleted', { waiting: true, running: true });
      await this.retire(session);
    }
    await this.options.cluster?.gone(id);
  }

  /** No other account (than `id`, when it changes its own channel) uses the channel. */
  private checkChannelFree(channelId: string, id?: string): void {
    const other = [...this.accounts.values()].find((account) => account.channelId === channelId && account.id !== id);
    if (other) throw new AccountFieldError('channelId', `account ${other.id} uses channel ${channelId} already`);
  }

  /** Fields that need no new connection: the session's configuration is this very object. */
  private changeInPlace(current: ManagedAccount, next: ManagedAccount, session: AccountSession): void {
    for (const key of Object.keys(current)) if (!(key in next)) delete (current as unknown as Record<string, unknown>)[key];
    Object.assign(current, next);
    session.queue.resize(current.coreSize, current.queueSize);
  }

  /**
   * The account on a new session: it takes over the old one's queue (jobs in flight go on being
   * followed on the new connection), unless the account is disabled now (waiting tasks move, running
   * ones fail) or moved to another channel (its jobs in flight can no longer be followed).
   */
  private async relink(old: AccountSession | undefined, account: ManagedAccount, channelMoved: boolean): Promise<void> {
    const next = this.options.newSession(account);
    if (old) this.options.pool.replace(old, next);
    else this.options.pool.add(next);
    this.hooks.attached(next);
    if (old && account.status === 'DISABLED') {
      this.hooks.released(old, account.disabledReason || 'the account was disabled', { waiting: true, running: true });
    } else if (old) {
      next.queue.adopt(old.queue);
      if (channelMoved) this.hooks.released(next, 'the account moved to another channel', { waiting: false, running: true });
    }
    if (old) await this.retire(old);
    this.begin(next);
  }

  /** An old session: deaf to the task side from now on, then disconnected. */
  private async retire(session: AccountSession): Promise<void> {
    this.hooks.detached(session);
    session.removeAllListeners();
    await session.close().catch((error: unknown) => this.options.logger.warn({ account: session.id, err: (error as Error).message }, 'closing an account failed'));
  }

  /** A new session connects; in cluster mode only where its account is run. */
  private begin(session: AccountSession): void {
    if (this.options.cluster) this.options.cluster.start(session);
    else void this.start(session);
  }

  private start(session: AccountSession): Promise<void> {
    return session.start().catch((error: unknown) => {
      this.options.logger.error({ account: session.id, err: (error as Error).message }, 'account could not start');
    });
  }

  private serially<T>(change: () => Promise<T>): Promise<T> {
    const run = this.changes.catch(() => undefined).then(change);
    this.changes = run;
    return run;
  }
}

