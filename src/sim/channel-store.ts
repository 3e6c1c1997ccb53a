/** Channels, who sees them, and their messages (ephemeral ones kept apart: never listed, one viewer). */
import type { Channel, Message } from '../discord/protocol/index.js';

const DM_CHANNEL = 1;

interface ChannelState {
  channel: Channel;
  viewers: Set<string>;
  messages: Map<string, Message>;
}

export class ChannelStore {
  private readonly channels = new Map<string, ChannelState>();
  private readonly ephemeral = new Map<string, { message: Message; userId: string }>();

  /** Adds the channel if new, and lets `viewerId` see it. */
  add(channel: Channel, viewerId: string): void {
    let state = this.channels.get(channel.id);
    if (!state) {
      state = { channel, viewers: new Set(), messages: new Map() };
      this.channels.set(channel.id, state);
    }
    state.viewers.add(viewerId);
  }

  channel(channelId: string): Channel | undefined {
    const state = this.channels.get(channelId);
    return state ? structuredClone(state.channel) : undefined;
  }

  canSee(userId: string, channelId: string): boolean {
    return this.channels.get(channelId)?.viewers.has(userId) ?? false;
  }

  visibleTo(userId: string): Channel[] {
    return [...this.channels.values()].filter((state) => state.viewers.has(userId)).map((state) => structuredClone(state.channel));
  }

  findDm(userId: string, recipientId: string): Channel | undefined {
    const found = [...this.channels.values()].find((state) =>
      state.channel.type === DM_CHANNEL && state.viewers.has(userId) && state.channel.recipient_ids?.includes(recipientId));
    return found ? structuredClone(found.channel) : undefined;
  }

  /** The stored message itself (callers clone before handing it out). */
  find(channelId: string, messageId: string): Message | undefined {
    return this.channels.get(channelId)?.messages.get(messageId) ?? this.ephemeralIn(channelId, messageId)?.message;
  }

  ephemeralOwner(channelId: string, messageId: string): string | undefined {
    return this.ephemeralIn(channelId, messageId)?.userId;
  }

  put(message: Message, ephemeralTo: string | undefined): void {
    if (ephemeralTo) {
      this.ephemeral.set(message.id, { message, userId: ephemeralTo });
      return;
    }
    const state = this.channels.get(message.channel_id);
    if (!state) throw new Error(`unknown channel ${message.channel_id}`);
    state.messages.set(message.id, message);
    state.channel.last_message_id = message.id;
  }

  remove(channelId: string, messageId: string): void {
    this.channels.get(channelId)?.messages.delete(messageId);
    if (this.ephemeralIn(channelId, messageId)) this.ephemeral.delete(messageId);
  }

  /** Non-ephemeral messages, newest first, without nonces (as REST lists them). */
  list(channelId: string, query: { limit: number; before?: string; after?: string }): Message[] {
    const state = this.channels.get(channelId);
    if (!state) return [];
    const before = query.before === undefined ? undefined : BigInt(query.before);
    const after = query.after === undefined ? undefined : BigInt(query.after);
    return [...state.messages.values()]
      .reverse()
      .filter((message) => (before === undefined || BigInt(message.id) < before) && (after === undefined || BigInt(message.id) > after))
      .slice(0, query.limit)
      .map((message) => {
        const copy = structuredClone(message);
        delete copy.nonce;
        return copy;
      });
  }

  /** Users who get dispatches about this message. */
  audience(message: Message): string[] {
    const owner = this.ephemeralIn(message.channel_id, message.id)?.userId;
    if (owner) return [owner];
    return [...(this.channels.get(message.channel_id)?.viewers ?? [])];
  }

  private ephemeralIn(channelId: string, messageId: string) {
    const entry = this.ephemeral.get(messageId);
    return entry && entry.message.channel_id === channelId ? entry : undefined;
  }
}
