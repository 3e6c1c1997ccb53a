/**
 * Faults on demand, to test how a client copes: dropped sockets, op 7 / op 9, arbitrary close codes,
 * rejected RESUMEs, a slow READY, held or reordered dispatches, 429 / 5xx / reset answers to
 * POST /interactions (before or after Discord processed the interaction), slow channel reads and a
 * CDN outage.
 */
import { GatewayOpcode } from '../discord/protocol/index.js';
import type { CdnStore } from './cdn-store.js';
import type { GatewayServer } from './gateway-server.js';
import type { GatewayFaultPlan } from './gateway-fault-plan.js';
import type { SessionHub } from './gateway-session.js';

export type RateLimitScope = 'user' | 'global' | 'shared';

/**
 * How the REST layer answers an interaction instead of 204. `processed`: the interaction went
 * through (INTERACTION_CREATE, the bot acts) and only the answer is lost, which a client cannot
 * tell from a failure before processing.
 */
export type InteractionFault =
  | { kind: 'rate-limit'; retryAfterSeconds: number; scope: RateLimitScope }
  | { kind: 'server-error'; status: number; processed: boolean }
  | { kind: 'reset'; processed: boolean };

const DEFAULT_RETRY_AFTER_S = 1.5;
const DEFAULT_SERVER_ERROR = 500;
const SERVICE_UNAVAILABLE = 503;

/** The REST side of the faults: the next N interactions get these answers, in order. */
export class InteractionFaultQueue {
  private queue: InteractionFault[] = [];

  push(fault: InteractionFault, count: number): void {
    for (let i = 0; i < count; i += 1) this.queue.push(fault);
  }

  take(): InteractionFault | undefined {
    return this.queue.shift();
  }

  get size(): number {
    return this.queue.length;
  }

  clear(): void {
    this.queue = [];
  }
}

/** The REST side of slow reads: how long a channel's message list takes to answer. */
export class ReadDelay {
  ms = 0;
}

export class SimFaults {
  constructor(
    private readonly gateway: GatewayServer,
    private readonly hub: SessionHub,
    private readonly interactions: InteractionFaultQueue,
    private readonly plan: GatewayFaultPlan,
    private readonly cdn: CdnStore,
    private readonly readDelay: ReadDelay,
  ) {}

  /** Kills the sockets (no close frame) of one user or everyone; sessions stay resumable. Returns the count. */
  dropConnections(userId?: string): number {
    const connections = this.gateway.liveConnections(userId);
    for (const connection of connections) connection.terminate();
    return connections.length;
  }

  /** op 7 RECONNECT. */
  sendReconnect(userId?: string): number {
    const connections = this.gateway.liveConnections(userId);
    for (const connection of connections) connection.sendOp(GatewayOpcode.Reconnect, null);
    return connections.length;
  }

  /** op 9 INVALID_SESSION with `d` = resumable; a non-resumable session is forgotten. */
  sendInvalidSession(resumable: boolean, userId?: string): number {
    const connections = this.gateway.liveConnections(userId);
    for (const connection of connections) connection.invalidate(resumable);
    return connections.length;
  }

  /** Closes with any code; the session stays resumable, except after 4007 / 4009 (Discord ends it). */
  closeConnections(code: number, reason = '', userId?: string): number {
    const connections = this.gateway.liveConnections(userId);
    for (const connection of connections) connection.close(code, reason);
    return connections.length;
  }

  /** Holds every dispatch of the current sessions for `ms`, then sends them in order. */
  holdDispatches(ms: number, userId?: string): void {
    for (const session of this.sessions(userId)) session.hold(ms);
  }

  /** Swaps the next two dispatches of each current session. */
  reorderNextDispatches(userId?: string): void {
    for (const session of this.sessions(userId)) session.reorderNext();
  }

  /** The next `count` POST /interactions get 429 with Retry-After and `retry_after`. */
  rateLimitInteractions(count: number, options: { retryAfterSeconds?: number; scope?: RateLimitScope } = {}): void {
    const fault: InteractionFault = {
      kind: 'rate-limit',
      retryAfterSeconds: options.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_S,
      scope: options.scope ?? 'user',
    };
    this.interactions.push(fault, count);
  }

  /** The next `count` POST /interactions get a 5xx; with `processed` the interaction still went through. */
  failInteractions(count: number, status = DEFAULT_SERVER_ERROR, options: { processed?: boolean } = {}): void {
    this.interactions.push({ kind: 'server-error', status, processed: options.processed ?? false }, count);
  }

  /** Interaction faults not served yet: 0 once the last one answered an interaction. */
  get interactionFaultsLeft(): number {
    return this.interactions.size;
  }

  /** The next `count` POST /interactions lose their connection without an answer (processed or not). */
  resetInteractions(count: number, options: { processed?: boolean } = {}): void {
    this.interactions.push({ kind: 'reset', processed: options.processed ?? false }, count);
  }

  /** The next RESUME of this user (or anyone's) is refused with op 9 d:false; the session and what it buffered are gone. */
  rejectNextResume(userId?: string): void {
    this.plan.rejectNextResume(userId);
  }

  /** The next IDENTIFY of this user (or anyone's) gets its READY only after `ms`; nothing reaches it meanwhile. */
  delayNextReady(ms: number, userId?: string): void {
    this.plan.delayNextReady(ms, userId);
  }

  /** Every GET of a channel's messages answers only after `ms` (0 ends it), with what the channel holds then. */
  slowChannelReads(ms: number): void {
    this.readDelay.ms = ms;
  }

  /** Every CDN and media-host request answers `status` (a file or link outage), until endCdnOutage(). */
  cdnOutage(status = SERVICE_UNAVAILABLE): void {
    this.cdn.startOutage(status);
  }

  endCdnOutage(): void {
    this.cdn.endOutage();
  }

  /** Forgets pending interaction and one-shot gateway faults, and ends slow reads and a CDN outage. */
  reset(): void {
    this.interactions.clear();
    this.readDelay.ms = 0;
    this.plan.clear();
    this.cdn.endOutage();
  }

  private sessions(userId?: string) {
    return userId === undefined ? this.hub.all() : this.hub.ofUser(userId);
  }
}
