/**
 * Faults on demand, to test how a client copes: dropped sockets, op 7 / op 9, arbitrary close codes,
 * held or reordered dispatches, 429 / 5xx answers to POST /interactions, and a CDN outage.
 */
import { GatewayOpcode } from '../discord/protocol/index.js';
import type { CdnStore } from './cdn-store.js';
import type { GatewayServer } from './gateway-server.js';
import type { SessionHub } from './gateway-session.js';

export type RateLimitScope = 'user' | 'global' | 'shared';

/** How the REST layer answers an interaction instead of accepting it. */
export type InteractionFault =
  | { kind: 'rate-limit'; retryAfterSeconds: number; scope: RateLimitScope }
  | { kind: 'server-error'; status: number };

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

  clear(): void {
    this.queue = [];
  }
}

export class SimFaults {
  constructor(
    private readonly gateway: GatewayServer,
    private readonly hub: SessionHub,
    private readonly interactions: InteractionFaultQueue,
    private readonly cdn: CdnStore,
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

  /** Closes with any code (e.g. 4000, 4009); the session stays resumable. */
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

  /** The next `count` POST /interactions get a 5xx. */
  failInteractions(count: number, status = DEFAULT_SERVER_ERROR): void {
    this.interactions.push({ kind: 'server-error', status }, count);
  }

  /** Every CDN and media-host request answers `status` (a file or link outage), until endCdnOutage(). */
  cdnOutage(status = SERVICE_UNAVAILABLE): void {
    this.cdn.startOutage(status);
  }

  endCdnOutage(): void {
    this.cdn.endOutage();
  }

  /** Forgets pending interaction faults and ends a CDN outage. */
  reset(): void {
    this.interactions.clear();
    this.cdn.endOutage();
  }

  private sessions(userId?: string) {
    return userId === undefined ? this.hub.all() : this.hub.ofUser(userId);
  }
}
