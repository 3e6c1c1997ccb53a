/**
 * Sends an interaction so that Discord runs it at most once. When the HTTP answer is lost (5xx,
 * timeout, reset) Discord may have run it anyway, so the gateway decides: INTERACTION_CREATE /
 * SUCCESS, a modal or a message carrying the request's nonce means it went through. Only when a live
 * gateway shows nothing of it for a few seconds is it sent once more, under a new nonce. If a fresh
 * session began meanwhile, nonces said in the gap are lost for good: then the channel is read back
 * before any resend, and an answer to an interaction nobody knows, of the same command (or replying
 * to the clicked message), made after the send, counts too — as does the job's result itself, which
 * the tasks take from that read (a task that ended is not sent again). Wrongly believing a send went
 * through costs a timeout; wrongly sending twice costs a second paid job. A job an earlier owner of
 * the account may have sent (cluster mode: it died in between) is looked for the same way first.
 */
import type { Logger } from '../lib/logger.js';
import { nextSnowflake, snowflakeTime } from '../lib/snowflake.js';
import { mayHaveReachedDiscord } from '../discord/rest/index.js';
import type { MidjourneyEvent } from '../midjourney/events.js';

/** How long a live gateway gets to show that an unanswered send went through. */
export const EVIDENCE_WINDOW_MS = 5000;
/** The longest wait for the gateway to come back before the send counts as unconfirmed. */
const EVIDENCE_WAIT_CAP_MS = 120_000;
/** The first send and one resend. */
const MAX_SENDS = 2;
/** Our clock and Discord's may differ by this much. */
const CLOCK_SKEW_MS = 3000;
/** Interaction ids remembered as ours (answers to them are no evidence for another send). */
const MAX_KNOWN_INTERACTIONS = 10_000;

/** What the sender needs to know about the gateway: whether it is live, and when that changes. */
export interface GatewayReadiness {
  readonly ready: boolean;
  on(event: 'status', listener: () => void): unknown;
  off(event: 'status', listener: () => void): unknown;
}

/** What Discord's answer to the interaction looks like, for the evidence after a fresh session. */
export interface ExpectedAnswer {
  /** The slash command's name (the answer's interaction name). */
  command?: string;
  /** The message a button or modal was on (the answer replies to it). */
  replyTo?: string;
  /** Whether a prompt the answer echoes is the one sent (answers that echo none are no evidence then). */
  echoes?(prompt: string): boolean;
}

export interface SendHooks {
  /**
   * The first attempt's nonce, chosen (and saved) by the caller before the send: after a crash the
   * task still names the nonce Discord may have run, though nothing said between then was kept.
   */
  firstNonce?: string;
  /** Told each attempt's nonce before it goes out: Discord's answers carry it. */
  onNonce?(nonce: string): void;
  /** Told when an attempt is given up for a resend: a late answer to that nonce belongs to no task. */
  onAbandon?(nonce: string): void;
  /**
   * The job may have left at this time already, from an owner of the account that died before it knew
   * (cluster mode): the channel is read back first, and the job is not sent when its answer is there
   * or `progressed()` says the read gave the task its job.
   */
  earlierSend?: { at: number; progressed(): boolean };
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
  sentAt: number;
  expect: ExpectedAnswer;
}

