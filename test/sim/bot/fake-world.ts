/**
 * An in-memory SimWorld for the bot unit tests: it builds messages like Discord would, records every
 * dispatch-worthy event, and lets a test send interactions and wait for events.
 */
import { EventEmitter } from 'node:events';
import {
  ComponentType,
  InteractionType,
  MessageFlags,
  type ActionRow,
  type Attachment,
  type CommandOption,
  type DiscordUser,
  type InteractionRequest,
  type Message,
} from '../../../src/discord/protocol/index.js';
import { SnowflakeGenerator } from '../../../src/lib/snowflake.js';
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
  private readonly ids = new SnowflakeGenerator(3, 1);
  private readonly bus = new EventEmitter();
  private readonly messages = new Map<string, Message>();
  private readonly files = new Map<string, StoredFile>();
  private readonly uploads = new Map<string, StoredFile>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly bots = new Map<string, SimBot>();
  private nonce = 0;

  constructor(readonly jobSeconds = 0.2, private readonly accountList: SimAccount[] = [ALICE]) {}

  register(bot: SimBot): void {
    this.bots.set(bot.applicationId, bot);
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
    if (!account) return this.botUser(userId);
    return { id: userId, username: account.username, global_name: account.username, discriminator: '0', avatar: null };
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
    const message: Message = {
      id: this.nextId(),
      channel_id: input.channelId,
      type: input.type,
      flags: (input.flags ?? 0) | (input.ephemeralTo ? MessageFlags.Ephemeral : 0),
      author: this.account(input.authorId) ? this.userObject(input.authorId) : this.botUser(input.authorId),
      content: '',
      attachments: [],
      embeds: [],
      components: [],
      mentions: [],
      mention_roles: [],
      mention_everyone: false,
      tts: false,
      pinned: false,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      ...(input.nonce === undefined ? {} : { nonce: input.nonce }),
    };
    this.patch(message, input);
    this.messages.set(message.id, message);
    this.emit({ kind: 'create', message: structuredClone(message) });
    return structuredClone(message);
  }

  updateMessage(_channelId: string, messageId: string, patch: Partial<Omit<NewMessage, 'channelId' | 'authorId'>>): Message {
    const message = this.messages.get(messageId);
    if (!message) throw new Error(`unknown message ${messageId}`);
    this.patch(message, patch);
    message.edited_timestamp = new Date().toISOString();
    const copy = structuredClone(message);
    delete copy.nonce;
    this.emit({ kind: 'update', message: copy });
    return structuredClone(message);
  }

  deleteMessage(channelId: string, messageId: string): void {
    this.messages.delete(messageId);
    this.emit({ kind: 'delete', channelId, messageId });
  }

  storeFile(channelId: string, file: StoredFile, options: { ephemeral?: boolean; width?: number; height?: number } = {}): Attachment {
    const id = this.nextId();
    const kind = options.ephemeral ? 'ephemeral-attachments' : 'attachments';
    const path = `${this.cdnBaseUrl}/${kind}/${channelId}/${id}/${file.filename}`;
    this.files.set(path, file);
    return {
      id,
      filename: file.filename,
      size: file.bytes.length,
      url: `${path}?ex=6836daff&is=6835897f&hm=abcdef&`,
      proxy_url: `${path}?ex=6836daff&is=6835897f&hm=abcdef&`,
      content_type: file.contentType,
      ...(options.width === undefined ? {} : { width: options.width }),
      ...(options.height === undefined ? {} : { height: options.height }),
    };
  }

  readUpload(uploadedFilename: string): StoredFile | undefined {
    return this.uploads.get(uploadedFilename);
  }

  readCdnUrl(url: string): StoredFile | undefined {
    return this.files.get(url.split('?')[0] ?? url);
  }

  /** Test helper: a file "uploaded" by the client; returns its uploaded_filename. */
  upload(bytes: Buffer, filename = 'image.png'): string {
    const name = `${this.nextId()}/${filename}`;
    this.uploads.set(name, { bytes, filename, contentType: 'image/png' });
    return name;
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
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    this.timers.add(timer);
  }

  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  // ---- sending interactions ----------------------------------------------------------------

  /** POST /interactions as the REST layer does it: build the ReceivedInteraction, ask the bot. */
  send(bot: SimBot, request: InteractionRequest, userId = ALICE.userId): { interaction: ReceivedInteraction; verdict: InteractionVerdict } {
    const message = request.type === InteractionType.MessageComponent ? this.getMessage(request.channel_id, request.message_id) : undefined;
    const interaction: ReceivedInteraction = { id: this.nextId(), userId, sessionId: 'session', request, ...(message ? { message } : {}) };
    return { interaction, verdict: bot.handleInteraction(interaction) };
  }

  command(bot: SimBot, name: string, options: CommandOption[] = [], extra: { attachments?: { id: string; filename: string; uploaded_filename: string }[]; channelId?: string; userId?: string } = {}) {
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

  click(bot: SimBot, message: Message, customId: string, userId?: string) {
    return this.send(bot, {
      type: InteractionType.MessageComponent,
      application_id: bot.applicationId,
      channel_id: message.channel_id,
      guild_id: ALICE.guildId,
      session_id: 'session',
      nonce: this.newNonce(),
      message_id: message.id,
      message_flags: message.flags,
      data: { component_type: ComponentType.Button, custom_id: customId },
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

  private patch(message: Message, patch: Partial<NewMessage>): void {
    if (patch.type !== undefined) message.type = patch.type;
    if (patch.content !== undefined) message.content = patch.content;
    if (patch.flags !== undefined) message.flags = patch.flags | (message.flags & MessageFlags.Ephemeral);
    if (patch.attachments) message.attachments = structuredClone(patch.attachments);
    if (patch.embeds) message.embeds = structuredClone(patch.embeds);
    if (patch.components) message.components = structuredClone(patch.components);
    if (patch.mentionUserId) message.mentions = [this.userObject(patch.mentionUserId)];
    if (patch.interaction) {
      const user = this.userObject(patch.interaction.userId);
      message.application_id = message.author.id;
      message.webhook_id = message.author.id;
      message.interaction = { id: patch.interaction.id, type: patch.interaction.type, name: patch.interaction.name, user };
      message.interaction_metadata = { id: patch.interaction.id, type: patch.interaction.type, name: patch.interaction.name, user };
    }
    if (patch.reference) {
      message.message_reference = { channel_id: message.channel_id, ...patch.reference };
      const referenced = this.messages.get(patch.reference.message_id);
      message.referenced_message = referenced ? structuredClone(referenced) : null;
    }
  }
}
