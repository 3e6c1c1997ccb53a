/**
 * One Discord user account, put together from small parts: the Discord link (gateway, REST, command
 * index), the interaction sender (never a job twice), the channel reader (what no socket heard), the
 * Midjourney state tracker and the job queue. It turns what Discord says into Midjourney events.
 */
import { EventEmitter } from 'node:events';
import type { Logger } from '../lib/logger.js';
import { nextSnowflake } from '../lib/snowflake.js';
import type { AccountConfig } from '../config/schema.js';
import type { ApplicationCommand, InteractionAttachmentRef, InteractionRequest, Message } from '../discord/protocol/index.js';
import { parseDispatch, type InteractionContext } from '../midjourney/index.js';
import type { MidjourneyEvent } from '../midjourney/events.js';
import { AccountQueue } from './account-queue.js';
import { applicationIdOf, BOT_APPLICATION_IDS, type BotName } from './bots.js';
import { CdnUrls } from './cdn-urls.js';
import { ChannelReader } from './channel-reader.js';
import { DiscordLink, type DiscordEndpoints, type LinkObserver } from './discord-link.js';
import { InteractionSender, type SendHooks } from './interaction-sender.js';
import { MidjourneyControls } from './midjourney-controls.js';
import { MidjourneyStateTracker, type AccountLock, type AccountMjState, type LockKind } from './midjourney-state.js';
import { reportParserError } from './parser-errors.js';

export type { DiscordEndpoints, GatewayMilestone, LinkObserver } from './discord-link.js';
export type { AccountLock, AccountMjState, AccountMode } from './midjourney-state.js';
export { InteractionUnconfirmedError, type SendHooks } from './interaction-sender.js';
export { mayHaveReachedDiscord } from '../discord/rest/index.js';

/** A file Discord holds for us: what an interaction names it by (reusable for a resend). */
export type UploadedFile = InteractionAttachmentRef;

export interface UploadFile {
  bytes: Buffer;
  contentType: string;
  extension: string;
}

export interface SendOptions extends SendHooks {
  /** Another channel than the bot's own (the DM for /show). */
  channelId?: string;
  /** The message a button or modal was on: Discord's answer replies to it. */
  replyTo?: string;
  /** Whether a prompt Discord's answer echoes is the one sent (see ExpectedAnswer). */
  echoes?(prompt: string): boolean;
}

interface SessionEvents {
  event: [MidjourneyEvent];
  status: [string];
  /** A READY that is not a resume: what Discord said meanwhile reached no socket. */
  'fresh-session': [];
  /** The account was locked (needs a human), or returned to service (null). */
  lock: [AccountLock | null];
  /** Midjourney said the fast hours are used up (told once, until /info shows fast time again). */
  'fast-exhausted': [];
}

const IFRAME_PREFIX = /^MJ::iframe::/;

/** Gives the observer of one account's Discord link, by the account's id (metrics). */
export type LinkObserverFactory = (accountId: string) => LinkObserver;

export class AccountSession extends EventEmitter<SessionEvents> {
  readonly id: string;
  readonly queue: AccountQueue;
  private readonly link: DiscordLink;
  private readonly sender: InteractionSender;
  private readonly reader: ChannelReader;
  private readonly tracker: MidjourneyStateTracker;
  /** /info, /settings, mode switches, /settings clicks. */
  readonly controls: MidjourneyControls;
  private readonly cdn: CdnUrls;
  private readonly dmChannels = new Map<BotName, string>();
  private readonly logger: Logger;

