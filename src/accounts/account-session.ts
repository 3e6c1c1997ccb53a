/**
 * One Discord user account: its gateway connection, REST client and command catalog, the
 * Midjourney events parsed from what it receives, the account's Midjourney state (remix, mode,
 * /info) as Discord reports it, and its job queue.
 */
import { EventEmitter } from 'node:events';
import type { Logger } from '../lib/logger.js';
import { nextSnowflake } from '../lib/snowflake.js';
import type { AccountConfig } from '../config/schema.js';
import { GatewayConnection } from '../discord/gateway/index.js';
import { CommandCatalog, DiscordRest } from '../discord/rest/index.js';
import type { InteractionAttachmentRef, InteractionRequest, Message } from '../discord/protocol/index.js';
import { buildSimpleCommand, parseDispatch } from '../midjourney/index.js';
import type { AccountInfo, MidjourneyEvent } from '../midjourney/events.js';
import { AccountQueue } from './account-queue.js';
import { applicationIdOf, BOT_APPLICATION_IDS, type BotName } from './bots.js';
import { reportParserError } from './parser-errors.js';

export type AccountMode = 'FAST' | 'RELAX' | 'TURBO';

export interface DiscordEndpoints {
  apiBaseUrl: string;
  gatewayUrl: string;
  activityBaseUrl: string;
  /** Replaces https://cdn.discordapp.com in image URLs handed to clients ("" = keep). */
  cdnReplace: string;
}

export interface UploadFile {
  bytes: Buffer;
  contentType: string;
  extension: string;
}

/** What Discord last told us about the account's Midjourney settings. */
export interface AccountMjState {
  remix: boolean;
  nijiRemix: boolean;
  highVariability: boolean;
  mode: AccountMode;
  info: AccountInfo | null;
  /** A moderation notice ("Pending mod message") until it is acknowledged. */
  moderationNotice: string | null;
}

interface SessionEvents {
  event: [MidjourneyEvent];
  status: [string];
}

const CDN_ORIGIN = 'https://cdn.discordapp.com';
const MODE_FLAGS: Record<string, AccountMode> = { fast: 'FAST', relax: 'RELAX', turbo: 'TURBO' };

export class AccountSession extends EventEmitter<SessionEvents> {
  readonly id: string;
  readonly queue: AccountQueue;
  readonly state: AccountMjState;
  private readonly gateway: GatewayConnection;
  private readonly rest: DiscordRest;
  private readonly catalog: CommandCatalog;
  private userId: string | undefined;
  private dmChannels = new Map<BotName, string>();
  private closing = false;

  constructor(
    readonly config: AccountConfig,
    private readonly endpoints: DiscordEndpoints,
    private readonly logger: Logger,
    onQueueStart: (taskId: string) => void,
  ) {
    super();
    this.id = config.channelId;
    this.queue = new AccountQueue(config.coreSize, config.queueSize, onQueueStart);
    this.state = { remix: config.remix, nijiRemix: false, highVariability: true, mode: config.mode, info: null, moderationNotice: null };
    if (config.dmChannelId) this.dmChannels.set('MID_JOURNEY', config.dmChannelId);
    const auth = { token: config.userToken, userAgent: config.userAgent || undefined, logger: logger.child({ account: this.id }) };
    this.gateway = new GatewayConnection({ gatewayUrl: endpoints.gatewayUrl, ...auth });
    this.rest = new DiscordRest({ apiBaseUrl: endpoints.apiBaseUrl, ...auth });
    this.catalog = new CommandCatalog(this.rest, config.guildId ? { guildId: config.guildId } : { channelId: config.channelId }, auth.logger);
    this.gateway.on('dispatch', ({ t, d }) => this.onDispatch(t, d));
    this.gateway.on('ready', (ready) => {
      this.userId = ready.user.id;
    });
    this.gateway.on('status', (status) => {
      if (!this.closing) this.emit('status', status);
    });
    this.gateway.on('stopped', (reason) => {
      if (this.closing) return;
      this.logger.warn({ account: this.id, reason }, 'account stopped by Discord');
    });
  }

  /** connecting | ready | resuming | backing-off | stopped | disabled. */
  get status(): string {
    return this.config.enable ? this.gateway.status : 'disabled';
  }

  get usable(): boolean {
    return this.config.enable && this.gateway.status !== 'stopped';
  }

