/** New tasks from prompts and images: imagine, blend, describe, shorten (SPEC §5). */
import { SubmitCode, type BlendRequest, type DescribeRequest, type ImagineRequest, type ShortenRequest, type SubmitAnswer, type SubmitCommon } from './api-port.js';
import { refuse } from './submit-answers.js';
import { chooseAccount, enqueue, modeOn, preparePrompt, type TaskContext } from './task-context.js';
import { newTask } from './task-factory.js';
import { storeImage, type TaskJob } from './task-job.js';
import type { BotType, TaskAction, TaskMode } from './task.js';

const BLEND_DIMENSIONS = { PORTRAIT: '--ar 2:3', SQUARE: '--ar 1:1', LANDSCAPE: '--ar 3:2' } as const;
const MAX_IMAGE_PROMPTS = 5;
const MIN_BLEND = 2;
const MAX_BLEND = 5;

interface Draft {
  action: TaskAction;
  prompt: string;
  promptEn: string;
  mode?: TaskMode;
  description: string | ((id: string) => string);
  job: TaskJob;
}

async function submit(ctx: TaskContext, common: SubmitCommon, draft: Draft, prepare?: (account: ReturnType<typeof chooseAccount>) => Promise<Partial<Draft>>): Promise<SubmitAnswer> {
  const account = chooseAccount(ctx, common, draft.prompt);
  const ready = { ...draft, ...(prepare ? await prepare(account) : {}) };
  const botType: BotType = common.botType === 'NIJI_JOURNEY' ? 'NIJI_JOURNEY' : 'MID_JOURNEY';
  const entry = newTask({
    action: ready.action,
    prompt: ready.prompt,
    promptEn: ready.promptEn,
    description: ready.description,
    state: common.state,
    botType,
    mode: ready.mode ?? modeOn(account, common.mode ?? common.prefixMode ?? account.config.mode),
    notifyHook: common.notifyHook,
    accountId: account.id,
    channelId: account.channelFor(botType),
    job: ready.job,
    accountFilter: common.accountFilter,
  });
  return enqueue(ctx, entry, account);
}

export function imagine(ctx: TaskContext, request: ImagineRequest, as: 'IMAGINE' | 'VIDEO' = 'IMAGINE'): Promise<SubmitAnswer> {
  const prompt = request.prompt.trim();
  if (!prompt) refuse(SubmitCode.Validation, 'prompt: must not be empty');
  if (request.images.length > MAX_IMAGE_PROMPTS) refuse(SubmitCode.Validation, `base64Array: at most ${MAX_IMAGE_PROMPTS} images`);
  const images = request.images.map(storeImage);
  return submit(ctx, request, {
    action: as, prompt, promptEn: prompt, description: `/${as.toLowerCase()} ${prompt}`,
    job: { kind: 'imagine', prompt, images },
  }, async (account) => {
    const { promptEn, mode } = await preparePrompt(ctx, prompt, request, account);
    return { promptEn, mode, job: { kind: 'imagine', prompt: promptEn, images } };
  });
}

export function blend(ctx: TaskContext, request: BlendRequest): Promise<SubmitAnswer> {
  const count = request.images.length;
  if (count < MIN_BLEND || count > MAX_BLEND) refuse(SubmitCode.Validation, `base64Array: blend takes ${MIN_BLEND} to ${MAX_BLEND} images, got ${count}`);
  const dimensions = BLEND_DIMENSIONS[request.dimensions];
  return submit(ctx, request, {
    action: 'BLEND', prompt: '', promptEn: '', description: (id) => `/blend ${id} ${count}`,
    job: { kind: 'blend', images: request.images.map(storeImage), dimensions },
  });
}

export function describe(ctx: TaskContext, request: DescribeRequest): Promise<SubmitAnswer> {
  const link = request.link?.trim();
  if (!request.image && !link) refuse(SubmitCode.Validation, 'base64: an image (base64) or a link is required');
  if (link && !/^https?:\/\//i.test(link)) refuse(SubmitCode.Validation, 'link: must be an http(s) URL');
  const image = request.image ? storeImage(request.image) : null;
  return submit(ctx, request, {
    action: 'DESCRIBE', prompt: '', promptEn: '',
    description: (id) => (image ? `/describe ${id}.${image.extension}` : `/describe ${link}`),
    job: { kind: 'describe', image, link: image ? null : link ?? null },
  });
}

export function shorten(ctx: TaskContext, request: ShortenRequest): Promise<SubmitAnswer> {
  const prompt = request.prompt.trim();
  if (!prompt) refuse(SubmitCode.Validation, 'prompt: must not be empty');
  return submit(ctx, request, {
    action: 'SHORTEN', prompt, promptEn: prompt, description: `/shorten ${prompt}`,
    job: { kind: 'shorten', prompt },
  }, async (account) => {
    const { promptEn } = await preparePrompt(ctx, prompt, { ...request, mode: undefined, prefixMode: undefined }, account);
    return { promptEn, job: { kind: 'shorten', prompt: promptEn } };
  });
}
