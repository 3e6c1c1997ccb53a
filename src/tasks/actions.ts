/** Follow-ups on a finished task: button clicks, modal confirmations and the old change protocol. */
import {
  buttonDescription, buttonIndex, formatCustomId, modalFor, numberedLines, parseCustomId, splitNumbered, taskActionForButton,
  type ButtonAction,
} from '../midjourney/index.js';
import type { AccountSession } from '../accounts/account-session.js';
import { SubmitCode, type ActionRequest, type ChangeRequest, type ModalRequest, type SubmitAnswer } from './api-port.js';
import { answer, refuse } from './submit-answers.js';
import { enqueue, preparePrompt, type TaskContext } from './task-context.js';
import { imagine } from './submissions.js';
import { newTask } from './task-factory.js';
import { markModal, markQueued } from './transitions.js';
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
  if (!account || !ctx.pool.isUsable(account)) return refuse(SubmitCode.NotFound, ctx.wording.say('accountUnavailable', { id: accountId }));
  return { parent, account };
}

/** The prompt a PicReader / PromptAnalyzer pick names, from the parent's describe or shorten text. */
function pickedPrompt(parent: StoredTask, button: ButtonAction): string | undefined {
  const text = parent.task.properties.finalPrompt ?? '';
  if (button.kind === 'picreader' && button.pick !== 'all') return splitNumbered(text)[button.pick - 1];
  if (button.kind === 'prompt_analyzer') return numberedLines(text)[button.index - 1];
  return undefined;
}

/** "🎉 Imagine all": the four described prompts as four imagine tasks. */
async function imagineAll(ctx: TaskContext, parent: StoredTask, request: ActionRequest): Promise<SubmitAnswer> {
  const prompts = splitNumbered(parent.task.properties.finalPrompt ?? '');
  const accountId = parent.runtime.accountId ?? '';
  const answers: SubmitAnswer[] = [];
  for (const prompt of prompts) {
    answers.push(await imagine(ctx, { ...request, prompt, images: [], botType: parent.task.botType, accountFilter: { instanceId: accountId } }));
  }
  const taskIds = answers.flatMap((one) => (typeof one.result === 'string' ? [one.result] : []));
  const first = answers.find((one) => typeof one.result === 'string') ?? answers[0];
  if (!first || taskIds.length === 0) return first ?? answer(SubmitCode.Validation, ctx.wording.say('taskStatusWrong'));
  return { ...first, code: SubmitCode.Success, result: taskIds[0] ?? null, properties: { ...first.properties, taskIds } };
}

/** `allowUnlisted`: the proxy itself builds a canonical id the message may not list (animate by index). */
export async function action(ctx: TaskContext, request: ActionRequest, options: { allowUnlisted?: boolean } = {}): Promise<SubmitAnswer> {
  const { parent, account } = await target(ctx, request.taskId);
  const customId = request.customId.trim();
  if (!options.allowUnlisted && !parent.task.buttons.some((button) => button.customId === customId)) {
    refuse(SubmitCode.Validation, ctx.wording.say('buttonNotFound', { id: customId }));
  }
  const button = parseCustomId(customId);
  if (button.kind === 'picreader' && button.pick === 'all') return imagineAll(ctx, parent, request);
  const taskAction = taskActionForButton(button);
  if (!taskAction) return refuse(SubmitCode.Validation, ctx.wording.say('buttonNotClickable', { id: customId }));
  const bot = parent.task.botType;
  const remix = bot === 'NIJI_JOURNEY' ? account.state.nijiRemix : account.state.remix;
  const modal = modalFor(button, { remix, messageId: parent.task.properties.messageId, highVariability: account.state.highVariability });
  const askCaller = modal !== null && !(modal.remixOnly && account.config.remixAutoSubmit);
  const picked = pickedPrompt(parent, button);
  const basePrompt = picked ?? (parent.task.properties.finalPrompt || parent.task.promptEn);
  const index = buttonIndex(button);
  const entry = newTask({
    action: taskAction,
    prompt: picked ?? parent.task.prompt,
    promptEn: basePrompt,
    description: buttonDescription(parent.task.id, button),
    state: request.state,
    botType: bot,
    mode: request.mode ?? request.prefixMode ?? parent.task.mode,
    notifyHook: request.notifyHook,
    accountId: account.id,
    channelId: parent.task.properties.discordChannelId ?? account.channelFor(bot),
    parentTaskId: parent.task.id,
    parentMessageId: parent.task.properties.messageId,
    status: askCaller ? 'MODAL' : 'NOT_START',
    extraProperties: { customId, ...(index !== null ? { index: String(index) } : {}) },
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
  if (!account || !ctx.pool.isUsable(account)) return refuse(SubmitCode.NotFound, ctx.wording.say('accountUnavailable', { id: entry.runtime.accountId ?? '' }));
  const button = parseCustomId(job.customId);
  let prompt = request.prompt?.trim() || entry.task.promptEn;
  if (button.kind === 'custom_zoom') {
    const zoom = Number(ZOOM_FLAG.exec(prompt)?.[1]);
    if (!(zoom >= MIN_ZOOM && zoom <= MAX_ZOOM)) refuse(SubmitCode.Validation, ctx.wording.say('zoomRequired'));
  }
  if (button.kind === 'inpaint' && !request.mask) refuse(SubmitCode.Validation, ctx.wording.say('maskRequired'));
  if (request.prompt?.trim()) prompt = (await preparePrompt(ctx, prompt, { ...request, mode: undefined, prefixMode: undefined }, account)).promptEn;
  entry.task.promptEn = prompt;
  markQueued(entry.task);
  entry.runtime.request = { ...job, modal: { prompt, mask: request.mask ? storeImage(request.mask) : null } };
  const answered = await enqueue(ctx, entry, account);
  if (answered.code === SubmitCode.QueueFull) {
    // No room now: the task stays MODAL (and under its timeout); the caller may confirm it again.
    markModal(entry.task);
    ctx.registry.track(entry);
  }
  return answered;
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
