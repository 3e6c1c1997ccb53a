/**
 * Turns schema-checked bodies into the task service's requests: case-insensitive enums, defaults,
 * the checks a schema cannot express, and image decoding. Every refusal is a FieldError.
 */
import type {
  AccountFilter, ActionRequest, BlendRequest, ChangeRequest, DescribeRequest, ImageInput, ImagineRequest,
  ModalRequest, ShortenRequest, SubmitCommon, SwapFaceRequest, UploadRequest, VideoRequest,
} from '../tasks/api-port.js';
import { isHostAllowed } from '../lib/allowed-hosts.js';
import type { BotType, TaskMode } from '../tasks/task.js';
import type { AccountFilterBody, SubmitCommonBody } from './schemas/common.js';
import {
  MAX_IMAGINE_IMAGES, type ActionBodyT, type BlendBodyT, type ChangeBodyT, type DescribeBodyT,
  type ImagineBodyT, type ModalBodyT, type ShortenBodyT, type SimpleChangeBodyT, type SwapFaceBodyT, type UploadBodyT,
  type VideoBodyT,
} from './schemas/submit.js';
import { FieldError } from './wire.js';

export interface RequestContext {
  /** Decodes one image input, refusing it with a FieldError naming `field`. */
  image(field: string, value: string): Promise<ImageInput>;
  /** notify.allowedHosts in force: the host names a notifyHook may call (empty = any). */
  notifyHosts: () => readonly string[];
  /** From the URL prefix (/mj-fast, /relax, ...). */
  prefixMode?: TaskMode;
}

const MODES: readonly TaskMode[] = ['FAST', 'RELAX', 'TURBO'];
const BOT_TYPES = new Map<string, BotType>([
  ['MID_JOURNEY', 'MID_JOURNEY'], ['MJ', 'MID_JOURNEY'], ['NIJI_JOURNEY', 'NIJI_JOURNEY'], ['NIJI', 'NIJI_JOURNEY'],
]);
const DIMENSIONS = ['PORTRAIT', 'SQUARE', 'LANDSCAPE'] as const;
const CHANGE_ACTIONS = ['UPSCALE', 'VARIATION', 'REROLL'] as const;
const MOTIONS = ['low', 'high'] as const;
/** "<taskId> U2", "<taskId> v1", "<taskId> R" (old protocol). */
const SIMPLE_CHANGE = /^\s*(\S+)\s+(?:([uv])([1-4])|(r))\s*$/i;
const HTTP_URL = /^https?:\/\//i;

/** The value among `allowed` (compared after `normalise`), undefined when absent or "". */
function oneOf<T extends string>(field: string, value: string | undefined, allowed: readonly T[], normalise = (v: string) => v.toUpperCase()): T | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const found = allowed.find((candidate) => candidate === normalise(value.trim()));
  if (found === undefined) throw new FieldError(field, { kind: 'enum', values: allowed });
  return found;
}

function requireText(field: string, value: string | undefined): string {
  const text = value?.trim() ?? '';
  if (text === '') throw new FieldError(field, { kind: 'required' });
  return text;
}

function httpUrl(field: string, value: string | undefined): string | undefined {
  const text = value?.trim() ?? '';
  if (text === '') return undefined;
  if (!HTTP_URL.test(text) || !URL.canParse(text)) throw new FieldError(field, { kind: 'url' });
  return text;
}

function accountFilter(field: string, body: AccountFilterBody | undefined): AccountFilter | undefined {
  if (body === undefined) return undefined;
  const filter: AccountFilter = {};
  // Typed clients send unset strings as "" and unset lists as []: those mean "any".
  if (body.channelId) filter.channelId = body.channelId;
  if (body.instanceId) filter.instanceId = body.instanceId;
  if (body.remark) filter.remark = body.remark;
  const modes = (body.modes ?? []).flatMap((mode, i) => oneOf(`${field}.modes[${i}]`, mode, MODES) ?? []);
  if (modes.length > 0) filter.modes = modes;
  if (body.remix !== undefined) filter.remix = body.remix;
  if (body.remixAutoConsidered !== undefined) filter.remixAutoConsidered = body.remixAutoConsidered;
  return Object.keys(filter).length > 0 ? filter : undefined;
}

