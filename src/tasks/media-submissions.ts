/** Face swap (InsightFace bot) and video (Midjourney animate) submissions. */
import { formatCustomId } from '../midjourney/index.js';
import { SubmitCode, type SubmitAnswer, type SwapFaceRequest, type VideoRequest } from './api-port.js';
import { action } from './actions.js';
import { refuse } from './submit-answers.js';
import { imagine } from './submissions.js';
import { chooseAccount, enqueue, type TaskContext } from './task-context.js';
import { newTask } from './task-factory.js';
import { storeImage } from './task-job.js';

export async function swapFace(ctx: TaskContext, request: SwapFaceRequest): Promise<SubmitAnswer> {
  if (request.source.bytes.equals(request.target.bytes)) refuse(SubmitCode.Validation, 'sourceBase64: the face and the target image must differ');
  const account = chooseAccount(ctx, request);
  const entry = newTask({
    action: 'SWAP_FACE', prompt: '', promptEn: '', description: (id) => `/swap ${id}`, state: request.state,
    botType: 'INSIGHT_FACE', mode: account.state.mode, notifyHook: request.notifyHook, accountId: account.id,
    channelId: account.channelFor('INSIGHT_FACE'),
    job: { kind: 'swap-face', source: storeImage(request.source), target: storeImage(request.target) },
    accountFilter: request.accountFilter,
  });
  return enqueue(ctx, entry, account);
}

/** Animate a finished image (taskId + index) by its button, or a start image + prompt as a `--video 1` imagine. */
export async function video(ctx: TaskContext, request: VideoRequest): Promise<SubmitAnswer> {
  const motion = request.motion ?? 'low';
  if (request.taskId) {
    const parent = await ctx.registry.get(request.taskId);
    if (!parent) return refuse(SubmitCode.NotFound, ctx.wording.say('taskNotFound'));
    const index = request.index ?? 1;
    if (!(index >= 1 && index <= 4)) refuse(SubmitCode.Validation, 'index: must be 1 to 4');
    const animate = parent.task.buttons.find((button) => button.customId.includes(`animate_${motion}::`))?.customId
      ?? formatCustomId({ kind: 'animate', motion, extend: false, index, jobHash: parent.task.properties.messageHash ?? '', solo: true });
    return action(ctx, { ...request, taskId: request.taskId, customId: animate }, { allowUnlisted: true });
  }
  if (!request.image) return refuse(SubmitCode.Validation, 'image: a start image (or taskId + index) is required');
  const prompt = `${(request.prompt ?? '').trim()} --video 1 --motion ${motion}`.trim();
  return imagine(ctx, { ...request, prompt, images: [request.image] }, 'VIDEO');
}
