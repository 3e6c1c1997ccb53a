/**
 * What every instance knows of the others, through Redis: which instances that run accounts are
 * alive (a heartbeat each), and how each account is doing on the instance that runs it (status,
 * slots, backlog), so that any instance picks accounts for new tasks as the owner would.
 */
import type { Redis } from 'ioredis';
import type { AccountPresence } from '../accounts/account-pool.js';

/** What an owner says of one of its accounts, and when. */
export interface AccountSnapshot extends AccountPresence {
  accountId: string;
  owner: string;
  at: number;
}

/** Told of an account nobody runs (or whose owner went quiet): it takes no work. */
const UNOWNED: AccountPresence = { status: 'unowned', usable: false, ready: false, running: 0, queued: 0, backlog: 0 };

export class ClusterDirectory {
  private snapshots = new Map<string, AccountSnapshot>();

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly instanceId: string,
    /** A heartbeat or snapshot older than this is a dead instance's. */
    private readonly staleMs: number,
  ) {}

  /** This instance runs accounts and is alive. */
  async beat(): Promise<void> {
    const now = Date.now();
    await this.redis.multi()
      .zadd(this.instancesKey, now, this.instanceId)
      .zremrangebyscore(this.instancesKey, '-inf', now - this.staleMs * 10)
      .exec();
  }

  /** How many instances that run accounts are alive (this one included once it beat). */
  async liveWorkers(): Promise<number> {
    return this.redis.zcount(this.instancesKey, Date.now() - this.staleMs, '+inf');
  }

  async publish(snapshots: readonly AccountSnapshot[]): Promise<void> {
    if (snapshots.length === 0) return;
    const fields = snapshots.flatMap((snapshot) => [snapshot.accountId, JSON.stringify(snapshot)]);
    await this.redis.hset(this.accountsKey, ...fields);
  }

  /** Reads every account's snapshot; presence() answers from what was read last. */
  async refresh(): Promise<void> {
    const all = await this.redis.hgetall(this.accountsKey);
    this.snapshots = new Map(Object.entries(all).map(([id, json]) => [id, JSON.parse(json) as AccountSnapshot]));
  }

  /** The account as its owner last said, or unowned when no live owner spoke lately. */
  presence(accountId: string): AccountPresence {
    const snapshot = this.snapshots.get(accountId);
    if (!snapshot || Date.now() - snapshot.at > this.staleMs) return UNOWNED;
    return snapshot;
  }

  /** A clean stop: no longer counted among the instances that run accounts. */
  async leave(accountIds: readonly string[]): Promise<void> {
    const multi = this.redis.multi().zrem(this.instancesKey, this.instanceId);
    if (accountIds.length > 0) multi.hdel(this.accountsKey, ...accountIds);
    await multi.exec();
  }

  private get instancesKey(): string {
    return `${this.prefix}cluster:instances`;
  }

  private get accountsKey(): string {
    return `${this.prefix}cluster:accounts`;
  }
}
