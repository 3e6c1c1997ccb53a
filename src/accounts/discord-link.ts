/**
 * One account's connection to Discord: its gateway session, its REST client and its command index.
 * Says when it is ready, and when a READY started a fresh session (whatever Discord sent before it
 * reached no socket, so the channels must be read back).
 */
import { EventEmitter } from 'node:events';
import type { Logger } from '../lib/logger.js';
import type { AccountConfig } from '../config/schema.js';
import { GatewayConnection, GatewayStatus, type GatewayConnectMode } from '../discord/gateway/index.js';
import { CommandCatalog, DiscordRest, type RestObserver } from '../discord/rest/index.js';

export interface DiscordEndpoints {
  apiBaseUrl: string;
  gatewayUrl: string;
  activityBaseUrl: string;
  /** Replaces https://cdn.discordapp.com in image URLs handed to clients ("" = keep). */
  cdnReplace: string;
}

/** A milestone of the gateway session: a socket replaced, a session resumed, a fresh session (READY). */
export type GatewayMilestone = { kind: 'reconnect'; mode: GatewayConnectMode } | { kind: 'resumed' } | { kind: 'identified' };

/** Told what one account's link does (metrics); every part optional, none may throw. */
export interface LinkObserver {
  rest?: RestObserver;
  gateway?: (milestone: GatewayMilestone) => void;
}

interface LinkEvents {
  dispatch: [t: string, d: unknown];
  status: [status: string];
  /** A READY that is not a resume (the first one included). */
  'fresh-session': [];
}

export class DiscordLink extends EventEmitter<LinkEvents> {
  readonly rest: DiscordRest;
  readonly catalog: CommandCatalog;
  private readonly gateway: GatewayConnection;
  private user: string | undefined;
  private closing = false;

  constructor(config: AccountConfig, endpoints: DiscordEndpoints, private readonly logger: Logger, observer: LinkObserver = {}) {
    super();
    const auth = { token: config.userToken, userAgent: config.userAgent || undefined, logger };
    this.gateway = new GatewayConnection({ gatewayUrl: endpoints.gatewayUrl, ...auth });
    this.rest = new DiscordRest({ apiBaseUrl: endpoints.apiBaseUrl, ...auth, observer: observer.rest });
    this.catalog = new CommandCatalog(this.rest, config.guildId ? { guildId: config.guildId } : { channelId: config.channelId }, logger);
    this.gateway.on('dispatch', ({ t, d }) => this.emit('dispatch', t, d));
    this.gateway.on('ready', (ready) => {
      this.user = ready.user.id;
      this.emit('fresh-session');
    });
    const { gateway: tell } = observer;
    if (tell) {
      this.gateway.on('ready', () => tell({ kind: 'identified' }));
      this.gateway.on('reconnecting', (mode) => tell({ kind: 'reconnect', mode }));
      this.gateway.on('resumed', () => tell({ kind: 'resumed' }));
    }
    this.gateway.on('status', (status) => {
      if (!this.closing) this.emit('status', status);
    });
    this.gateway.on('stopped', (reason) => {
      if (!this.closing) this.logger.warn({ reason }, 'account stopped by Discord');
    });
  }

  /** connecting | ready | resuming | backing-off | stopped (idle before start). */
  get status(): string {
    return this.gateway.status;
  }

  get ready(): boolean {
    return this.gateway.status === GatewayStatus.Ready;
  }

  get stopped(): boolean {
    return this.gateway.status === GatewayStatus.Stopped;
  }

  get stopReason(): string | null {
    return this.gateway.stopReason;
  }

  /** The gateway session id interactions carry; null before the first READY. */
  get sessionId(): string | null {
    return this.gateway.sessionId;
  }

  /** The account's Discord user id, once READY told it. */
  get userId(): string | undefined {
    return this.user;
  }

  /** Connects and loads the command index; resolves at the first READY. */
  async connect(): Promise<void> {
    await this.gateway.connect();
    await this.catalog.refresh();
  }

  /** Resolves once the gateway is ready (at once when it is); rejects on a stop or after the wait. */
  whenReady(timeoutMs: number): Promise<void> {
    if (this.ready) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const settle = (error?: Error) => {
        clearTimeout(timer);
        this.gateway.off('status', onStatus);
        if (error) reject(error);
        else resolve();
      };
      const onStatus = (status: GatewayStatus) => {
        if (status === GatewayStatus.Ready) settle();
        else if (status === GatewayStatus.Stopped) settle(new Error(`the account stopped: ${this.stopReason ?? 'stopped'}`));
      };
      const timer = setTimeout(() => settle(new Error('the account is not connected to Discord')), timeoutMs);
      this.gateway.on('status', onStatus);
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.gateway.close();
    await this.rest.close();
  }
}
