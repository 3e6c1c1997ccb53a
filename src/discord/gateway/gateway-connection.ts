/**
 * One gateway connection of one user account, as a browser keeps it: zlib-stream frames, heartbeats with a
 * zombie check, resume whenever the session survives, and reconnection forever unless the close code says
 * reconnecting cannot help (see close-codes.ts).
 */
import { EventEmitter } from 'node:events';
import { deferred, type Deferred } from '../../lib/deferred.js';
import { backoffDelay } from '../../lib/backoff.js';
import { silentLogger, type Logger } from '../../lib/logger.js';
import { SlicedWork } from '../../lib/sliced-work.js';
import {
  buildSuperProperties,
  GatewayDispatch,
  GatewayOpcode,
  type GatewayPayload,
  type HelloData,
  type IdentifyProperties,
  type ReadyData,
} from '../protocol/index.js';
import { closeAction, CloseAction } from './close-codes.js';
import { heartbeatPayload, identifyPayload, resumePayload } from './identify.js';
import { GatewaySocket } from './gateway-socket.js';
import {
  DEFAULT_GATEWAY_TIMING,
  GatewayStatus,
  GatewayStoppedError,
  type GatewayConnectMode as ConnectMode,
  type GatewayDispatchEvent,
  type GatewayEvents,
  type GatewayOptions,
  type GatewayTiming,
} from './gateway-types.js';
import { Heartbeat } from './heartbeat.js';

/** Close codes we send: 1000 ends the session for good; any 4xxx keeps it resumable on Discord's side. */
const CLOSE_NORMAL = 1000;
const CLOSE_KEEP_SESSION = 4900;

/**
 * The dispatches of every connection of the process are told to listeners in arrival order, a few
 * ms at a time (none kept back longer than DISPATCH_MAX_WAIT_MS): with hundreds of accounts busy, a
 * burst of events would otherwise hold the event loop (heartbeat timers, HTTP answers) for its whole
 * length. The connection's own state (sequence, session, heartbeat) follows each payload at once.
 */
const DISPATCH_SLICE_MS = 5;
const DISPATCH_MAX_WAIT_MS = 200;
const dispatches = new SlicedWork(DISPATCH_SLICE_MS, DISPATCH_MAX_WAIT_MS, (error) => {
  // Each job catches what its listeners throw; reaching here is a bug.
  process.emitWarning(`gateway dispatch handling failed: ${error instanceof Error ? error.message : String(error)}`);
});

export class GatewayConnection extends EventEmitter<GatewayEvents> {
  private currentStatus = GatewayStatus.Idle;
  private reasonStopped: string | null = null;
  private socket: GatewaySocket | null = null;
  private session: { id: string; resumeUrl: string } | null = null;
  private seq: number | null = null;
  private reconnectTimer: NodeJS.Timeout | undefined;
  /** Consecutive reconnects without reaching READY/RESUMED; drives the backoff. */
  private attempts = 0;
  private firstReady: Deferred<ReadyData> | null = null;
  private readonly heartbeat: Heartbeat;
  private readonly timing: GatewayTiming;
  private readonly logger: Logger;
  private readonly random: () => number;
  private readonly properties: IdentifyProperties;

  constructor(private readonly options: GatewayOptions) {
    super();
    this.timing = { ...DEFAULT_GATEWAY_TIMING, ...options.timing };
    this.logger = options.logger ?? silentLogger;
    this.random = options.random ?? Math.random;
    const { userAgent, locale, clientBuildNumber } = options;
    this.properties = buildSuperProperties({ userAgent, locale, clientBuildNumber });
    this.heartbeat = new Heartbeat({
      beat: () => this.socket?.send(heartbeatPayload(this.seq)),
      onZombie: () => this.reconnect('resume', 'heartbeat not acknowledged (zombie connection)', true),
      random: this.random,
    });
  }

  get status(): GatewayStatus {
    return this.currentStatus;
  }

  /** Why the connection stopped, once it has. */
  get stopReason(): string | null {
    return this.reasonStopped;
  }

  /** The gateway session id, which interactions must carry; null before the first READY. */
  get sessionId(): string | null {
    return this.session?.id ?? null;
  }

  get lastSequence(): number | null {
    return this.seq;
  }

  /** Starts the connection; resolves at the first READY, rejects if it stops for good before that. */
  connect(): Promise<ReadyData> {
    if (this.currentStatus !== GatewayStatus.Idle) throw new Error(`connect() called in status ${this.currentStatus}`);
    this.firstReady = deferred<ReadyData>();
    this.open('identify');
    return this.firstReady.promise;
  }

  /** The one teardown path: stops timers and the socket; nothing reconnects afterwards. */
  async close(): Promise<void> {
    await this.stop('closed by client');
  }

  private open(mode: ConnectMode): void {
    this.reconnectTimer = undefined;
    const session = mode === 'resume' ? this.session : null;
    this.setStatus(session ? GatewayStatus.Resuming : GatewayStatus.Connecting, session ? 'resuming session' : 'identifying');
    const socket: GatewaySocket = new GatewaySocket({
      baseUrl: session ? session.resumeUrl : this.options.gatewayUrl,
      userAgent: this.properties.browser_user_agent ?? '',
      handshakeTimeoutMs: this.timing.handshakeTimeoutMs,
      helloTimeoutMs: this.timing.helloTimeoutMs,
      logger: this.logger,
    }, {
      onPayload: (payload) => this.onPayload(payload, session),
      onLost: (code, reason) => this.onSocketLost(socket, code, reason),
    });
    this.socket = socket;
  }

