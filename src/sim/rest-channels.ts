/** Channel routes: upload slots, messages (send / list), reactions, read acks. */
import { setTimeout as sleep } from 'node:timers/promises';
import { MessageType, type Attachment } from '../discord/protocol/index.js';
import { isRecord } from './guards.js';
import { parseJsonBody } from './rest-body.js';
import { discordError, formError, type RestReply, type Route, type RouteContext } from './rest-types.js';

const MAX_UPLOAD_FILES = 10;
const DEFAULT_MESSAGE_LIMIT = 50;
const MAX_MESSAGE_LIMIT = 100;
const SNOWFLAKE = /^\d{1,20}$/;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const PNG_WIDTH_OFFSET = 16;
const PNG_HEIGHT_OFFSET = 20;

/** Unknown channel → 404 10003, one the user cannot see → 403 50001. */
export function channelRefusal(context: RouteContext, channelId: string): RestReply | undefined {
  const { world } = context.deps;
  if (!world.channel(channelId)) return discordError(404, 10003, 'Unknown Channel');
  if (!world.canSee(context.account.userId, channelId)) return discordError(403, 50001, 'Missing Access');
  return undefined;
}

const INVALID_JSON = discordError(400, 50109, 'The request body contains invalid JSON.');

async function jsonBody(context: RouteContext): Promise<Record<string, unknown> | undefined> {
  const parsed = await parseJsonBody(context.body, context.contentType);
  return parsed && isRecord(parsed.value) ? parsed.value : undefined;
}

async function reserveUploads(context: RouteContext): Promise<RestReply> {
  const [channelId = ''] = context.params;
  const refusal = channelRefusal(context, channelId);
  if (refusal) return refusal;
  const body = await jsonBody(context);
  if (!body) return INVALID_JSON;
  const files = Array.isArray(body.files) ? body.files : [];
  if (files.length === 0 || files.length > MAX_UPLOAD_FILES) return formError(['files'], 'BASE_TYPE_BAD_LENGTH', `Must be between 1 and ${MAX_UPLOAD_FILES} in length.`);
  const attachments = [];
  for (const file of files) {
    if (!isRecord(file) || typeof file.filename !== 'string' || file.filename === '') {
      return formError(['files'], 'BASE_TYPE_REQUIRED', 'Every file needs a filename');
    }
    const slot = context.deps.cdn.reserveUpload(file.filename);
    attachments.push({ id: file.id ?? 0, upload_url: slot.uploadUrl, upload_filename: slot.uploadFilename });
  }
  return { status: 200, body: { attachments } };
}

async function sendMessage(context: RouteContext): Promise<RestReply> {
  const [channelId = ''] = context.params;
  const refusal = channelRefusal(context, channelId);
  if (refusal) return refusal;
  const body = await jsonBody(context);
  if (!body) return INVALID_JSON;
  const { world } = context.deps;
  const content = typeof body.content === 'string' ? body.content : '';
  const references = Array.isArray(body.attachments) ? body.attachments : [];
  const attachments: Attachment[] = [];
  for (const [index, reference] of references.entries()) {
    const uploaded = isRecord(reference) ? reference.uploaded_filename : undefined;
    const file = typeof uploaded === 'string' ? world.readUpload(uploaded) : undefined;
    if (!isRecord(reference) || !file) {
      return formError(['attachments', String(index), 'uploaded_filename'], 'ATTACHMENT_NOT_FOUND', 'Unknown uploaded file');
    }
    const filename = typeof reference.filename === 'string' && reference.filename ? reference.filename : file.filename;
    attachments.push(world.storeFile(channelId, { ...file, filename }, pngSize(file.bytes)));
  }
  if (content === '' && attachments.length === 0) return discordError(400, 50006, 'Cannot send an empty message');
  const nonce = typeof body.nonce === 'string' || typeof body.nonce === 'number' ? String(body.nonce) : undefined;
  const message = world.createMessage({
    channelId,
    authorId: context.account.userId,
    type: MessageType.Default,
    content,
    attachments,
    ...(nonce === undefined ? {} : { nonce }),
  });
  return { status: 200, body: message };
}