  constructor(
    /** `id`: the account's id in the admin API (default: its channel id). */
    readonly config: AccountConfig & { id?: string },
    private readonly endpoints: DiscordEndpoints,
    logger: Logger,
    onQueueStart: (taskId: string) => void,
    observe?: LinkObserverFactory,
  ) {
    super();
    this.id = config.id ?? config.channelId;
    this.logger = logger.child({ account: this.id });
    this.queue = new AccountQueue(config.coreSize, config.queueSize, onQueueStart);
    this.tracker = new MidjourneyStateTracker(config, endpoints.activityBaseUrl);
    this.controls = new MidjourneyControls(this, this.tracker);
    if (config.dmChannelId) this.dmChannels.set('MID_JOURNEY', config.dmChannelId);
    this.link = new DiscordLink(config, endpoints, this.logger, observe?.(this.id));
    this.cdn = new CdnUrls(endpoints.cdnReplace, this.link.rest);
    this.sender = new InteractionSender(this.link, (sinceMs) => this.readBack(sinceMs), this.logger);
    this.reader = new ChannelReader(this.link.rest, () => this.readableChannels(), (message) => this.onDispatch('MESSAGE_CREATE', message), this.logger);
    this.link.on('dispatch', (t, d) => this.onDispatch(t, d));
    this.link.on('status', (status) => this.emit('status', status));
    this.link.on('fresh-session', () => {
      this.sender.sessionRestarted();
      this.emit('fresh-session');
    });
  }

  get state(): AccountMjState {
    return this.tracker.state;
  }

  /** connecting | ready | resuming | backing-off | stopped | disabled. */
  get status(): string {
    return this.config.enable ? this.link.status : 'disabled';
  }

  /** Enabled and not stopped by Discord: it can take work (maybe after a reconnect). */
  get usable(): boolean {
    return this.config.enable && !this.link.stopped;
  }

  /** Connected right now: new work can go out at once. */
  get ready(): boolean {
    return this.config.enable && this.link.ready;
  }

  get disabledReason(): string | null {
    if (!this.config.enable) return this.config.disabledReason || 'disabled in configuration';
    return this.link.stopped ? (this.link.stopReason ?? 'stopped') : null;
  }

  async start(): Promise<void> {
    if (!this.config.enable) return;
    await this.link.connect();
    // A listen-only account is shared with a human: mj-proxy sends it nothing of its own.
    if (!this.listenOnly) await this.syncSettings();
  }

  /** Connected and parsed, but no new work and no command of mj-proxy's own (/info, mode switches). */
  get listenOnly(): boolean {
    return this.config.status === 'LISTEN_ONLY';
  }

  whenReady(timeoutMs: number): Promise<void> {
    return this.link.whenReady(timeoutMs);
  }

  /** Asks Midjourney for /settings and /info: remix, mode and fast hours are read from Discord, not assumed. */
  async syncSettings(): Promise<void> {
    await this.controls.sync().catch((error: unknown) => {
      this.logger.warn({ err: (error as Error).message }, 'reading the Midjourney settings failed');
    });
  }

  async close(): Promise<void> {
    await this.link.close();
  }

  /** Returns a locked account to service (only a lock of `kind`, when given); false when there was none. */
  unlock(kind?: LockKind): boolean {
    if (!this.tracker.unlock(kind)) return false;
    this.logger.info('account unlocked');
    this.emit('lock', null);
    return true;
  }

  /** The channel a bot's jobs run in. */
  channelFor(bot: BotName): string {
    return bot === 'NIJI_JOURNEY' && this.config.nijiChannelId ? this.config.nijiChannelId : this.config.channelId;
  }

  /** Rewrites Discord CDN URLs for clients when `discord.cdnReplace` is set. */
  publicUrl(url: string): string {
    return this.cdn.toPublic(url);
  }

  /** Fresh links for expired attachment URLs as clients got them: URL asked → its fresh URL. */
  refreshAttachmentUrls(urls: readonly string[]): Promise<Map<string, string>> {
    return this.cdn.refresh(urls);
  }

  /** A slash command built from the discovered command; resolves with the nonce Discord took (undefined: sent earlier, see SendHooks). */
  sendCommand(bot: BotName, name: string, build: (ctx: InteractionContext, command: ApplicationCommand) => InteractionRequest, options: SendOptions = {}): Promise<string | undefined> {
    return this.sender.send(
      (nonce) => this.link.catalog.sendCommand(applicationIdOf(bot), name, (command) => build(this.context(bot, nonce, options.channelId), command)),
      options,
      { command: name, echoes: options.echoes },
    );
  }

