/** Follow-ups on a finished task: button clicks, modal confirmations and the old change protocol. */
import { formatCustomId, modalFor, parseCustomId, taskActionForButton } from '../midjourney/index.js';
import type { AccountSession } from '../accounts/account-session.js';
import { SubmitCode, type ActionRequest, type ChangeRequest, type ModalRequest, type SubmitAnswer } from './api-port.js';
import { answer, refuse } from './submit-answers.js';
import { enqueue, preparePrompt, type TaskContext } from './task-context.js';
import { newTask } from './task-factory.js';
import { jobOf, storeImage } from './task-job.js';
import type { StoredTask } from './task.js';

const ZOOM_FLAG = /--zoom\s+(\d+(?:\.\d+)?)/i;
const MIN_ZOOM = 1;
const MAX_ZOOM = 2;

async function target(ctx: TaskContext, taskId: string): Promise<{ parent: StoredTask; account: AccountSession }> {
  const parent = await ctx.registry.get(taskId);
  if (!parent) return refuse(SubmitCode.NotFound, ctx.wording.say('taskNotFound'));
  if (parent.task.status !== 'SUCCESS') return refuse(SubmitCode.Validation, ctx.wording.say('taskStatusWrong'));
  const accountId = parent.runtime.accountId ?? parent.task.properties.discordInstanceId ?? '';
  const account = ctx.pool.get(accountId);
  if (!account?.usable) return refuse(SubmitCode.NotFound, ctx.wording.say('accountUnavailable', { id: accountId }));
  return { parent, account };
}

function actionDescription(parentId: string, customId: string): string {
  const button = parseCustomId(customId);
  if (button.kind === 'upsample') return `/up ${parentId} U${button.index}`;
  if (button.kind === 'variation') return `/up ${parentId} V${button.index}`;
  if (button.kind === 'reroll') return `/up ${parentId} R`;
  return `/action ${parentId} ${customId}`;
}

export async function action(ctx: TaskContext, request: ActionRequest): Promise<SubmitAnswer> {
  const { parent, account } = await target(ctx, request.taskId);
  const customId = request.customId.trim();
  if (!parent.task.buttons.some((button) => button.customId === customId)) {
    refuse(SubmitCode.Validation, ctx.wording.say('buttonNotFound', { id: customId }));
  }
  const button = parseCustomId(customId);
  const taskAction = taskActionForButton(button);
  if (!taskAction) refuse(SubmitCode.Validation, ctx.wording.say('buttonNotClickable', { id: customId }));
  const bot = parent.task.botType;
  const remix = bot === 'NIJI_JOURNEY' ? account.state.nijiRemix : account.state.remix;
  const modal = modalFor(button, { remix });
  const askCaller = modal !== null && !(modal.remixOnly && account.config.remixAutoSubmit);
  const basePrompt = parent.task.properties.finalPrompt || parent.task.promptEn;
  const entry = newTask({
    action: taskAction!,
    prompt: parent.task.prompt,
    promptEn: basePrompt,
    description: actionDescription(parent.task.id, customId),
    state: request.state,
    botType: bot,
    mode: request.mode ?? request.prefixMode ?? parent.task.mode,
    notifyHook: request.notifyHook,
    accountId: account.id,
    channelId: parent.task.properties.discordChannelId ?? account.channelFor(bot),
    parentTaskId: parent.task.id,
    parentMessageId: parent.task.properties.messageId,
    status: askCaller ? 'MODAL' : 'NOT_START',
    extraProperties: { customId, ...(button.index ? { index: String(button.index) } : {}) },
    job: {
      kind: 'button',
      customId,
      messageId: parent.task.properties.messageId ?? '',
      messageFlags: Number(parent.task.properties.flags ?? 0),
      modal: modal && !askCaller ? { prompt: basePrompt, mask: null } : null,
    },
  });
  if (!askCaller) return enqueue(ctx, entry, account);
  ctx.registry.track(entry);
  await ctx.registry.commit(entry);
  return answer(SubmitCode.Modal, ctx.wording.say('modal'), entry.task.id, { discordInstanceId: account.id, finalPrompt: basePrompt, remix: true });
}

export async function modal(ctx: TaskContext, request: ModalRequest): Promise<SubmitAnswer> {
  const entry = ctx.registry.liveEntry(request.taskId) ?? (await ctx.registry.get(request.taskId));
  if (!entry) return refuse(SubmitCode.NotFound, ctx.wording.say('taskNotFound'));
  const job = jobOf(entry.runtime.request);
  if (entry.task.status !== 'MODAL' || job?.kind !== 'button') return refuse(SubmitCode.Validation, ctx.wording.say('notModal'));
  const account = ctx.pool.get(entry.runtime.accountId ?? '');
  if (!account?.usable) return refuse(SubmitCode.NotFound, ctx.wording.say('accountUnavailable', { id: entry.runtime.accountId ?? '' }));
  const button = parseCustomId(job.customId);
  let prompt = request.prompt?.trim() || entry.task.promptEn;
  if (button.kind === 'custom_zoom') {
    const zoom = Number(ZOOM_FLAG.exec(prompt)?.[1]);
    if (!(zoom >= MIN_ZOOM && zoom <= MAX_ZOOM)) refuse(SubmitCode.Validation, ctx.wording.say('zoomRequired'));
  }
  if (button.kind === 'inpaint' && !request.mask) refuse(SubmitCode.Validation, ctx.wording.say('maskRequired'));
  if (request.prompt?.trim()) prompt = (await preparePrompt(ctx, prompt, { ...request, mode: undefined, prefixMode: undefined }, account)).promptEn;
  entry.task.promptEn = prompt;
  entry.task.status = 'NOT_START';
  entry.runtime.request = { ...job, modal: { prompt, mask: request.mask ? storeImage(request.mask) : null } };
  return enqueue(ctx, entry, account);
}

export async function change(ctx: TaskContext, request: ChangeRequest): Promise<SubmitAnswer> {
  const { parent } = await target(ctx, request.taskId);
  const index = request.action === 'REROLL' ? 0 : request.index;
  if (request.action !== 'REROLL' && !(index && index >= 1 && index <= 4)) refuse(SubmitCode.Validation, 'index: must be 1 to 4');
  const kind = request.action === 'UPSCALE' ? 'upsample' : request.action === 'VARIATION' ? 'variation' : 'reroll';
  const hash = parent.task.properties.messageHash ?? '';
  const customId = parent.task.buttons.find((button) => {
    const parsed = parseCustomId(button.customId);
    return parsed.kind === kind && (kind === 'reroll' || parsed.index === index);
  })?.customId ?? formatCustomId({ kind, index: index ?? 0, jobHash: hash });
  return action(ctx, { ...request, customId });
}