function botTypeOf(value: string | undefined): BotType | undefined {
  const key = value?.trim().toUpperCase() ?? '';
  if (key === '') return undefined;
  const botType = BOT_TYPES.get(key);
  if (botType === undefined) throw new FieldError('botType', { kind: 'enum', values: ['MID_JOURNEY', 'NIJI_JOURNEY'] });
  return botType;
}

function notifyHook(value: string | undefined, allowedHosts: readonly string[]): string | undefined {
  const hook = httpUrl('notifyHook', value);
  if (hook !== undefined && !isHostAllowed(allowedHosts, new URL(hook))) throw new FieldError('notifyHook', { kind: 'hostNotAllowed' });
  return hook;
}

function common(body: SubmitCommonBody, ctx: RequestContext): SubmitCommon {
  const request: SubmitCommon = {
    notifyHook: notifyHook(body.notifyHook, ctx.notifyHosts()),
    state: body.state,
    botType: botTypeOf(body.botType),
    accountFilter: accountFilter('accountFilter', body.accountFilter),
    mode: oneOf('mode', body.mode, MODES),
    prefixMode: ctx.prefixMode,
  };
  // Absent keys rather than `undefined` ones: the service may serialise or spread the request.
  return Object.fromEntries(Object.entries(request).filter(([, value]) => value !== undefined)) as SubmitCommon;
}

function images(ctx: RequestContext, field: string, values: readonly string[]): Promise<ImageInput>[] {
  return values.map((value, i) => ctx.image(`${field}[${i}]`, value));
}

export async function imagine(body: ImagineBodyT, ctx: RequestContext): Promise<ImagineRequest> {
  const prompt = requireText('prompt', body.prompt);
  const request = common(body, ctx);
  // The legacy single `base64` joins the image prompts.
  const legacy = body.base64?.trim() ? [body.base64] : [];
  if ((body.base64Array?.length ?? 0) + legacy.length > MAX_IMAGINE_IMAGES) {
    throw new FieldError('base64Array', { kind: 'maxItems', n: MAX_IMAGINE_IMAGES });
  }
  const decoded = await Promise.all([
    ...images(ctx, 'base64Array', body.base64Array ?? []), ...legacy.map((value) => ctx.image('base64', value)),
  ]);
  return { ...request, prompt, images: decoded };
}

export async function blend(body: BlendBodyT, ctx: RequestContext): Promise<BlendRequest> {
  const dimensions = oneOf('dimensions', body.dimensions, DIMENSIONS) ?? 'SQUARE';
  return { ...common(body, ctx), images: await Promise.all(images(ctx, 'base64Array', body.base64Array)), dimensions };
}

export async function describe(body: DescribeBodyT, ctx: RequestContext): Promise<DescribeRequest> {
  const link = httpUrl('link', body.link);
  const base64 = body.base64?.trim() ? body.base64 : undefined;
  if (base64 === undefined && link === undefined) throw new FieldError('base64', { kind: 'required' });
  const request: DescribeRequest = common(body, ctx);
  if (base64 !== undefined) request.image = await ctx.image('base64', base64);
  if (link !== undefined) request.link = link;
  return request;
}

export function shorten(body: ShortenBodyT, ctx: RequestContext): ShortenRequest {
  return { ...common(body, ctx), prompt: requireText('prompt', body.prompt) };
}

export function action(body: ActionBodyT, ctx: RequestContext): ActionRequest {
  const request: ActionRequest = {
    ...common(body, ctx), taskId: requireText('taskId', body.taskId), customId: requireText('customId', body.customId),
  };
  if (body.chooseSameChannel !== undefined) request.chooseSameChannel = body.chooseSameChannel;
  return request;
}

