/** X-RateLimit-* headers on every REST answer, counted per user and bucket over a fixed window. */
import { createHash } from 'node:crypto';

export interface RateLimitSettings {
  /** Requests per window a bucket reports as its limit. */
  limit: number;
  windowMs: number;
}

const MS_PER_S = 1000;

export class RateLimitHeaders {
  private readonly windows = new Map<string, { resetAt: number; used: number }>();

  constructor(private readonly settings: RateLimitSettings) {}

  /** Counts one request and returns its headers. The simulator reports limits but never enforces them. */
  next(userKey: string, bucket: string, now = Date.now()): Record<string, string> {
    const key = `${userKey}\u0000${bucket}`;
    let window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      window = { resetAt: now + this.settings.windowMs, used: 0 };
      this.windows.set(key, window);
    }
    window.used += 1;
    return {
      'X-RateLimit-Limit': String(this.settings.limit),
      'X-RateLimit-Remaining': String(Math.max(0, this.settings.limit - window.used)),
      'X-RateLimit-Reset': (window.resetAt / MS_PER_S).toFixed(3),
      'X-RateLimit-Reset-After': ((window.resetAt - now) / MS_PER_S).toFixed(3),
      'X-RateLimit-Bucket': createHash('sha1').update(bucket).digest('hex').slice(0, 32),
    };
  }
}
