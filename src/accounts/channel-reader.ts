/**
 * Reads an account's channels back in time over REST: what Discord said while no socket listened
 * (a session that was not resumed, a restart, a silent task). Newest first from Discord, paged with
 * `before` until the oldest message of interest; handed on oldest first. One read per account at a
 * time: a request during a read widens the next one instead of starting a second.
 */
import type { Logger } from '../lib/logger.js';
import { snowflakeTime } from '../lib/snowflake.js';
import type { Message } from '../discord/protocol/index.js';

/** Discord's largest page. */
const PAGE_SIZE = 100;
/** A read never goes further back than this many pages per channel. */
const MAX_PAGES = 20;

export interface MessageSource {
  listMessages(channelId: string, query: { limit: number; before?: string }): Promise<Message[]>;
}

export class ChannelReader {
  private running: Promise<void> | null = null;
  /** The read that follows the running one, and the oldest time asked of it. */
  private queued: Promise<void> | null = null;
  private queuedSince = Number.POSITIVE_INFINITY;

  constructor(
    private readonly source: MessageSource,
    private readonly channels: () => string[],
    private readonly feed: (message: Message) => void,
    private readonly logger: Logger,
  ) {}

  /** Reads every channel back to `sinceMs` and feeds what it finds; resolves when that is done. */
  readBack(sinceMs: number): Promise<void> {
    if (!this.running && !this.queued) return this.start(sinceMs);
    this.queuedSince = Math.min(this.queuedSince, sinceMs);
    this.queued ??= (this.running ?? Promise.resolve()).then(() => {
      const since = this.queuedSince;
      this.queued = null;
      this.queuedSince = Number.POSITIVE_INFINITY;
      return this.start(since);
    });
    return this.queued;
  }

  private start(sinceMs: number): Promise<void> {
    const run: Promise<void> = this.readAll(sinceMs).finally(() => {
      if (this.running === run) this.running = null;
    });
    this.running = run;
    return run;
  }

  private async readAll(sinceMs: number): Promise<void> {
    for (const channelId of new Set(this.channels())) {
      try {
        const messages = await this.readChannel(channelId, sinceMs);
        for (const message of messages.reverse()) this.feed(message);
      } catch (error) {
        this.logger.warn({ channelId, err: (error as Error).message }, 'reading a channel back failed');
      }
    }
  }

  /** Messages newer than `sinceMs`, newest first. */
  private async readChannel(channelId: string, sinceMs: number): Promise<Message[]> {
    const found: Message[] = [];
    let before: string | undefined;
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const batch = await this.source.listMessages(channelId, before ? { limit: PAGE_SIZE, before } : { limit: PAGE_SIZE });
      const recent = batch.filter((message) => snowflakeTime(message.id) >= sinceMs);
      found.push(...recent);
      const oldest = batch.at(-1);
      if (batch.length < PAGE_SIZE || !oldest || recent.length < batch.length) break;
      before = oldest.id;
    }
    return found;
  }
}