export async function modal(body: ModalBodyT, ctx: RequestContext): Promise<ModalRequest> {
  const request: ModalRequest = { ...common(body, ctx), taskId: requireText('taskId', body.taskId) };
  if (body.prompt !== undefined) request.prompt = body.prompt;
  if (body.maskBase64?.trim()) request.mask = await ctx.image('maskBase64', body.maskBase64);
  return request;
}

export function change(body: ChangeBodyT, ctx: RequestContext): ChangeRequest {
  const taskId = requireText('taskId', body.taskId);
  const changeAction = oneOf('action', body.action, CHANGE_ACTIONS);
  if (changeAction === undefined) throw new FieldError('action', { kind: 'required' });
  const request: ChangeRequest = { ...common(body, ctx), taskId, action: changeAction };
  if (changeAction !== 'REROLL') {
    if (body.index === undefined) throw new FieldError('index', { kind: 'required' });
    request.index = body.index;
  }
  return request;
}

export function simpleChange(body: SimpleChangeBodyT, ctx: RequestContext): ChangeRequest {
  const match = SIMPLE_CHANGE.exec(body.content);
  if (!match) throw new FieldError('content', { kind: 'format', format: '<taskId> U1..U4 | V1..V4 | R' });
  const [, taskId = '', letter, digit, reroll] = match;
  if (reroll) return { ...common(body, ctx), taskId, action: 'REROLL' };
  return { ...common(body, ctx), taskId, action: letter?.toUpperCase() === 'U' ? 'UPSCALE' : 'VARIATION', index: Number(digit) };
}

export async function upload(body: UploadBodyT, ctx: RequestContext): Promise<UploadRequest> {
  const request: UploadRequest = { images: await Promise.all(images(ctx, 'base64Array', body.base64Array)) };
  const filter = body.filter ? accountFilter('filter', body.filter) : accountFilter('accountFilter', body.accountFilter);
  if (filter !== undefined) request.filter = filter;
  return request;
}

/** One image given as base64 (or data URL) or as a URL, whichever field is filled. */
async function imageFrom(ctx: RequestContext, fields: [string, string | undefined][]): Promise<ImageInput> {
  const given = fields.find(([, value]) => value?.trim());
  if (given === undefined) throw new FieldError(fields[0]?.[0] ?? 'image', { kind: 'required' });
  return ctx.image(given[0], given[1] ?? '');
}

export async function swapFace(body: SwapFaceBodyT, ctx: RequestContext): Promise<SwapFaceRequest> {
  const request = common(body, ctx);
  // new-api sends the account filter of a face swap as `filter`.
  const filter = request.accountFilter ?? accountFilter('filter', body.filter);
  const [source, target] = await Promise.all([
    imageFrom(ctx, [['sourceBase64', body.sourceBase64], ['sourceUrl', body.sourceUrl]]),
    imageFrom(ctx, [['targetBase64', body.targetBase64], ['targetUrl', body.targetUrl]]),
  ]);
  return { ...request, ...(filter ? { accountFilter: filter } : {}), source, target };
}

export async function video(body: VideoBodyT, ctx: RequestContext): Promise<VideoRequest> {
  const request: VideoRequest = common(body, ctx);
  const motion = oneOf('motion', body.motion, MOTIONS, (v) => v.toLowerCase());
  if (motion !== undefined) request.motion = motion;
  if (body.prompt?.trim()) request.prompt = body.prompt.trim();
  if (body.taskId?.trim()) {
    request.taskId = body.taskId.trim();
    if (body.index === undefined) throw new FieldError('index', { kind: 'required' });
    request.index = body.index;
  } else {
    // Midjourney animates an image: without a finished task to start from, a start image is needed.
    request.image = await imageFrom(ctx, [['image', body.image]]);
  }
  return request;
}
