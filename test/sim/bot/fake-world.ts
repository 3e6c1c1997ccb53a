/**
 * An in-memory SimWorld for the bot unit tests: it builds messages and stores files with the
 * simulator's own message builder and CDN store, records every dispatch-worthy event, and lets a
 * test send interactions and wait for events.
 */
import { EventEmitter } from 'node:events';
import {
  ComponentType,
  InteractionType,
  type ActionRow,
  type Attachment,
  type CommandOption,
  type ComponentData,
  type DiscordUser,
  type InteractionAttachmentRef,
  type InteractionRequest,
  type Message,
} from '../../../src/discord/protocol/index.js';
import { SnowflakeGenerator } from '../../../src/lib/snowflake.js';
import { accountUser } from '../../../src/sim/accounts.js';
import { CdnStore } from '../../../src/sim/cdn-store.js';
import { SimLedger } from '../../../src/sim/ledger.js';
import type {
  IframeModalSpec,
  InteractionVerdict,
  ModalSpec,
  NewMessage,
  ReceivedInteraction,
  SimAccount,
  SimBot,
  SimWorld,
  StoredFile,
} from '../../../src/sim/contracts.js';
import { applyPatch, buildMessage, discordTimestamp, type MessageContext, type MessagePatch } from '../../../src/sim/message-builder.js';
import { TimerSet } from '../../../src/sim/timer-set.js';

export type WorldEvent =
  | { kind: 'create' | 'update'; message: Message }
  | { kind: 'delete'; channelId: string; messageId: string }
  | { kind: 'success' | 'failure'; interactionId: string; nonce: string; reason?: number }
  | { kind: 'modal'; interactionId: string; modal: ModalSpec }
  | { kind: 'iframe'; interactionId: string; modal: IframeModalSpec };

export const ALICE: SimAccount = {
  userId: '1100000000000000001',
  username: 'alice',
  token: 'token-alice',
  guildId: '1200000000000000001',
  channelId: '1300000000000000001',
  dmChannelId: '1400000000000000001',
};

const WAIT_LIMIT_MS = 10_000;

export class FakeWorld implements SimWorld {
  readonly cdnBaseUrl = 'https://cdn.test';
  readonly activityBaseUrl = 'https://activity.test';
  readonly events: WorldEvent[] = [];
  readonly ledger = new SimLedger();
  private readonly ids = new SnowflakeGenerator(3, 1);
  private readonly bus = new EventEmitter();
  private readonly messages = new Map<string, Message>();
  private readonly cdn = new CdnStore({ cdnBaseUrl: this.cdnBaseUrl, mediaBaseUrl: 'https://media.test', uploadBaseUrl: 'https://upload.test' });
  private readonly timers = new TimerSet();
  private readonly bots = new Map<string, SimBot>();
  private nonce = 0;

  constructor(readonly jobSeconds = 0.2, private readonly accountList: SimAccount[] = [ALICE]) {}

  /** Makes the bot known to the world (as its author of messages) and returns it. */
  register<Bot extends SimBot>(bot: Bot): Bot {
    this.bots.set(bot.applicationId, bot);
    return bot;
  }

  nextId(): string {
    return this.ids.next();
  }

  accounts(): SimAccount[] {
    return [...this.accountList];
  }

  account(userId: string): SimAccount | undefined {
    return this.accountList.find((account) => account.userId === userId);
  }

  userObject(userId: string): DiscordUser {
    const account = this.account(userId);
    return account ? accountUser(account) : this.botUser(userId);
  }

  botUser(applicationId: string): DiscordUser {
    const bot = this.bots.get(applicationId);
    if (!bot) throw new Error(`no bot ${applicationId}`);
    return structuredClone(bot.user);
  }

  getMessage(_channelId: string, messageId: string): Message | undefined {
    const message = this.messages.get(messageId);
    return message ? structuredClone(message) : undefined;
  }

  createMessage(input: NewMessage): Message {
    const message = buildMessage(this.nextId(), input, this.messageContext(input.channelId), Date.now());
    this.messages.set(message.id, message);
    this.emit({ kind: 'create', message: structuredClone(message) });
    return structuredClone(message);
  }

  updateMessage(_channelId: string, messageId: string, patch: MessagePatch): Message {
    const message = this.messages.get(messageId);
    if (!message) throw new Error(`unknown message ${messageId}`);
    applyPatch(message, patch, this.messageContext(message.channel_id));
    message.edited_timestamp = discordTimestamp(Date.now());
    const copy = structuredClone(message);
    delete copy.nonce;
    this.emit({ kind: 'update', message: copy });
    return structuredClone(message);
  }

  deleteMessage(channelId: string, messageId: string): void {
    this.messages.delete(messageId);
    this.emit({ kind: 'delete', channelId, messageId });
  }

  storeFile(channelId: string, file: StoredFile, options?: { ephemeral?: boolean; width?: number; height?: number }): Attachment {
    return this.cdn.store(channelId, this.nextId(), file, options);
  }

  readUpload(uploadedFilename: string): StoredFile | undefined {
    return this.cdn.readUpload(uploadedFilename);
  }

  readCdnUrl(url: string): StoredFile | undefined {
    return this.cdn.readUrl(url);
  }

  /** Test helper: a PNG "uploaded" by the client through the upload flow; returns its uploaded_filename. */
  upload(bytes: Buffer, filename = 'image.png'): string {
    const { uploadFilename } = this.cdn.reserveUpload(filename);
    this.cdn.completeUpload(uploadFilename, bytes, 'image/png');
    return uploadFilename;
  }

  interactionSucceeded(interaction: ReceivedInteraction): void {
    this.emit({ kind: 'success', interactionId: interaction.id, nonce: interaction.request.nonce });
  }