  get disabledReason(): string | null {
    if (!this.config.enable) return 'disabled in configuration';
    return this.gateway.status === 'stopped' ? (this.gateway.stopReason ?? 'stopped') : null;
  }

  async start(): Promise<void> {
    if (!this.config.enable) return;
    await this.gateway.connect();
    await this.catalog.refresh();
    await this.syncSettings();
  }

  /** Resolves once the gateway is ready (at once when it is); rejects on a stop or after the wait. */
  whenReady(timeoutMs: number): Promise<void> {
    if (this.gateway.status === 'ready') return Promise.resolve();
    return new Promise((resolve, reject) => {
      const settle = (error?: Error) => {
        clearTimeout(timer);
        this.gateway.off('status', onStatus);
        if (error) reject(error);
        else resolve();
      };
      const onStatus = (status: string) => {
        if (status === 'ready') settle();
        else if (status === 'stopped') settle(new Error(`the account stopped: ${this.disabledReason ?? 'stopped'}`));
      };
      const timer = setTimeout(() => settle(new Error('the account is not connected to Discord')), timeoutMs);
      this.gateway.on('status', onStatus);
    });
  }

  /** Asks Midjourney for /settings and /info: remix, mode and fast hours are read from Discord, not assumed. */
  async syncSettings(): Promise<void> {
    for (const name of ['settings', 'info']) {
      const ctx = this.interactionContext('MID_JOURNEY', this.newNonce());
      await this.sendCommand('MID_JOURNEY', name, (command) => buildSimpleCommand(ctx, command)).catch((error: unknown) => {
        this.logger.warn({ account: this.id, command: name, err: (error as Error).message }, 'reading the Midjourney settings failed');
      });
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.gateway.close();
    await this.rest.close();
  }

  /** The moderation notice was acknowledged (the Acknowledge click went through to Discord). */
  clearModerationNotice(): void {
    if (this.state.moderationNotice === null) return;
    this.logger.info({ account: this.id }, 'moderation notice acknowledged');
    this.state.moderationNotice = null;
  }

  /** The channel a bot's jobs run in. */
  channelFor(bot: BotName): string {
    return bot === 'NIJI_JOURNEY' && this.config.nijiChannelId ? this.config.nijiChannelId : this.config.channelId;
  }

  /** Rewrites Discord CDN URLs for clients when `discord.cdnReplace` is set. */
  publicUrl(url: string): string {
    const replacement = this.cdnReplacement;
    return replacement && url.startsWith(CDN_ORIGIN) ? replacement + url.slice(CDN_ORIGIN.length) : url;
  }

  private get cdnReplacement(): string {
    return this.endpoints.cdnReplace.replace(/\/+$/, '');
  }

  /**
   * Fresh links for expired attachment URLs as clients got them (cdnReplace applied): URL asked →
   * its fresh URL, for those Discord refreshed.
   */
  async refreshAttachmentUrls(urls: readonly string[]): Promise<Map<string, string>> {
    const replacement = this.cdnReplacement;
    const toDiscord = (url: string) => (replacement && url.startsWith(replacement) ? CDN_ORIGIN + url.slice(replacement.length) : url);
    // Matched by address without the query: that is the part a refresh keeps.
    const withoutQuery = (url: string) => url.split('?')[0] ?? url;
    const asked = new Map(urls.map((url) => [withoutQuery(toDiscord(url)), url]));
    const refreshed = await this.rest.refreshAttachmentUrls(urls.map(toDiscord));
    const result = new Map<string, string>();
    for (const { original, refreshed: fresh } of refreshed) {
      const url = asked.get(withoutQuery(original));
      if (url !== undefined && fresh) result.set(url, this.publicUrl(fresh));
    }
    return result;
  }

  newNonce(): string {
    return nextSnowflake();
  }

  /** Context every interaction payload needs, for one bot in this account's channel (or DM). */
  interactionContext(bot: BotName, nonce: string, channelId = this.channelFor(bot)) {
    const inGuild = channelId === this.channelFor(bot) && this.config.guildId !== '';
    return {
      applicationId: applicationIdOf(bot),
      guildId: inGuild ? this.config.guildId : undefined,
      channelId,
      sessionId: this.gateway.sessionId ?? nextSnowflake(),
      nonce,
    };
  }

  /** Sends a slash command built from the discovered command (id and version never hard-coded). */
  async sendCommand(bot: BotName, name: string, build: Parameters<CommandCatalog['sendCommand']>[2]): Promise<void> {
    await this.catalog.sendCommand(applicationIdOf(bot), name, build);
  }

  async interact(payload: InteractionRequest): Promise<void> {
    await this.rest.interact(payload);
  }

  async uploadAttachments(channelId: string, files: UploadFile[], namePrefix: string): Promise<InteractionAttachmentRef[]> {
    return this.rest.uploadAttachments(channelId, files.map((file, index) => ({
      filename: `${namePrefix}-${index}.${file.extension}`,
      bytes: file.bytes,
      contentType: file.contentType,
    })));
  }

  /** Uploads images and posts them as a message, giving their CDN URLs (image prompts, upload endpoint). */
  async uploadToUrls(files: UploadFile[], namePrefix: string): Promise<string[]> {
    const refs = await this.uploadAttachments(this.config.channelId, files, namePrefix);
    const message: Message = await this.rest.createMessage(this.config.channelId, {
      content: '',
      nonce: nextSnowflake(),
      channel_id: this.config.channelId,
      type: 0,
      sticker_ids: [],
      attachments: refs,
    });
    return message.attachments.map((attachment) => attachment.url);
  }

  async submitInpaint(customId: string, maskBase64: string, prompt: string): Promise<void> {
    await this.rest.submitActivityJob(this.endpoints.activityBaseUrl, {
      customId: customId.replace(/^MJ::iframe::/, ''),
      mask: maskBase64,
      prompt,
      userId: '0',
      username: '0',
      full_prompt: null,
    });
  }

  async dmChannel(bot: BotName): Promise<string> {
    const known = this.dmChannels.get(bot);
    if (known) return known;
    const channel = await this.rest.createDmChannel(applicationIdOf(bot));
    this.dmChannels.set(bot, channel.id);
    return channel.id;
  }

  async addReaction(channelId: string, messageId: string, emoji: string): Promise<void> {
    await this.rest.addReaction(channelId, messageId, emoji);
  }

  /** Re-reads recent messages of the account's channels and emits their events (after a restart). */
  async replayRecentMessages(limit = 50): Promise<void> {
    const channels = new Set([this.config.channelId, this.config.nijiChannelId].filter(Boolean));
    for (const channelId of channels) {
      const messages = await this.rest.listMessages(channelId, { limit });
      for (const message of messages.reverse()) this.onDispatch('MESSAGE_CREATE', message);
    }
  }

  private isOurChannel(channelId: string): boolean {
    return channelId === this.config.channelId || channelId === this.config.nijiChannelId
      || [...this.dmChannels.values()].includes(channelId);
  }

  private onDispatch(t: string, d: unknown): void {
    const events = parseDispatch(t, d, {
      botApplicationIds: BOT_APPLICATION_IDS, userId: this.userId, onError: (error) => reportParserError(this.logger, this.id, t, d, error),
    });
    for (const event of events) {
      if ('channelId' in event && event.kind !== 'modal' && event.kind !== 'iframe-modal' && !this.isOurChannel(event.channelId)) continue;
      this.track(event);
      this.emit('event', event);
    }
  }

  /** Keeps the account's Midjourney state as Discord reports it. */
  private track(event: MidjourneyEvent): void {
    const niji = 'applicationId' in event && event.applicationId === applicationIdOf('NIJI_JOURNEY');
    if (event.kind === 'settings-result') {
      if (niji) this.state.nijiRemix = event.remix;
      else this.state.remix = event.remix;
      this.state.highVariability = event.highVariability;
      if (event.mode) this.state.mode = MODE_FLAGS[event.mode] ?? this.state.mode;
    } else if (event.kind === 'preference-changed') {
      if (event.remix !== undefined) {
        if (niji) this.state.nijiRemix = event.remix;
        else this.state.remix = event.remix;
      }
      if (event.highVariability !== undefined) this.state.highVariability = event.highVariability;
      if (event.mode) this.state.mode = MODE_FLAGS[event.mode] ?? this.state.mode;
    } else if (event.kind === 'info-result') {
      this.state.info = event.info;
    } else if (event.kind === 'bot-error' && event.code === 'pending-mod') {
      this.state.moderationNotice = `[${event.title}] ${event.description}`;
      this.logger.warn({ account: this.id, notice: this.state.moderationNotice }, 'Midjourney sent the account a moderation notice');
    }
  }
}
