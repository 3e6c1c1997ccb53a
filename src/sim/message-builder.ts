/** Turns a bot's (or user's) NewMessage into a full Discord message object, and patches it on edits. */
import {
  InteractionType,
  MessageFlags,
  type DiscordUser,
  type Message,
} from '../discord/protocol/index.js';
import type { NewMessage } from './contracts.js';

/** What building a message needs to know about the world. */
export interface MessageContext {
  author(id: string): DiscordUser;
  user(id: string): DiscordUser;
  guildId: string | undefined;
  referenced(channelId: string, messageId: string): Message | undefined;
}

export type MessagePatch = Partial<Omit<NewMessage, 'channelId' | 'authorId'>>;

/** Discord's timestamp shape: microseconds and an explicit +00:00 offset. */
export function discordTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '000+00:00');
}

const CHAT_INPUT_COMMAND_TYPE = 1;

export function buildMessage(id: string, input: NewMessage, context: MessageContext, now: number): Message {
  const message: Message = {
    id,
    channel_id: input.channelId,
    type: input.type,
    flags: 0,
    author: context.author(input.authorId),
    content: '',
    attachments: [],
    embeds: [],
    components: [],
    mentions: [],
    mention_roles: [],
    mention_everyone: false,
    tts: false,
    pinned: false,
    timestamp: discordTimestamp(now),
    edited_timestamp: null,
  };
  if (context.guildId) message.guild_id = context.guildId;
  if (input.nonce !== undefined) message.nonce = input.nonce;
  applyPatch(message, input, context);
  if (input.ephemeralTo) message.flags |= MessageFlags.Ephemeral;
  return message;
}

/** Applies the fields present in `patch` (nonce is ignored: edits never carry one). */
export function applyPatch(message: Message, patch: MessagePatch, context: MessageContext): void {
  if (patch.type !== undefined) message.type = patch.type;
  if (patch.content !== undefined) message.content = patch.content;
  if (patch.flags !== undefined) message.flags = patch.flags | (message.flags & MessageFlags.Ephemeral);
  if (patch.attachments) message.attachments = structuredClone(patch.attachments);
  if (patch.embeds) message.embeds = structuredClone(patch.embeds);
  if (patch.components) message.components = structuredClone(patch.components);
  if (patch.mentionUserId) message.mentions = [context.user(patch.mentionUserId)];
  if (patch.interaction) setInteraction(message, patch.interaction, context);
  if (patch.reference) {
    const reference = { channel_id: message.channel_id, ...patch.reference };
    if (context.guildId) reference.guild_id = context.guildId;
    message.message_reference = reference;
    const referenced = context.referenced(reference.channel_id, reference.message_id);
    message.referenced_message = referenced ? withoutNesting(referenced) : null;
  }
}

function setInteraction(message: Message, interaction: NonNullable<NewMessage['interaction']>, context: MessageContext): void {
  const user = context.user(interaction.userId);
  message.application_id = message.author.id;
  message.webhook_id = message.author.id;
  message.interaction = { id: interaction.id, type: interaction.type, name: interaction.name, user };
  message.interaction_metadata = {
    id: interaction.id,
    type: interaction.type,
    name: interaction.name,
    user,
    authorizing_integration_owners: context.guildId ? { '0': context.guildId } : { '1': user.id },
  };
  if (interaction.type === InteractionType.ApplicationCommand) {
    message.interaction_metadata.command_type = CHAT_INPUT_COMMAND_TYPE;
  }
}

/** A referenced message is copied one level deep, as Discord does. */
function withoutNesting(message: Message): Message {
  const copy = structuredClone(message);
  delete copy.referenced_message;
  delete copy.nonce;
  return copy;
}

/** The partial guild member Discord adds to guild MESSAGE_CREATE/UPDATE dispatches. */
export function guildMember(joinedAt: string): Record<string, unknown> {
  return {
    roles: [],
    joined_at: joinedAt,
    nick: null,
    avatar: null,
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0,
    pending: false,
    communication_disabled_until: null,
  };
}
