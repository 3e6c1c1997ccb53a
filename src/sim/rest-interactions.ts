/** POST /interactions: validation, 204, INTERACTION_CREATE, then the bot named by application_id. */
import {
  InteractionType,
  INVALID_COMMAND_ERROR,
  INVALID_VERSION_ERROR,
  type InteractionRequest,
  type Message,
} from '../discord/protocol/index.js';
import type { ReceivedInteraction, SimBot } from './contracts.js';
import type { InteractionFault } from './faults.js';
import { isRecord } from './guards.js';
import { parseJsonBody } from './rest-body.js';
import { discordError, formError, type RestReply, type RouteContext } from './rest-types.js';

const MAX_NONCE_LENGTH = 25;
/** The longest text a slash command option may carry. */
const MAX_OPTION_LENGTH = 6000;
const ACCEPTED_TYPES = new Set<number>([InteractionType.ApplicationCommand, InteractionType.MessageComponent, InteractionType.ModalSubmit]);
/** A JSON number nonce, read from the raw text so that big integers keep every digit. */
const RAW_NUMBER_NONCE = /"nonce"\s*:\s*(-?\d+)/;

export async function postInteraction(context: RouteContext): Promise<RestReply> {
  const fault = context.deps.interactionFaults.take();
  if (fault && !('processed' in fault && fault.processed)) return faultReply(fault);
  const parsed = await parseJsonBody(context.body, context.contentType);
  if (!parsed || !isRecord(parsed.value)) return discordError(400, 50109, 'The request body contains invalid JSON.');
  const payload = parsed.value;
  const { world } = context.deps;

  if (typeof payload.type !== 'number' || !ACCEPTED_TYPES.has(payload.type)) return formError(['type'], 'BASE_TYPE_CHOICES', 'Value must be one of (2, 3, 5).');
  const nonce = nonceOf(payload.nonce, parsed.text);
  if (nonce === null) return formError(['nonce'], 'BASE_TYPE_MAX_LENGTH', `Must be ${MAX_NONCE_LENGTH} or fewer in length.`);
  if (typeof payload.channel_id !== 'string') return formError(['channel_id'], 'BASE_TYPE_REQUIRED', 'This field is required');
  if (typeof payload.application_id !== 'string') return formError(['application_id'], 'BASE_TYPE_REQUIRED', 'This field is required');
  if (!isRecord(payload.data)) return formError(['data'], 'BASE_TYPE_REQUIRED', 'This field is required');

  const bot = world.bot(payload.application_id);
  if (!bot) return discordError(404, 10002, 'Unknown Application');
  if (!world.channel(payload.channel_id)) return discordError(404, 10003, 'Unknown Channel');
  if (!world.canSee(context.account.userId, payload.channel_id)) return discordError(403, 50001, 'Missing Access');

  const request = { ...payload, nonce, session_id: String(payload.session_id ?? '') } as unknown as InteractionRequest;
  const interaction: ReceivedInteraction = { id: world.nextId(), userId: context.account.userId, sessionId: request.session_id, request };
  const refusal = checkByType(context, bot, payload, interaction);
  if (refusal) return refusal;

  const { result: verdict, release } = world.holdDispatchesDuring(() => bot.handleInteraction(interaction));
  if (!verdict.ok) {
    release();
    return discordError(verdict.status, verdict.code, verdict.message, verdict.errors);
  }
  const after = () => {
    world.interactionCreated(interaction);
    release();
  };
  // A fault after processing: the job goes on; only the answer is lost on the way.
  return fault ? { ...faultReply(fault), after } : { status: 204, after };
}

/** The nonce echoed byte for byte as a string; '' when absent; null when too long. */
function nonceOf(value: unknown, rawJson: string): string | null {
  let nonce = '';
  if (typeof value === 'string') nonce = value;
  else if (typeof value === 'number') nonce = RAW_NUMBER_NONCE.exec(rawJson)?.[1] ?? String(value);
  return nonce.length > MAX_NONCE_LENGTH ? null : nonce;
}