  /** `session` is the one this socket resumes, null when it identifies. */
  private onPayload(payload: GatewayPayload, session: { id: string } | null): void {
    try {
      this.handle(payload, session);
    } catch (error) {
      // A throwing listener must not look like a broken connection.
      this.logger.error({ err: error instanceof Error ? error.message : String(error), op: payload.op, t: payload.t }, 'gateway listener failed');
    }
  }

  private handle(payload: GatewayPayload, session: { id: string } | null): void {
    switch (payload.op) {
      case GatewayOpcode.Hello:
        this.heartbeat.start((payload.d as HelloData).heartbeat_interval);
        this.socket?.send(session
          ? resumePayload(this.options.token, session.id, this.seq)
          : identifyPayload(this.options.token, this.properties));
        break;
      case GatewayOpcode.HeartbeatAck:
        this.heartbeat.acknowledge();
        break;
      case GatewayOpcode.Heartbeat:
        this.heartbeat.beatNow();
        break;
      case GatewayOpcode.Dispatch:
        this.onDispatch(payload);
        break;
      case GatewayOpcode.Reconnect:
        this.reconnect('resume', 'server asked to reconnect (op 7)', true);
        break;
      case GatewayOpcode.InvalidSession:
        if (payload.d === true) {
          this.reconnect('resume', 'invalid session, resumable (op 9)', true);
        } else {
          this.forgetSession();
          this.reconnect('identify', 'invalid session (op 9)', false, this.identifyWait());
        }
        break;
      default:
        break;
    }
  }

  private onDispatch(payload: GatewayPayload): void {
    if (payload.s !== null) this.seq = payload.s;
    const event: GatewayDispatchEvent = { t: payload.t ?? '', d: payload.d, s: payload.s };
    if (event.t === GatewayDispatch.Ready) {
      const ready = payload.d as ReadyData;
      this.session = { id: ready.session_id, resumeUrl: ready.resume_gateway_url || this.options.gatewayUrl };
      this.attempts = 0;
      this.setStatus(GatewayStatus.Ready, 'READY');
      this.tell(() => {
        this.emit('dispatch', event);
        this.emit('ready', ready);
        this.firstReady?.resolve(ready);
        this.firstReady = null;
      });
      return;
    }
    if (event.t === GatewayDispatch.Resumed) {
      this.attempts = 0;
      this.setStatus(GatewayStatus.Ready, 'RESUMED');
      this.tell(() => {
        this.emit('dispatch', event);
        this.emit('resumed');
      });
      return;
    }
    this.tell(() => this.emit('dispatch', event));
  }

  /** Tells listeners of a dispatch in its turn (see `dispatches`); what they throw is logged, as in onPayload. */
  private tell(emit: () => void): void {
    dispatches.push(() => {
      try {
        emit();
      } catch (error) {
        this.logger.error({ err: error instanceof Error ? error.message : String(error) }, 'gateway listener failed');
      }
    });
  }

  /** A socket ended or proved unusable without us asking for it: consult the close-code table. */
  private onSocketLost(socket: GatewaySocket, code: number | undefined, reason: string): void {
    if (socket !== this.socket) return;
    const described = code === undefined ? reason : `closed ${code}: ${reason}`;
    const action = closeAction(code);
    if (action === CloseAction.Stop) {
      void this.stop(described);
      return;
    }
    if (action === CloseAction.Identify) this.forgetSession();
    this.reconnect(action === CloseAction.Identify ? 'identify' : 'resume', described, false);
  }

  /**
   * Drops the current socket and opens a new one. `immediate` reconnects at once on the first attempt
   * (the server asked for it, or the link went silent); repeated failures always back off.
   */
  private reconnect(mode: ConnectMode, reason: string, immediate: boolean, minDelayMs = 0): void {
    void this.dropSocket(CLOSE_KEEP_SESSION);
    const attempt = this.attempts++;
    const backoff = { baseMs: this.timing.backoffBaseMs, capMs: this.timing.backoffCapMs };
    const delay = immediate && attempt === 0 ? minDelayMs : Math.max(minDelayMs, backoffDelay(attempt, backoff, this.random));
    this.logger.info({ reason, attempt, delayMs: Math.round(delay) }, 'gateway reconnecting');
    // Without a session to resume, open() identifies whatever was asked.
    this.emit('reconnecting', mode === 'resume' && this.session ? 'resume' : 'identify');
    if (delay <= 0) {
      this.open(mode);
      return;
    }
    this.setStatus(GatewayStatus.BackingOff, reason);
    this.reconnectTimer = setTimeout(() => this.open(mode), delay);
  }

  private async stop(reason: string): Promise<void> {
    if (this.currentStatus === GatewayStatus.Stopped) return;
    clearTimeout(this.reconnectTimer);
    const closed = this.dropSocket(CLOSE_NORMAL);
    this.reasonStopped = reason;
    this.setStatus(GatewayStatus.Stopped, reason);
    this.firstReady?.reject(new GatewayStoppedError(reason));
    this.firstReady = null;
    this.emit('stopped', reason);
    await closed;
  }

  private dropSocket(closeCode: number): Promise<void> {
    this.heartbeat.stop();
    const socket = this.socket;
    this.socket = null;
    return socket ? socket.close(closeCode) : Promise.resolve();
  }

  private forgetSession(): void {
    this.session = null;
    this.seq = null;
  }

  private setStatus(status: GatewayStatus, reason: string): void {
    if (status === this.currentStatus) return;
    this.currentStatus = status;
    this.logger.debug({ status, reason }, 'gateway status');
    this.emit('status', status, reason);
  }

  private identifyWait(): number {
    const { identifyWaitMinMs: min, identifyWaitMaxMs: max } = this.timing;
    return min + this.random() * (max - min);
  }
}
