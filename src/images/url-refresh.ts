/**
 * Fresh signed links for expired Discord attachment URLs, through Discord's own refresh endpoint.
 * Polling clients ask for the same task many times a second: one call per URL is in flight at a time.
 */
import type { Logger } from '../lib/logger.js';

/** Discord's `POST /attachments/refresh-urls` through some account: asked URL → fresh URL, for those it refreshed. */
export type AttachmentRefresher = (urls: readonly string[]) => Promise<ReadonlyMap<string, string>>;

/** Discord refreshes at most this many URLs per call. */
export const REFRESH_BATCH = 50;
const DEFAULT_TIMEOUT_MS = 5000;

export class UrlRefresher {
  private readonly inFlight = new Map<string, Promise<string | undefined>>();

  constructor(
    private readonly refresh: AttachmentRefresher,
    private readonly logger: Logger,
    /** Bound of one refresh call: a fetch waits at most this long for fresh links. */
    private readonly timeoutMs = DEFAULT_TIMEOUT_MS,
  ) {}

  /** The URLs Discord refreshed (others are left out); never throws. */
  async refreshAll(urls: readonly string[]): Promise<Map<string, string>> {
    const wanted = [...new Set(urls)];
    const notAsked = wanted.filter((url) => !this.inFlight.has(url));
    for (let start = 0; start < notAsked.length; start += REFRESH_BATCH) {
      const batch = notAsked.slice(start, start + REFRESH_BATCH);
      const answer = this.call(batch);
      for (const url of batch) {
        const fresh = answer.then((refreshed) => refreshed.get(url));
        this.inFlight.set(url, fresh);
        void fresh.finally(() => this.inFlight.delete(url));
      }
    }
    const pending = wanted.map(async (url) => [url, await this.inFlight.get(url)] as const);
    const results = await Promise.all(pending);
    return new Map(results.filter((result): result is readonly [string, string] => result[1] !== undefined));
  }

  private async call(batch: string[]): Promise<ReadonlyMap<string, string>> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${this.timeoutMs} ms`)), this.timeoutMs);
    });
    try {
      return await Promise.race([this.refresh(batch), timeout]);
    } catch (error) {
      this.logger.warn({ urls: batch.length, err: (error as Error).message }, 'refreshing expired Discord links failed');
      return new Map();
    } finally {
      clearTimeout(timer);
    }
  }
}
