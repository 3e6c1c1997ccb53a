/**
 * POST /interactions bodies (DISCORD.md §2.3–§2.5), shaped as a browser session sends them. Command
 * ids and versions always come from the discovered command, never from constants here.
 */
import { ApplicationCommandOptionType, ComponentType, InteractionType } from '../../discord/protocol/index.js';
import type {
  ApplicationCommand,
  CommandInteractionRequest,
  CommandOption,
  ComponentInteractionRequest,
  InteractionAttachmentRef,
  ModalInteractionRequest,
} from '../../discord/protocol/index.js';

/** Where and as whom an interaction is sent. `guildId` is absent in DM channels. */
export interface InteractionContext {
  applicationId: string;
  guildId?: string;
  channelId: string;
  sessionId: string;
  nonce: string;
}

export type BlendDimensions = '--ar 2:3' | '--ar 1:1' | '--ar 3:2';
export type DescribeSource = { upload: InteractionAttachmentRef } | { link: string };

/** CHAT_INPUT, the only application command type Midjourney has. */
const CHAT_INPUT_COMMAND = 1;

function envelope(ctx: InteractionContext) {
  return {
    application_id: ctx.applicationId,
    ...(ctx.guildId ? { guild_id: ctx.guildId } : {}),
    channel_id: ctx.channelId,
    session_id: ctx.sessionId,
    nonce: ctx.nonce,
  };
}

const stringOption = (name: string, value: string): CommandOption => ({ type: ApplicationCommandOptionType.String, name, value });

/** Uploads renumbered 0..n-1: the attachment option's value is the attachment's position. */
const indexed = (uploads: readonly InteractionAttachmentRef[]): InteractionAttachmentRef[] =>
  uploads.map((upload, i) => ({ id: String(i), filename: upload.filename, uploaded_filename: upload.uploaded_filename }));

/** Any slash command; the other command builders are this with their options. */
export function buildCommand(
  ctx: InteractionContext,
  cmd: ApplicationCommand,
  options: CommandOption[] = [],
  attachments: InteractionAttachmentRef[] = [],
): CommandInteractionRequest {
  return {
    type: InteractionType.ApplicationCommand,
    ...envelope(ctx),
    data: {
      version: cmd.version,
      id: cmd.id,
      name: cmd.name,
      type: CHAT_INPUT_COMMAND,
      options,
      // The web client echoes the command object it picked from the index.
      application_command: cmd,
      attachments,
    },
  };
}

export const buildImagine = (ctx: InteractionContext, cmd: ApplicationCommand, prompt: string): CommandInteractionRequest =>
  buildCommand(ctx, cmd, [stringOption('prompt', prompt)]);

export function buildBlend(
  ctx: InteractionContext,
  cmd: ApplicationCommand,
  uploads: readonly InteractionAttachmentRef[],
  dimensions: BlendDimensions,
): CommandInteractionRequest {
  const attachments = indexed(uploads);
  const images = attachments.map((_, i): CommandOption => ({ type: ApplicationCommandOptionType.Attachment, name: `image${i + 1}`, value: i }));
  return buildCommand(ctx, cmd, [...images, stringOption('dimensions', dimensions)], attachments);
}

export function buildDescribe(ctx: InteractionContext, cmd: ApplicationCommand, source: DescribeSource): CommandInteractionRequest {
  if ('link' in source) return buildCommand(ctx, cmd, [stringOption('link', source.link)]);
  return buildCommand(ctx, cmd, [{ type: ApplicationCommandOptionType.Attachment, name: 'image', value: 0 }], indexed([source.upload]));
}

export const buildShorten = (ctx: InteractionContext, cmd: ApplicationCommand, prompt: string): CommandInteractionRequest =>
  buildCommand(ctx, cmd, [stringOption('prompt', prompt)]);

/** /info, /settings, /fast, /relax, /turbo: commands without options. */
export const buildSimpleCommand = (ctx: InteractionContext, cmd: ApplicationCommand): CommandInteractionRequest =>
  buildCommand(ctx, cmd);

/** /prefer remix (toggles): the `remix` subcommand of /prefer. */
export const buildPreferRemix = (ctx: InteractionContext, cmd: ApplicationCommand): CommandInteractionRequest =>
  buildCommand(ctx, cmd, [{ type: ApplicationCommandOptionType.SubCommand, name: 'remix', options: [] }]);

/** /show job_id — always in the DM channel with the bot, so never with a guild. */
export function buildShow(ctx: InteractionContext, cmd: ApplicationCommand, jobId: string): CommandInteractionRequest {
  const { guildId: _inDmNoGuild, ...dm } = ctx;
  return buildCommand(dm, cmd, [stringOption('job_id', jobId)]);
}

/** InsightFace `/saveid idname image`: stores a face under a name. */
export const buildSaveFace = (
  ctx: InteractionContext,
  cmd: ApplicationCommand,
  idName: string,
  upload: InteractionAttachmentRef,
): CommandInteractionRequest =>
  buildCommand(
    ctx,
    cmd,
    [stringOption('idname', idName), { type: ApplicationCommandOptionType.Attachment, name: 'image', value: 0 }],
    indexed([upload]),
  );

/** InsightFace `/swapid idname image`: puts the saved face onto the image. */
export const buildSwapFace = buildSaveFace;

export interface ButtonClick {
  messageId: string;
  /** The flags of the message carrying the button (64 for ephemeral ones). */
  messageFlags: number;
  customId: string;
}

export function buildButton(ctx: InteractionContext, click: ButtonClick): ComponentInteractionRequest {
  return {
    type: InteractionType.MessageComponent,
    ...envelope(ctx),
    message_id: click.messageId,
    message_flags: click.messageFlags,
    data: { component_type: ComponentType.Button, custom_id: click.customId },
  };
}

export interface MenuPick {
  messageId: string;
  messageFlags: number;
  customId: string;
  values: string[];
}

/** A pick in a select menu (the /settings version menu, DISCORD.md §2.4). */
export function buildSelect(ctx: InteractionContext, pick: MenuPick): ComponentInteractionRequest {
  return {
    type: InteractionType.MessageComponent,
    ...envelope(ctx),
    message_id: pick.messageId,
    message_flags: pick.messageFlags,
    data: { component_type: ComponentType.StringSelect, type: ComponentType.StringSelect, custom_id: pick.customId, values: pick.values },
  };
}

export interface ModalAnswer {
  /** The id of the interaction that opened the modal (INTERACTION_MODAL_CREATE `id`). */
  interactionId: string;
  modalCustomId: string;
  inputCustomId: string;
  value: string;
}

export function buildModalSubmit(ctx: InteractionContext, answer: ModalAnswer): ModalInteractionRequest {
  return {
    type: InteractionType.ModalSubmit,
    ...envelope(ctx),
    data: {
      id: answer.interactionId,
      custom_id: answer.modalCustomId,
      components: [
        {
          type: ComponentType.ActionRow,
          components: [{ type: ComponentType.TextInput, custom_id: answer.inputCustomId, value: answer.value }],
        },
      ],
    },
  };
}
