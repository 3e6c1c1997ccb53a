/**
 * Notify hooks that must outlive their instance: every snapshot a notifier accepted and has not
 * delivered yet waits in a Redis hash of that instance (task id → body), the latest per task. Each
 * instance says it is alive; the hooks of one that went quiet are claimed by a survivor, which
 * delivers them instead, after its own older ones of the same task (the notifier keeps the order).
 */
import type { Redis } from 'ioredis';
import type { HookOutbox } from '../tasks/ports.js';
import { notifyRank } from '../tasks/notify-rank.js';
import type { Task } from '../tasks/task.js';

/** Deletes the entry only while it is the snapshot delivered: a newer one waits to go. */
const DONE = `if redis.call('hget', KEYS[1], ARGV[1]) == ARGV[2] then return redis.call('hdel', KEYS[1], ARGV[1]) else return 0 end`;

/**
 * Moves a quiet instance's hooks into the claimer's outbox (an entry the claimer has for the same
 * task is newer: kept) and forgets the instance; answers the moved bodies. Nothing when the instance
 * spoke since the cutoff or another survivor claimed it first.
 * KEYS: members, dead outbox, own outbox; ARGV: dead instance, cutoff.
 */
const CLAIM = `
local seen = redis.call('zscore', KEYS[1], ARGV[1])
if not seen or tonumber(seen) > tonumber(ARGV[2]) then return {} end
redis.call('zrem', KEYS[1], ARGV[1])
local pending = redis.call('hgetall', KEYS[2])
local moved = {}
for i = 1, #pending, 2 do
  if redis.call('hsetnx', KEYS[3], pending[i], pending[i + 1]) == 1 then moved[#moved + 1] = pending[i + 1] end
end
redis.call('del', KEYS[2])
return moved`;

export class RedisHookOutbox implements HookOutbox {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly instanceId: string,
    /** An instance quiet this long is dead: its hooks are claimed. */
    private readonly staleMs: number,
  ) {}

  async put(taskId: string, body: string): Promise<void> {
    await this.redis.hset(this.outboxOf(this.instanceId), taskId, body);
  }

  async done(taskId: string, body: string): Promise<void> {
    await this.redis.eval(DONE, 1, this.outboxOf(this.instanceId), taskId, body);
  }

  /** This instance is alive (every instance says so, whatever its role: each delivers hooks). */
  private async beat(): Promise<void> {
    await this.redis.zadd(this.membersKey, Date.now(), this.instanceId);
  }

  /**
   * Says this instance is alive, then claims what quiet instances left: each snapshot goes to
   * `deliver` unless the task moved on since (whoever moved it tells that). Answers how many it claimed.
   */
  async round(current: (taskId: string) => Promise<Task | undefined>, deliver: (task: Task) => void): Promise<number> {
    await this.beat();
    const claimed = await this.claimDead();
    for (const body of claimed) {
      const task = JSON.parse(body) as Task;
      const now = await current(task.id);
      if (now && notifyRank(now) > notifyRank(task)) await this.done(task.id, body);
      else deliver(task);
    }
    return claimed.length;
  }

  /** The pending hook bodies of every instance that went quiet, now this instance's to deliver. */
  private async claimDead(): Promise<string[]> {
    const cutoff = Date.now() - this.staleMs;
    const quiet = await this.redis.zrangebyscore(this.membersKey, '-inf', cutoff);
    const claimed: string[] = [];
    for (const dead of quiet) {
      if (dead === this.instanceId) continue;
      const moved = await this.redis.eval(CLAIM, 3, this.membersKey, this.outboxOf(dead), this.outboxOf(this.instanceId), dead, cutoff) as string[];
      claimed.push(...moved);
    }
    return claimed;
  }

  private get membersKey(): string {
    return `${this.prefix}cluster:hook-senders`;
  }

  private outboxOf(instanceId: string): string {
    return `${this.prefix}cluster:hook-outbox:${instanceId}`;
  }
}
