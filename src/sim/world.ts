/**
 * The state of the simulated Discord (accounts, channels, messages, files) and the SimWorld the bots
 * act through. Every change is dispatched to the gateway sessions that can see it.
 */
import {
  GatewayDispatch,
  MIDJOURNEY_APPLICATION_ID,
  type Attachment,
  type Channel,
  type DiscordUser,
  type Message,
} from '../discord/protocol/index.js';
import type { Logger } from '../lib/logger.js';
import { SnowflakeGenerator } from '../lib/snowflake.js';
import { accountUser } from './accounts.js';
import type { CdnStore } from './cdn-store.js';
import type {
  IframeModalSpec,
  ModalSpec,
  NewMessage,
  ReceivedInteraction,
  SimAccount,
  SimBot,
  SimWorld,
  StoredFile,
} from './contracts.js';
import type { SessionHub } from './gateway-session.js';
import { ChannelStore } from './channel-store.js';
import { InteractionEvents } from './interaction-events.js';
import { KNOWN_BOT_USERS } from './known-bots.js';
import { SimLedger } from './ledger.js';
import { applyPatch, buildMessage, discordTimestamp, guildMember, type MessageContext, type MessagePatch } from './message-builder.js';
import { TimerSet } from './timer-set.js';

const GUILD_TEXT = 0;
const DM = 1;

export interface WorldOptions {
  accounts: SimAccount[];
  hub: SessionHub;
  cdn: CdnStore;
  cdnBaseUrl: string;
  activityBaseUrl: string;
  jobSeconds: number;
  logger: Logger;
}

export class SimWorldState implements SimWorld {
  readonly cdnBaseUrl: string;
  readonly activityBaseUrl: string;
  readonly jobSeconds: number;
  readonly createdAt = discordTimestamp(Date.now());
  readonly ledger = new SimLedger();
  private readonly ids = new SnowflakeGenerator(2, 1);
  private readonly accountList: SimAccount[];
  private readonly channels = new ChannelStore();
  private readonly bots = new Map<string, SimBot>();
  private readonly interactions: InteractionEvents;
  private readonly timers: TimerSet;
  private heldBack: (() => void)[] | undefined;

  constructor(private readonly options: WorldOptions) {
    this.cdnBaseUrl = options.cdnBaseUrl;
    this.activityBaseUrl = options.activityBaseUrl;
    this.jobSeconds = options.jobSeconds;
    this.accountList = options.accounts;
    this.timers = new TimerSet((error) => options.logger.error({ err: error }, 'simulated bot callback failed'));
    this.interactions = new InteractionEvents({ hub: options.hub, send: (fn) => this.send(fn), botUser: (id) => this.botUser(id) });
    for (const account of options.accounts) {
      this.channels.add({ id: account.channelId, type: GUILD_TEXT, guild_id: account.guildId, name: 'general', last_message_id: null }, account.userId);
      this.channels.add(this.dmObject(account.dmChannelId, MIDJOURNEY_APPLICATION_ID), account.userId);
    }
  }

  // ---- bots ------------------------------------------------------------------------------

  registerBot(bot: SimBot): void {
    this.bots.set(bot.applicationId, bot);
  }

  bot(applicationId: string): SimBot | undefined {
    return this.bots.get(applicationId);
  }

  allBots(): SimBot[] {
    return [...this.bots.values()];
  }

  /** The bot that opened an iframe modal, by custom_id with or without its `MJ::iframe::` prefix. */
  iframeOwner(customId: string): SimBot | undefined {
    const owner = this.interactions.iframeOwner(customId);
    return owner === undefined ? undefined : this.bots.get(owner);
  }

  // ---- identities ------------------------------------------------------------------------

  nextId(): string {
    return this.ids.next();
  }

  accounts(): SimAccount[] {
    return [...this.accountList];
  }

  account(userId: string): SimAccount | undefined {
    return this.accountList.find((account) => account.userId === userId);
  }

  accountByToken(token: string): SimAccount | undefined {
    return this.accountList.find((account) => account.token === token);
  }

  userObject(userId: string): DiscordUser {
    const account = this.account(userId);
    return account ? accountUser(account) : this.botUser(userId);
  }

  botUser(applicationId: string): DiscordUser {
    const user = this.bots.get(applicationId)?.user ?? KNOWN_BOT_USERS.get(applicationId);
    if (!user) throw new Error(`unknown user ${applicationId}`);
    return structuredClone(user);
  }

  // ---- channels --------------------------------------------------------------------------

  channel(channelId: string): Channel | undefined {
    return this.channels.channel(channelId);
  }

  canSee(userId: string, channelId: string): boolean {
    return this.channels.canSee(userId, channelId);
  }

  /** Channels a user sees (guild text channels and DMs), for READY. */
  visibleChannels(userId: string): Channel[] {
    return this.channels.visibleTo(userId);
  }

  /** The DM channel between a user and a recipient, created (with CHANNEL_CREATE) when missing. */
  dmChannel(userId: string, recipientId: string): Channel {
    const existing = this.channels.findDm(userId, recipientId);
    if (existing) return existing;
    const channel = this.dmObject(this.nextId(), recipientId);
    this.channels.add(channel, userId);
    this.send(() => this.options.hub.toUsers([userId], GatewayDispatch.ChannelCreate, structuredClone(channel)));
    return structuredClone(channel);
  }

  // ---- messages --------------------------------------------------------------------------

  getMessage(channelId: string, messageId: string): Message | undefined {
    const found = this.channels.find(channelId, messageId);
    return found ? structuredClone(found) : undefined;
  }

  /** The owner of an ephemeral message, or undefined for a normal one. */
  ephemeralOwner(channelId: string, messageId: string): string | undefined {
    return this.channels.ephemeralOwner(channelId, messageId);
  }

