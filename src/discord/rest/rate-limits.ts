/**
 * Discord's rate limits as the X-RateLimit-* headers describe them: one bucket per route (method + path with
 * the major id kept), plus the global limit a 429 may announce. Callers wait here before each request.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { IncomingHttpHeaders } from 'node:http';

const MS_PER_SECOND = 1000;

interface Bucket {
  /** Requests left before the reset; Infinity while unknown. */
  remaining: number;
  resetAt: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private globalResetAt = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** Resolves when a request on this route may go; counts it against the bucket. */
  async acquire(route: string, signal: AbortSignal): Promise<void> {
    for (;;) {
      const now = this.now();
      if (this.globalResetAt > now) {
        await sleep(this.globalResetAt - now, undefined, { signal });
        continue;
      }
      const bucket = this.buckets.get(route);
      if (!bucket) return;
      if (bucket.resetAt <= now) {
        this.buckets.delete(route);
        return;
      }
      if (bucket.remaining > 0) {
        bucket.remaining -= 1;
        return;
      }
      await sleep(bucket.resetAt - now, undefined, { signal });
    }
  }

  /** Learns the bucket state from any response's headers. */
  update(route: string, headers: IncomingHttpHeaders): void {
    const remaining = numberHeader(headers, 'x-ratelimit-remaining');
    const resetAfter = numberHeader(headers, 'x-ratelimit-reset-after');
    if (remaining === undefined || resetAfter === undefined) return;
    this.buckets.set(route, { remaining, resetAt: this.now() + resetAfter * MS_PER_SECOND });
  }

  /** After a 429: nothing more on this route (or anywhere, if global) until the wait is over. */
  block(route: string, waitMs: number, global: boolean): void {
    const until = this.now() + waitMs;
    if (global) this.globalResetAt = Math.max(this.globalResetAt, until);
    else this.buckets.set(route, { remaining: 0, resetAt: until });
  }
}

export function numberHeader(headers: IncomingHttpHeaders, name: string): number | undefined {
  const raw = headers[name];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (value === undefined || value.trim() === '') return undefined;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : undefined;
}
