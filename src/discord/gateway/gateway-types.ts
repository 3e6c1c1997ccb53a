/** The public shapes of a gateway connection: its status, events, options and the error of a fatal stop. */
import type { Logger } from '../../lib/logger.js';
import type { ReadyData } from '../protocol/index.js';

export enum GatewayStatus {
  Idle = 'idle',
  Connecting = 'connecting',
  Ready = 'ready',
  Resuming = 'resuming',
  /** Waiting before the next reconnect attempt. */
  BackingOff = 'backing-off',
  Stopped = 'stopped',
}

/** How a new socket starts its session: RESUME the old one, or IDENTIFY afresh. */
export type GatewayConnectMode = 'identify' | 'resume';

export interface GatewayDispatchEvent {
  t: string;
  d: unknown;
  s: number | null;
}

export type GatewayEvents = {
  dispatch: [event: GatewayDispatchEvent];
  ready: [data: ReadyData];
  resumed: [];
  /** The socket is being replaced (dropped, op 7, op 9, a zombie); told once per attempt. */
  reconnecting: [mode: GatewayConnectMode];
  status: [status: GatewayStatus, reason: string];
  stopped: [reason: string];
};

export interface GatewayTiming {
  backoffBaseMs: number;
  backoffCapMs: number;
  /** After op 9 d:false Discord asks for a random 1–5 s pause before identifying again. */
  identifyWaitMinMs: number;
  identifyWaitMaxMs: number;
  /** A socket that opens but never says HELLO is treated as dropped. */
  helloTimeoutMs: number;
  handshakeTimeoutMs: number;
}

export interface GatewayOptions {
  /** Bare origin, e.g. wss://gateway.discord.gg; the query is appended here. */
  gatewayUrl: string;
  token: string;
  userAgent?: string;
  locale?: string;
  clientBuildNumber?: number;
  logger?: Logger;
  timing?: Partial<GatewayTiming>;
  /** Source of jitter; tests may pin it. */
  random?: () => number;
}

export const DEFAULT_GATEWAY_TIMING: GatewayTiming = {
  backoffBaseMs: 1000,
  backoffCapMs: 60_000,
  identifyWaitMinMs: 1000,
  identifyWaitMaxMs: 5000,
  helloTimeoutMs: 20_000,
  handshakeTimeoutMs: 15_000,
};

export class GatewayStoppedError extends Error {
  constructor(readonly reason: string) {
    super(`gateway stopped: ${reason}`);
    this.name = 'GatewayStoppedError';
  }
}