  /** Non-ephemeral messages, newest first, as GET /channels/{id}/messages lists them. */
  listMessages(channelId: string, query: { limit: number; before?: string; after?: string }): Message[] {
    return this.channels.list(channelId, query);
  }

  createMessage(input: NewMessage): Message {
    const channel = this.channels.channel(input.channelId);
    if (!channel) throw new Error(`unknown channel ${input.channelId}`);
    const message = buildMessage(this.nextId(), input, this.context(channel), Date.now());
    this.channels.put(message, input.ephemeralTo);
    if (input.interaction) this.ledger.answered(message.id, input.interaction.id);
    this.dispatchMessage(message, GatewayDispatch.MessageCreate);
    return structuredClone(message);
  }

  updateMessage(channelId: string, messageId: string, patch: MessagePatch): Message {
    const channel = this.channels.channel(channelId);
    const message = this.channels.find(channelId, messageId);
    if (!channel || !message) throw new Error(`unknown message ${messageId} in channel ${channelId}`);
    applyPatch(message, patch, this.context(channel));
    message.edited_timestamp = discordTimestamp(Date.now());
    this.dispatchMessage(message, GatewayDispatch.MessageUpdate);
    return structuredClone(message);
  }

  deleteMessage(channelId: string, messageId: string): void {
    const message = this.channels.find(channelId, messageId);
    if (!message) return;
    const audience = this.channels.audience(message);
    this.channels.remove(channelId, messageId);
    const data = { id: messageId, channel_id: channelId, ...(message.guild_id ? { guild_id: message.guild_id } : {}) };
    this.send(() => this.options.hub.toUsers(audience, GatewayDispatch.MessageDelete, data));
  }

  /** Sends MESSAGE_REACTION_ADD to the channel's viewers. */
  reactionAdded(userId: string, message: Message, emojiName: string): void {
    const data = {
      user_id: userId,
      channel_id: message.channel_id,
      message_id: message.id,
      emoji: { id: null, name: emojiName },
      ...(message.guild_id ? { guild_id: message.guild_id } : {}),
    };
    this.send(() => this.options.hub.toUsers(this.channels.audience(message), GatewayDispatch.MessageReactionAdd, data));
  }

  // ---- files -----------------------------------------------------------------------------

  storeFile(channelId: string, file: StoredFile, options?: { ephemeral?: boolean; width?: number; height?: number }): Attachment {
    return this.options.cdn.store(channelId, this.nextId(), file, options);
  }

  readUpload(uploadedFilename: string): StoredFile | undefined {
    return this.options.cdn.readUpload(uploadedFilename);
  }

  readCdnUrl(url: string): StoredFile | undefined {
    return this.options.cdn.readUrl(url);
  }

  // ---- interactions ----------------------------------------------------------------------

  /** INTERACTION_CREATE, sent by the REST layer right after its answer. */
  interactionCreated(interaction: ReceivedInteraction): void {
    this.ledger.interactionAccepted(interaction);
    this.interactions.created(interaction);
  }

  interactionSucceeded(interaction: ReceivedInteraction): void {
    this.interactions.succeeded(interaction);
  }

  interactionFailed(interaction: ReceivedInteraction, reasonCode: number): void {
    this.interactions.failed(interaction, reasonCode);
  }

  openModal(interaction: ReceivedInteraction, modal: ModalSpec): void {
    this.interactions.modal(interaction, modal);
  }

  openIframeModal(interaction: ReceivedInteraction, modal: IframeModalSpec): void {
    this.interactions.iframeModal(interaction, modal);
  }

  /**
   * Runs `fn` (a bot deciding on an interaction) with the world's dispatches held back; `release`
   * sends them, so the caller can dispatch INTERACTION_CREATE first whatever the bot did synchronously.
   */
  holdDispatchesDuring<T>(fn: () => T): { result: T; release: () => void } {
    const queue: (() => void)[] = [];
    this.heldBack = queue;
    let result: T;
    try {
      result = fn();
    } finally {
      this.heldBack = undefined;
    }
    return { result, release: () => queue.forEach((send) => send()) };
  }

  // ---- time ------------------------------------------------------------------------------

  later(ms: number, fn: () => void): void {
    this.timers.later(ms, fn);
  }

  close(): void {
    this.timers.close();
  }

  // ---- internals -------------------------------------------------------------------------

  /** Every dispatch of the world passes here, so that holdDispatchesDuring can queue it. */
  private send(fn: () => void): void {
    if (this.heldBack) this.heldBack.push(fn);
    else fn();
  }

  private dispatchMessage(message: Message, t: string): void {
    const data: Message = structuredClone(message);
    if (t !== GatewayDispatch.MessageCreate) delete data.nonce;
    if (data.guild_id) {
      data.member = guildMember(this.createdAt);
      data.mentions = data.mentions.map((user) => ({ ...user, member: guildMember(this.createdAt) }));
    }
    const audience = this.channels.audience(message);
    this.send(() => this.options.hub.toUsers(audience, t, data));
  }

  private context(channel: Channel): MessageContext {
    return {
      author: (id) => (this.account(id) ? this.userObject(id) : this.botUser(id)),
      user: (id) => this.userObject(id),
      guildId: channel.guild_id,
      referenced: (channelId, messageId) => this.getMessage(channelId, messageId),
    };
  }

  private dmObject(id: string, recipientId: string): Channel {
    const recipient = this.account(recipientId) ? this.userObject(recipientId) : this.botUser(recipientId);
    return { id, type: DM, recipients: [recipient], recipient_ids: [recipientId], last_message_id: null };
  }
}
