/**
 * Sends an interaction so that Discord runs it at most once. When the HTTP answer is lost (5xx,
 * timeout, reset) Discord may have run it anyway, so the gateway decides: INTERACTION_CREATE /
 * SUCCESS, a modal or a message carrying the request's nonce means it went through. Only when a live
 * gateway shows nothing of it for a few seconds is it sent once more, under a new nonce.
 */
import type { Logger } from '../lib/logger.js';
import { nextSnowflake } from '../lib/snowflake.js';
import { mayHaveReachedDiscord } from '../discord/rest/index.js';

/** How long a live gateway gets to show that an unanswered send went through. */
export const EVIDENCE_WINDOW_MS = 5000;
/** The longest wait for the gateway to come back before the send counts as unconfirmed. */
const EVIDENCE_WAIT_CAP_MS = 120_000;
/** The first send and one resend. */
const MAX_SENDS = 2;

/** What the sender needs to know about the gateway: whether it is live, and when that changes. */
export interface GatewayReadiness {
  readonly ready: boolean;
  on(event: 'status', listener: () => void): unknown;
  off(event: 'status', listener: () => void): unknown;
}

export interface SendHooks {
  /** Told each attempt's nonce before it goes out: Discord's answers carry it. */
  onNonce?(nonce: string): void;
  /** Told when an attempt is given up for a resend: a late answer to that nonce belongs to no task. */
  onAbandon?(nonce: string): void;
}

/** Sent, but neither Discord's answer nor the gateway ever confirmed it. */
export class InteractionUnconfirmedError extends Error {
  constructor(readonly nonce: string, cause: unknown) {
    super(`Discord did not confirm the request (${cause instanceof Error ? cause.message : String(cause)}) and the gateway showed nothing of it`, { cause });
    this.name = 'InteractionUnconfirmedError';
  }
}

interface Watch {
  seen: boolean;
  notify: (() => void) | null;
}

export class InteractionSender {
  private readonly watches = new Map<string, Watch>();

  constructor(
    private readonly gateway: GatewayReadiness,
    private readonly logger: Logger,
    private readonly windowMs = EVIDENCE_WINDOW_MS,
  ) {}

  /** Every nonce the gateway shows passes here. */
  observe(nonce: string | undefined): void {
    const watch = nonce === undefined ? undefined : this.watches.get(nonce);
    if (!watch) return;
    watch.seen = true;
    watch.notify?.();
  }

  /** Runs `deliver` with a fresh nonce per attempt; resolves with the nonce Discord took. */
  async send(deliver: (nonce: string) => Promise<void>, hooks: SendHooks = {}): Promise<string> {
    for (let attempt = 1; ; attempt += 1) {
      const nonce = nextSnowflake();
      hooks.onNonce?.(nonce);
      const watch: Watch = { seen: false, notify: null };
      this.watches.set(nonce, watch);
      try {
        await deliver(nonce);
        return nonce;
      } catch (error) {
        if (!mayHaveReachedDiscord(error)) throw error;
        this.logger.warn({ nonce, attempt, err: (error as Error).message }, 'no answer to an interaction: asking the gateway whether it went through');
        if (await this.evidence(watch)) return nonce;
        hooks.onAbandon?.(nonce);
        if (attempt >= MAX_SENDS) throw new InteractionUnconfirmedError(nonce, error);
        this.logger.warn({ nonce }, 'the gateway showed nothing of the interaction: sending it once more with a new nonce');
      } finally {
        this.watches.delete(nonce);
      }
    }
  }

  /** True once the nonce shows up; false after the window of live gateway time (or the cap) passes without it. */
  private evidence(watch: Watch): Promise<boolean> {
    if (watch.seen) return Promise.resolve(true);
    return new Promise((resolve) => {
      let remaining = this.windowMs;
      let armedAt = 0;
      let timer: NodeJS.Timeout | undefined;
      const finish = (seen: boolean) => {
        clearTimeout(timer);
        clearTimeout(cap);
        this.gateway.off('status', onStatus);
        watch.notify = null;
        resolve(seen);
      };
      // The window only runs while the gateway is live: a reconnect may still replay the evidence.
      const onStatus = () => {
        if (this.gateway.ready && !timer) {
          armedAt = Date.now();
          timer = setTimeout(() => finish(false), remaining);
        } else if (!this.gateway.ready && timer) {
          clearTimeout(timer);
          timer = undefined;
          remaining -= Date.now() - armedAt;
        }
      };
      const cap = setTimeout(() => finish(false), EVIDENCE_WAIT_CAP_MS);
      watch.notify = () => finish(true);
      this.gateway.on('status', onStatus);
      onStatus();
    });
  }
}