  interactionFailed(interaction: ReceivedInteraction, reasonCode: number): void {
    this.emit({ kind: 'failure', interactionId: interaction.id, nonce: interaction.request.nonce, reason: reasonCode });
  }

  openModal(interaction: ReceivedInteraction, modal: ModalSpec): void {
    this.emit({ kind: 'modal', interactionId: interaction.id, modal });
    this.interactionSucceeded(interaction);
  }

  openIframeModal(interaction: ReceivedInteraction, modal: IframeModalSpec): void {
    this.emit({ kind: 'iframe', interactionId: interaction.id, modal });
    this.interactionSucceeded(interaction);
  }

  later(ms: number, fn: () => void): void {
    this.timers.later(ms, fn);
  }

  close(): void {
    this.timers.close();
  }

  // ---- sending interactions ----------------------------------------------------------------

  /** POST /interactions as the REST layer does it: build the ReceivedInteraction, ask the bot. */
  send(bot: SimBot, request: InteractionRequest, userId = ALICE.userId): { interaction: ReceivedInteraction; verdict: InteractionVerdict } {
    const message = request.type === InteractionType.MessageComponent ? this.getMessage(request.channel_id, request.message_id) : undefined;
    const interaction: ReceivedInteraction = { id: this.nextId(), userId, sessionId: 'session', request, ...(message ? { message } : {}) };
    return { interaction, verdict: bot.handleInteraction(interaction) };
  }

  command(bot: SimBot, name: string, options: CommandOption[] = [], extra: { attachments?: InteractionAttachmentRef[]; channelId?: string; userId?: string } = {}) {
    const command = bot.commands.find((known) => known.name === name);
    if (!command) throw new Error(`bot has no /${name}`);
    const channelId = extra.channelId ?? ALICE.channelId;
    return this.send(bot, {
      type: InteractionType.ApplicationCommand,
      application_id: bot.applicationId,
      channel_id: channelId,
      ...(channelId === ALICE.channelId ? { guild_id: ALICE.guildId } : {}),
      session_id: 'session',
      nonce: this.newNonce(),
      data: { version: command.version, id: command.id, name, type: 1, options, attachments: extra.attachments ?? [] },
    }, extra.userId);
  }

  /** Picks `values` in a select menu of the message (the /settings version menu). */
  select(bot: SimBot, message: Message, customId: string, values: string[]) {
    return this.component(bot, message, { component_type: ComponentType.StringSelect, custom_id: customId, values });
  }

  click(bot: SimBot, message: Message, customId: string, userId?: string) {
    return this.component(bot, message, { component_type: ComponentType.Button, custom_id: customId }, userId);
  }

  private component(bot: SimBot, message: Message, data: ComponentData, userId?: string) {
    return this.send(bot, {
      type: InteractionType.MessageComponent,
      application_id: bot.applicationId,
      channel_id: message.channel_id,
      guild_id: ALICE.guildId,
      session_id: 'session',
      nonce: this.newNonce(),
      message_id: message.id,
      message_flags: message.flags,
      data,
    }, userId);
  }

  submitModal(bot: SimBot, openedBy: string, customId: string, inputId: string, value: string) {
    const components: ActionRow[] = [{ type: ComponentType.ActionRow, components: [{ type: ComponentType.TextInput, custom_id: inputId, value }] }];
    return this.send(bot, {
      type: InteractionType.ModalSubmit,
      application_id: bot.applicationId,
      channel_id: ALICE.channelId,
      guild_id: ALICE.guildId,
      session_id: 'session',
      nonce: this.newNonce(),
      data: { id: openedBy, custom_id: customId, components },
    });
  }

  // ---- waiting -----------------------------------------------------------------------------

  /** Resolves with the first event (past or future) that matches. */
  waitFor<E extends WorldEvent>(match: (event: WorldEvent) => event is E, what?: string): Promise<E>;
  waitFor(match: (event: WorldEvent) => boolean, what?: string): Promise<WorldEvent>;
  waitFor(match: (event: WorldEvent) => boolean, what = 'event'): Promise<WorldEvent> {
    const seen = this.events.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.bus.off('event', listener);
        reject(new Error(`timed out waiting for ${what}`));
      }, WAIT_LIMIT_MS);
      const listener = (event: WorldEvent) => {
        if (!match(event)) return;
        clearTimeout(timer);
        this.bus.off('event', listener);
        resolve(event);
      };
      this.bus.on('event', listener);
    });
  }

  /** The newest created message whose content or embeds match. */
  async created(match: (message: Message) => boolean, what = 'message'): Promise<Message> {
    const event = await this.waitFor((e) => e.kind === 'create' && match(e.message), what);
    if (event.kind !== 'create') throw new Error('unreachable');
    return event.message;
  }

  updatesOf(messageId: string): Message[] {
    return this.events.flatMap((e) => (e.kind === 'update' && e.message.id === messageId ? [e.message] : []));
  }

  fileAt(url: string): StoredFile {
    const file = this.readCdnUrl(url);
    if (!file) throw new Error(`no file at ${url}`);
    return file;
  }

  private newNonce(): string {
    this.nonce += 1;
    return `90000000000000${String(this.nonce).padStart(5, '0')}`;
  }

  private emit(event: WorldEvent): void {
    this.events.push(event);
    this.bus.emit('event', event);
  }

  /** Messages in an account's guild channel carry its guild id; DMs and other channels none. */
  private messageContext(channelId: string): MessageContext {
    return {
      author: (id) => this.userObject(id),
      user: (id) => this.userObject(id),
      guildId: this.accountList.find((account) => account.channelId === channelId)?.guildId,
      referenced: (referencedChannelId, messageId) => this.getMessage(referencedChannelId, messageId),
    };
  }
}
