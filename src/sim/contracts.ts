/**
 * The seam inside the simulator: the simulated Discord (world: gateway, REST, CDN) on one side,
 * the simulated bots (Midjourney, niji・journey, InsightFace) on the other. Bots only speak
 * through SimWorld, exactly as a real bot only speaks through Discord.
 */
import type {
  ActionRow,
  ApplicationCommand,
  Attachment,
  DiscordUser,
  Embed,
  InteractionRequest,
  Message,
  MessageReference,
} from '../discord/protocol/index.js';

export interface SimAccount {
  userId: string;
  username: string;
  token: string;
  guildId: string;
  channelId: string;
  /** DM channel between this user and the Midjourney bot. */
  dmChannelId: string;
}

/** What a bot asks the world to post. Ids, timestamps, author and guild fields are filled in. */
export interface NewMessage {
  channelId: string;
  /** The bot (application id) that writes it. */
  authorId: string;
  type: number;
  content: string;
  flags?: number;
  nonce?: string;
  attachments?: Attachment[];
  embeds?: Embed[];
  components?: ActionRow[];
  /** The requesting user: mentioned, and the `interaction.user`. */
  mentionUserId?: string;
  /** Sets `interaction` and `interaction_metadata` (answers to an interaction). */
  interaction?: { id: string; type: number; name: string; userId: string };
  /** Sets `message_reference` and a full copy in `referenced_message`. */
  reference?: MessageReference & { message_id: string };
  /** Ephemeral messages are dispatched to this user only and never listed over REST. */
  ephemeralTo?: string;
}

export interface StoredFile {
  bytes: Buffer;
  filename: string;
  contentType: string;
}

/** An interaction the REST layer accepted (after its 204 and INTERACTION_CREATE). */
export interface ReceivedInteraction {
  /** The interaction id (a new snowflake). */
  id: string;
  userId: string;
  /** session_id from the request; may be unknown (then INTERACTION_* go to all the user's sessions). */
  sessionId: string;
  request: InteractionRequest;
  /** For a component interaction: the message whose button was clicked. */
  message?: Message;
}

export interface ModalSpec {
  customId: string;
  title: string;
  components: ActionRow[];
}

export interface IframeModalSpec {
  customId: string;
  title: string;
  iframePath: string;
  modalSize?: number;
}

/** Where bots report the jobs they start and end (the simulator's record for tests, never read back). */
export interface JobLedger {
  jobStarted(jobId: string, interactionId: string, userId: string, kind: string): void;
  jobEnded(jobId: string, status: 'done' | 'stopped', finalMessageId?: string): void;
}

export interface SimWorld {
  readonly cdnBaseUrl: string;
  readonly ledger: JobLedger;
  readonly activityBaseUrl: string;
  /** Multiplies every simulated delay; 1 = real time. Bots derive job lengths from jobSeconds. */
  readonly jobSeconds: number;

  nextId(): string;
  accounts(): SimAccount[];
  account(userId: string): SimAccount | undefined;
  userObject(userId: string): DiscordUser;
  botUser(applicationId: string): DiscordUser;

  getMessage(channelId: string, messageId: string): Message | undefined;
  /** Stores (unless ephemeral) and dispatches MESSAGE_CREATE to every session that can see it. */
  createMessage(input: NewMessage): Message;
  /** Edits and dispatches MESSAGE_UPDATE with the full message, no nonce, `edited_timestamp` set. */
  updateMessage(channelId: string, messageId: string, patch: Partial<Omit<NewMessage, 'channelId' | 'authorId'>>): Message;
  /** Removes and dispatches MESSAGE_DELETE. */
  deleteMessage(channelId: string, messageId: string): void;

  /** Stores bytes on the simulated CDN and returns the attachment object with signed-looking URLs. */
  storeFile(channelId: string, file: StoredFile, options?: { ephemeral?: boolean; width?: number; height?: number }): Attachment;
  /** A file a client uploaded with the three-step attachment flow, by `uploaded_filename`. */
  readUpload(uploadedFilename: string): StoredFile | undefined;
  /** Bytes behind a URL of this simulated CDN (for describe links and image prompts). */
  readCdnUrl(url: string): StoredFile | undefined;

  interactionSucceeded(interaction: ReceivedInteraction): void;
  interactionFailed(interaction: ReceivedInteraction, reasonCode: number): void;
  /** INTERACTION_MODAL_CREATE (then INTERACTION_SUCCESS). */
  openModal(interaction: ReceivedInteraction, modal: ModalSpec): void;
  /** INTERACTION_IFRAME_MODAL_CREATE (then INTERACTION_SUCCESS). */
  openIframeModal(interaction: ReceivedInteraction, modal: IframeModalSpec): void;

  /** setTimeout that the world cancels on close. */
  later(ms: number, fn: () => void): void;
}

/** The answer of a bot to an interaction, decided synchronously by the REST layer. */
export type InteractionVerdict =
  | { ok: true }
  /** A REST-level refusal, e.g. 400 50035 for a component that is not on the message. */
  | { ok: false; status: number; code: number; message: string; errors?: unknown };

export interface SimBot {
  readonly applicationId: string;
  readonly user: DiscordUser;
  readonly commands: ApplicationCommand[];
  /** Validate synchronously (verdict), then act asynchronously through the world. */
  handleInteraction(interaction: ReceivedInteraction): InteractionVerdict;
  /** A user added a reaction to one of this bot's messages (✉️ → seed DM). */
  handleReaction?(userId: string, channelId: string, messageId: string, emoji: string): void;
  /** POST {activityBaseUrl}/inpaint/api/submit-job. */
  handleActivitySubmit?(userId: string, body: Record<string, unknown>): { status: number; body: unknown };
}