function checkByType(context: RouteContext, bot: SimBot, payload: Record<string, unknown>, interaction: ReceivedInteraction): RestReply | undefined {
  const data = payload.data as Record<string, unknown>;
  switch (payload.type) {
    case InteractionType.ApplicationCommand:
      return checkCommand(context, bot, data);
    case InteractionType.MessageComponent: {
      const found = componentMessage(context, bot, payload);
      if ('status' in found) return found;
      interaction.message = found;
      if (typeof data.custom_id !== 'string') return formError(['data', 'custom_id'], 'BASE_TYPE_REQUIRED', 'This field is required');
      return undefined;
    }
    default:
      if (typeof data.custom_id !== 'string' || typeof data.id !== 'string') {
        return formError(['data'], 'BASE_TYPE_REQUIRED', 'Modal submits need data.id and data.custom_id');
      }
      return undefined;
  }
}

function checkCommand(context: RouteContext, bot: SimBot, data: Record<string, unknown>): RestReply | undefined {
  const command = bot.commands.find((candidate) => candidate.id === data.id && candidate.name === data.name);
  if (!command) return formError(['data'], INVALID_COMMAND_ERROR, 'Unknown application command');
  if (context.deps.strictCommandVersions && data.version !== command.version) {
    return formError(['data'], INVALID_VERSION_ERROR, 'This command is outdated, please try again in a few minutes');
  }
  const options = Array.isArray(data.options) ? data.options : [];
  for (const [index, option] of options.entries()) {
    const value = isRecord(option) ? option.value : undefined;
    if (typeof value === 'string' && value.length > MAX_OPTION_LENGTH) {
      return formError(['data', 'options', String(index), 'value'], 'BASE_TYPE_MAX_LENGTH', `Must be ${MAX_OPTION_LENGTH} or fewer in length.`);
    }
  }
  const attachments = Array.isArray(data.attachments) ? data.attachments : [];
  for (const [index, attachment] of attachments.entries()) {
    const uploaded = isRecord(attachment) ? attachment.uploaded_filename : undefined;
    if (typeof uploaded !== 'string' || !context.deps.world.readUpload(uploaded)) {
      return formError(['data', 'attachments', String(index), 'uploaded_filename'], 'ATTACHMENT_NOT_FOUND', 'Unknown uploaded file');
    }
  }
  return undefined;
}

/** The message whose component was used: it must be in that channel, visible, and the bot's own. */
function componentMessage(context: RouteContext, bot: SimBot, payload: Record<string, unknown>): Message | RestReply {
  const { world } = context.deps;
  const channelId = payload.channel_id as string;
  const messageId = typeof payload.message_id === 'string' ? payload.message_id : '';
  const message = world.getMessage(channelId, messageId);
  const owner = world.ephemeralOwner(channelId, messageId);
  if (!message || (owner !== undefined && owner !== context.account.userId)) return discordError(404, 10008, 'Unknown Message');
  if (message.author.id !== bot.applicationId) {
    return formError(['message_id'], 'COMPONENT_VALIDATION_FAILED', 'The message does not belong to this application');
  }
  return message;
}

function faultReply(fault: InteractionFault): RestReply {
  if (fault.kind === 'reset') return { status: 0, reset: true };
  if (fault.kind === 'server-error') {
    return { status: fault.status, body: { message: `${fault.status}: Internal Server Error`, code: 0 } };
  }
  const global = fault.scope === 'global';
  return {
    status: 429,
    body: { message: 'You are being rate limited.', retry_after: fault.retryAfterSeconds, global },
    headers: {
      'Retry-After': String(Math.ceil(fault.retryAfterSeconds)),
      'X-RateLimit-Scope': fault.scope,
      'X-RateLimit-Remaining': '0',
      'X-RateLimit-Reset-After': fault.retryAfterSeconds.toFixed(3),
      ...(global ? { 'X-RateLimit-Global': 'true' } : {}),
    },
  };
}
