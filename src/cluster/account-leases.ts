/**
 * Which instance runs which Discord account: a Redis key per account holding "<instance>:<token>"
 * with a time to live, renewed while the owner lives. Each acquisition draws a new fencing token
 * from a counter that only grows, so a write can be checked against the token now in force.
 * The owner counts its lease as held only until a safety margin before Redis would drop it, measured
 * from when it asked (Redis counts from later), so a paused owner stops writing before a successor
 * can start.
 */
import type { Redis } from 'ioredis';

/** A dead owner's accounts are free this long after its last renewal. */
export const LEASE_TTL_MS = 5000;
/** The owner stops counting on its lease this long before Redis would drop it. */
const SAFETY_MS = 1000;

/** Sets the lease if nobody holds it, with the next fencing token; answers the token, or 0. */
const ACQUIRE = `
if redis.call('exists', KEYS[1]) == 1 then return 0 end
local token = redis.call('incr', KEYS[2])
redis.call('set', KEYS[1], ARGV[1] .. ':' .. token, 'PX', ARGV[2])
return token`;
/** Extends or deletes the lease only while it is still ours. */
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

interface Held {
  /** The lease key's value: "<instance>:<token>". */
  value: string;
  token: number;
  validUntil: number;
}

/** The instance named in a lease value. */
export const ownerOf = (value: string): string => value.slice(0, value.lastIndexOf(':'));

export class AccountLeases {
  private readonly held = new Map<string, Held>();
  /** The last token drawn per account, kept after the lease is lost: a late write still carries it and is refused. */
  private readonly lastTokens = new Map<string, number>();

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    readonly instanceId: string,
    private readonly ttlMs = LEASE_TTL_MS,
  ) {}

  /** Takes the account if nobody holds it; answers the fencing token, or undefined. */
  async acquire(accountId: string): Promise<number | undefined> {
    const asked = Date.now();
    const token = Number(await this.redis.eval(ACQUIRE, 2, this.key(accountId), this.fenceKey(accountId), this.instanceId, this.ttlMs));
    if (!token) return undefined;
    this.held.set(accountId, { value: `${this.instanceId}:${token}`, token, validUntil: asked + this.ttlMs - SAFETY_MS });
    this.lastTokens.set(accountId, token);
    return token;
  }

  /** Extends a held lease; false (and no longer held) when another instance took it or it lapsed. */
  async renew(accountId: string): Promise<boolean> {
    const held = this.held.get(accountId);
    if (!held) return false;
    const asked = Date.now();
    const renewed = Number(await this.redis.eval(RENEW, 1, this.key(accountId), held.value, this.ttlMs)) === 1;
    if (renewed) held.validUntil = asked + this.ttlMs - SAFETY_MS;
    else this.held.delete(accountId);
    return renewed;
  }

  async release(accountId: string): Promise<void> {
    const held = this.held.get(accountId);
    this.held.delete(accountId);
    if (held) await this.redis.eval(RELEASE, 1, this.key(accountId), held.value);
  }

  /** Held, by this instance's own clock (no round trip). */
  holds(accountId: string): boolean {
    const held = this.held.get(accountId);
    return held !== undefined && Date.now() < held.validUntil;
  }

  /** The fencing token this instance last drew for the account (held or not), for the store's conditional writes. */
  tokenOf(accountId: string): number | undefined {
    return this.lastTokens.get(accountId);
  }

  heldIds(): string[] {
    return [...this.held.keys()];
  }

  /** The fencing check: false when the token in force is not ours (another instance took the account). */
  async mayWrite(accountId: string): Promise<boolean> {
    const current = await this.redis.get(this.key(accountId));
    return current === null || current === this.held.get(accountId)?.value;
  }

  /** Each account's owner (instance id), or undefined when nobody holds it. */
  async owners(accountIds: readonly string[]): Promise<Map<string, string | undefined>> {
    if (accountIds.length === 0) return new Map();
    const values = await this.redis.mget(accountIds.map((id) => this.key(id)));
    return new Map(accountIds.map((id, index) => {
      const value = values[index];
      return [id, value ? ownerOf(value) : undefined];
    }));
  }

  private key(accountId: string): string {
    return `${this.prefix}cluster:lease:${accountId}`;
  }

  private fenceKey(accountId: string): string {
    return `${this.prefix}cluster:fence:${accountId}`;
  }
}
