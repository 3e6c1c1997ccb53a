/** How the bot answers an interaction: acknowledgement, replies, deferred "thinking" replies. */
import {
  MessageFlags,
  MessageType,
  type Embed,
  type Message,
} from '../../discord/protocol/index.js';
import type { NewMessage, ReceivedInteraction } from '../contracts.js';
import { detach, type BotContext, type Origin } from './context.js';
import { ACK_MS, DEFERRED_ANSWER_MS, scaled, sleep } from './timing.js';

export type MessageBody = Partial<Pick<NewMessage, 'content' | 'embeds' | 'components' | 'attachments' | 'flags'>>;

export function originOf(interaction: ReceivedInteraction, name: string, source?: Message): Origin {
  return { interaction, name, nonce: interaction.request.nonce, ...(source ? { source } : {}) };
}

export function channelOf(origin: Origin): string {
  return origin.interaction.request.channel_id;
}

/** The fields every answer to this interaction carries (DISCORD.md §3.3, §4.0). */
export function answerFields(applicationId: string, origin: Origin, ephemeral: boolean): NewMessage {
  const { interaction } = origin;
  return {
    channelId: channelOf(origin),
    authorId: applicationId,
    type: origin.source ? MessageType.Reply : MessageType.ChatInputCommand,
    content: '',
    mentionUserId: interaction.userId,
    interaction: { id: interaction.id, type: interaction.request.type, name: origin.name, userId: interaction.userId },
    ...(origin.nonce === undefined ? {} : { nonce: origin.nonce }),
    ...(origin.source ? { reference: { message_id: origin.source.id, channel_id: origin.source.channel_id } } : {}),
    ...(ephemeral ? { ephemeralTo: interaction.userId } : {}),
  };
}

export function reply(ctx: BotContext, origin: Origin, body: MessageBody, ephemeral = false): Message {
  return ctx.world.createMessage({ ...answerFields(ctx.flavour.applicationId, origin, ephemeral), ...body });
}

/** Red embeds go to the requester only (DISCORD.md §4.12), still carrying the nonce. */
export function replyError(ctx: BotContext, origin: Origin, embed: Embed): Message {
  return reply(ctx, origin, { embeds: [embed] }, true);
}

/** After the bot's usual reaction time: INTERACTION_SUCCESS, then `then`. */
export function afterAck(ctx: BotContext, origin: Origin, then: () => void): void {
  ctx.world.later(scaled(ctx.world, ACK_MS), () => {
    ctx.world.interactionSucceeded(origin.interaction);
    then();
  });
}

/**
 * A deferred answer (DISCORD.md §4.0 notes): an empty "thinking" message (flags 128) with the nonce,
 * later edited, without nonce and without the loading flag, into what `produce` returns for that message.
 */
export function deferredAnswer(ctx: BotContext, origin: Origin, ephemeral: boolean, produce: (messageId: string) => MessageBody | Promise<MessageBody>): void {
  afterAck(ctx, origin, () => {
    const thinking = reply(ctx, origin, { flags: MessageFlags.Loading }, ephemeral);
    detach(ctx, (async () => {
      await sleep(ctx.world, scaled(ctx.world, DEFERRED_ANSWER_MS));
      const body = await produce(thinking.id);
      ctx.world.updateMessage(thinking.channel_id, thinking.id, { flags: 0, ...body });
    })());
  });
}