async function listMessages(context: RouteContext): Promise<RestReply> {
  if (context.deps.readDelay.ms > 0) await sleep(context.deps.readDelay.ms);
  const [channelId = ''] = context.params;
  const refusal = channelRefusal(context, channelId);
  if (refusal) return refusal;
  const limit = Number(context.query.get('limit') ?? DEFAULT_MESSAGE_LIMIT);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_MESSAGE_LIMIT) return formError(['limit'], 'NUMBER_TYPE_MAX', `Must be between 1 and ${MAX_MESSAGE_LIMIT}.`);
  const before = context.query.get('before') ?? undefined;
  const after = context.query.get('after') ?? undefined;
  for (const [name, value] of [['before', before], ['after', after]] as const) {
    if (value !== undefined && !SNOWFLAKE.test(value)) return formError([name], 'NUMBER_TYPE_COERCE', `Value "${value}" is not snowflake.`);
  }
  return { status: 200, body: context.deps.world.listMessages(channelId, { limit, before, after }) };
}

function getChannel(context: RouteContext): RestReply {
  const [channelId = ''] = context.params;
  return channelRefusal(context, channelId) ?? { status: 200, body: context.deps.world.channel(channelId) };
}

/** A message the user can see in that channel, or the 404 for it. */
function visibleMessage(context: RouteContext) {
  const [channelId = '', messageId = ''] = context.params;
  const refusal = channelRefusal(context, channelId);
  if (refusal) return refusal;
  const { world } = context.deps;
  const message = world.getMessage(channelId, messageId);
  const owner = world.ephemeralOwner(channelId, messageId);
  if (!message || (owner !== undefined && owner !== context.account.userId)) return discordError(404, 10008, 'Unknown Message');
  return message;
}

function addReaction(context: RouteContext): RestReply {
  const message = visibleMessage(context);
  if ('status' in message) return message;
  const emoji = context.params[2] ?? '';
  const { world } = context.deps;
  const userId = context.account.userId;
  return {
    status: 204,
    after: () => {
      world.reactionAdded(userId, message, emoji);
      world.bot(message.author.id)?.handleReaction?.(userId, message.channel_id, message.id, emoji);
    },
  };
}

function ackMessage(context: RouteContext): RestReply {
  const message = visibleMessage(context);
  return 'status' in message ? message : { status: 200, body: { token: null } };
}

/** Width and height of a PNG, read from its IHDR chunk. */
function pngSize(bytes: Buffer): { width?: number; height?: number } {
  if (bytes.length < PNG_HEIGHT_OFFSET + 4 || !bytes.subarray(0, PNG_SIGNATURE.length).equals(PNG_SIGNATURE)) return {};
  return { width: bytes.readUInt32BE(PNG_WIDTH_OFFSET), height: bytes.readUInt32BE(PNG_HEIGHT_OFFSET) };
}

export const channelRoutes: Route[] = [
  { method: 'GET', pattern: /^\/channels\/(\d+)$/, bucket: 'channel', handle: getChannel },
  { method: 'POST', pattern: /^\/channels\/(\d+)\/attachments$/, bucket: 'attachments', handle: reserveUploads },
  { method: 'POST', pattern: /^\/channels\/(\d+)\/messages$/, bucket: 'messages-send', handle: sendMessage },
  { method: 'GET', pattern: /^\/channels\/(\d+)\/messages$/, bucket: 'messages-list', handle: listMessages },
  { method: 'PUT', pattern: /^\/channels\/(\d+)\/messages\/(\d+)\/reactions\/([^/]+)\/@me$/, bucket: 'reactions', handle: addReaction },
  { method: 'POST', pattern: /^\/channels\/(\d+)\/messages\/(\d+)\/ack$/, bucket: 'ack', handle: ackMessage },
];