  /** A button click or modal submit; resolves with the nonce Discord took (undefined: sent earlier, see SendHooks). */
  sendInteraction(bot: BotName, build: (ctx: InteractionContext) => InteractionRequest, options: SendOptions = {}): Promise<string | undefined> {
    return this.sender.send((nonce) => this.link.rest.interact(build(this.context(bot, nonce, options.channelId))), options, { replyTo: options.replyTo });
  }

  async uploadAttachments(channelId: string, files: UploadFile[], namePrefix: string): Promise<InteractionAttachmentRef[]> {
    return this.link.rest.uploadAttachments(channelId, files.map((file, index) => ({
      filename: `${namePrefix}-${index}.${file.extension}`,
      bytes: file.bytes,
      contentType: file.contentType,
    })));
  }

  /** Uploads images and posts them as a message, giving their CDN URLs (image prompts, upload endpoint). */
  async uploadToUrls(files: UploadFile[], namePrefix: string): Promise<string[]> {
    const refs = await this.uploadAttachments(this.config.channelId, files, namePrefix);
    const message: Message = await this.link.rest.createMessage(this.config.channelId, {
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
    await this.link.rest.submitActivityJob(this.endpoints.activityBaseUrl, {
      customId: customId.replace(IFRAME_PREFIX, ''),
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
    const channel = await this.link.rest.createDmChannel(applicationIdOf(bot));
    this.dmChannels.set(bot, channel.id);
    return channel.id;
  }

  async addReaction(channelId: string, messageId: string, emoji: string): Promise<void> {
    await this.link.rest.addReaction(channelId, messageId, emoji);
  }

  /** Reads the account's channels (and DMs) back to `sinceMs` and turns what it finds into events, as if it had just arrived. */
  readBack(sinceMs: number): Promise<void> {
    return this.reader.readBack(sinceMs);
  }

  /** Context every interaction payload needs, for one bot in this account's channel (or another, e.g. the DM). */
  private context(bot: BotName, nonce: string, channelId = this.channelFor(bot)): InteractionContext {
    const inGuild = channelId === this.channelFor(bot) && this.config.guildId !== '';
    return {
      applicationId: applicationIdOf(bot),
      guildId: inGuild ? this.config.guildId : undefined,
      channelId,
      sessionId: this.link.sessionId ?? nextSnowflake(),
      nonce,
    };
  }

  private readableChannels(): string[] {
    return [this.config.channelId, this.config.nijiChannelId, ...this.dmChannels.values()].filter(Boolean);
  }

  private isOurChannel(channelId: string): boolean {
    return this.readableChannels().includes(channelId);
  }

  private onDispatch(t: string, d: unknown): void {
    const events = parseDispatch(t, d, {
      botApplicationIds: BOT_APPLICATION_IDS, userId: this.link.userId, onError: (error) => reportParserError(this.logger, this.id, t, d, error),
    });
    for (const event of events) {
      if ('channelId' in event && event.kind !== 'modal' && event.kind !== 'iframe-modal' && !this.isOurChannel(event.channelId)) continue;
      this.sender.observe(event);
      const before = { lock: this.state.lock, fastExhausted: this.state.fastExhausted };
      this.tracker.apply(event);
      const { lock, fastExhausted } = this.state;
      if (lock && lock !== before.lock) {
        this.logger.warn({ reason: lock.reason, url: lock.url }, 'Midjourney locked the account: it needs a human');
        this.emit('lock', lock);
      }
      if (fastExhausted && !before.fastExhausted) {
        this.logger.warn('Midjourney says the fast hours are used up');
        this.emit('fast-exhausted');
      }
      this.emit('event', event);
    }
  }
}