export class InteractionSender {
  private readonly watches = new Map<string, Watch>();
  private readonly knownInteractions = new Set<string>();
  private freshSessionAt = 0;
  /** Looks for earlier sends one at a time: two watches at once would make each answer ambiguous. */
  private earlierChecks: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly gateway: GatewayReadiness,
    /** Reads the account's channels back to a time, feeding what it finds through `observe`. */
    private readonly readBack: (sinceMs: number) => Promise<void>,
    private readonly logger: Logger,
    private readonly windowMs = EVIDENCE_WINDOW_MS,
  ) {}

  /** A READY that was not a resume: whatever was said since the last one may be lost. */
  sessionRestarted(): void {
    this.freshSessionAt = Date.now();
  }

  /** Every event of the account passes here. */
  observe(event: MidjourneyEvent): void {
    const nonce = 'nonce' in event ? event.nonce : undefined;
    const interactionId = 'interactionId' in event ? event.interactionId : undefined;
    if (nonce !== undefined) {
      if (interactionId !== undefined) this.remember(interactionId);
      const watch = this.watches.get(nonce);
      if (watch) this.mark(watch);
      return;
    }
    if (!('messageId' in event) || event.kind === 'message-deleted' || (interactionId !== undefined && this.knownInteractions.has(interactionId))) return;
    const made = snowflakeTime(event.messageId);
    const candidates = [...this.watches.values()].filter((watch) => !watch.seen && this.freshSessionAt > watch.sentAt
      && made >= watch.sentAt - CLOCK_SKEW_MS
      && (watch.expect.echoes === undefined || ('prompt' in event && watch.expect.echoes(event.prompt)))
      && (watch.expect.replyTo !== undefined
        ? event.referencedMessageId === watch.expect.replyTo
        : watch.expect.command !== undefined && event.interactionName === watch.expect.command));
    if (candidates.length === 1 && candidates[0]) this.mark(candidates[0]);
  }

  /**
   * Runs `deliver` with a fresh nonce per attempt; resolves with the nonce Discord took, or undefined
   * when an earlier send (hooks.earlierSend) showed in the channel and nothing was sent.
   */
  async send(deliver: (nonce: string) => Promise<void>, hooks: SendHooks = {}, expect: ExpectedAnswer = {}): Promise<string | undefined> {
    if (hooks.earlierSend && await this.sentEarlier(hooks.earlierSend, expect)) return undefined;
    for (let attempt = 1; ; attempt += 1) {
      const nonce = attempt === 1 && hooks.firstNonce !== undefined ? hooks.firstNonce : nextSnowflake();
      hooks.onNonce?.(nonce);
      const watch: Watch = { seen: false, notify: null, sentAt: Date.now(), expect };
      this.watches.set(nonce, watch);
      try {
        await deliver(nonce);
        return nonce;
      } catch (error) {
        if (!mayHaveReachedDiscord(error)) throw error;
        this.logger.warn({ nonce, attempt, err: (error as Error).message }, 'no answer to an interaction: asking the gateway whether it went through');
        if (await this.evidence(watch) || await this.foundInChannel(watch)) return nonce;
        hooks.onAbandon?.(nonce);
        if (attempt >= MAX_SENDS) throw new InteractionUnconfirmedError(nonce, error);
        this.logger.warn({ nonce }, 'the gateway showed nothing of the interaction: sending it once more with a new nonce');
      } finally {
        this.watches.delete(nonce);
      }
    }
  }

  /** Whether the channel shows an answer to a send made at `earlier.at` (by a session before this one). */
  private sentEarlier(earlier: { at: number; progressed(): boolean }, expect: ExpectedAnswer): Promise<boolean> {
    const check = this.earlierChecks.then(async () => {
      const key = `earlier-${nextSnowflake()}`;
      const watch: Watch = { seen: false, notify: null, sentAt: earlier.at, expect };
      this.watches.set(key, watch);
      try {
        const found = await this.foundInChannel(watch);
        this.logger.info({ sentAt: earlier.at, found: found || earlier.progressed() }, 'looked in the channel for a job an earlier owner may have sent');
        return found || earlier.progressed();
      } finally {
        this.watches.delete(key);
      }
    });
    this.earlierChecks = check.catch(() => undefined);
    return check;
  }

  /** After a fresh session since the send, what the gateway lost may still be in the channel. */
  private async foundInChannel(watch: Watch): Promise<boolean> {
    if (this.freshSessionAt <= watch.sentAt) return false;
    await this.readBack(watch.sentAt - CLOCK_SKEW_MS);
    return watch.seen;
  }

  private mark(watch: Watch): void {
    watch.seen = true;
    watch.notify?.();
  }

  private remember(interactionId: string): void {
    this.knownInteractions.add(interactionId);
    if (this.knownInteractions.size > MAX_KNOWN_INTERACTIONS) {
      const oldest = this.knownInteractions.values().next();
      if (!oldest.done) this.knownInteractions.delete(oldest.value);
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
