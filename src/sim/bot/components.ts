/**
 * Button clicks (DISCORD.md §2.4, §4.3–§4.11, §4.15). A click is accepted when its custom_id is on
 * the clicked message, or is a canonical id for the job that message shows (proxies build ids from
 * the job hash instead of reading the buttons); Cancel Job works for any running job of the user.
 */
import { randomBytes } from 'node:crypto';
import type { ComponentInteractionRequest, Message } from '../../discord/protocol/index.js';
import type { ReceivedInteraction } from '../contracts.js';
import { IFRAME_PREFIX, checkedPrompt, isEmbed, releaseHeld, runIfFunded, startJob } from './admission.js';
import { customIdsOf, shortenRows } from './buttons.js';
import type { BotContext, Origin } from './context.js';
import { isJobAction, parseButton, type JobAction, type MessageAction } from './custom-id.js';
import type { Job } from './job.js';
import { imagineJob, panJob, rerollJob, upscaleJob, upsampleJob, variationJob, videoJob, videoUpscaleJob, zoomJob } from './job-factory.js';
import type { JobRunner } from './job-runner.js';
import { animateModal, customZoomModal, imagineModal, openJobModal, panModal, picreaderModal, remixModal } from './modals.js';
import { afterAck, channelOf, deferredAnswer, originOf, reply } from './responder.js';
import { clickSetting, isKnownSetting } from './slash-account.js';
import { describeAnswer } from './slash-jobs.js';
import { shortenPrompt } from './shorten.js';
import { ACK_MS, scaled } from './timing.js';
import { accept, invalidComponent, unknownMessage, type Decision } from './verdicts.js';

const GRID_ACTIONS = new Set<JobAction['kind']>(['upsample', 'variation', 'reroll']);
const VIDEO_ACTIONS = new Set<JobAction['kind']>(['extend', 'video-upscale']);
const REGION_TOKEN_BYTES = 16;
const MAKE_SQUARE = 100;
const SHORTEN_PICKS = 5;

export function decideComponent(ctx: BotContext, runner: JobRunner, interaction: ReceivedInteraction): Decision {
  const request = interaction.request as ComponentInteractionRequest;
  const customId = request.data.custom_id;
  const message = interaction.message ?? ctx.world.getMessage(request.channel_id, request.message_id);
  if (!message) return unknownMessage();
  const action = parseButton(customId);
  if (message.author.id !== ctx.flavour.applicationId || !action) return invalidComponent();
  const ids = customIdsOf(message.components);
  const onMessage = ids.includes(customId);
  const origin = originOf(interaction, customId, message);
  if (!isJobAction(action)) {
    const settingsPanel = action.kind === 'settings' && isKnownSetting(action.setting) && ids.some((id) => id.startsWith('MJ::Settings::'));
    return onMessage || settingsPanel ? accept(() => onMessageAction(ctx, runner, origin, action)) : invalidComponent();
  }
  const job = ctx.jobs.get(action.jobId);
  if (!job) return unknownMessage();
  if (!onMessage && !fits(ctx, action, job, message, interaction.userId)) return invalidComponent();
  return accept(() => onJobAction(ctx, runner, origin, action, job));
}

/** A canonical id the message does not carry: right job, right kind of image. */
function fits(ctx: BotContext, action: JobAction, job: Job, message: Message, userId: string): boolean {
  if (action.kind === 'cancel') return job.userId === userId && (job.status === 'running' || job.status === 'queued');
  if (action.kind === 'appeal' || action.kind === 'acknowledge') return false;
  if (ctx.jobs.byMessage(message.id) !== job) return false;
  if (GRID_ACTIONS.has(action.kind)) return job.recipe.type === 'grid';
  if (action.kind === 'bookmark') return job.recipe.type !== 'grid';
  // An upscaled clip can be extended, not upscaled again.
  if (action.kind === 'video-upscale' && job.kind === 'video-upscale') return false;
  if (VIDEO_ACTIONS.has(action.kind)) return job.recipe.type === 'video';
  return job.recipe.type === 'crop';
}

function onJobAction(ctx: BotContext, runner: JobRunner, origin: Origin, action: JobAction, job: Job): void {
  const where = { userId: origin.interaction.userId, channelId: channelOf(origin) };
  const state = ctx.accounts.get(where.userId);
  const start = (made: Job | undefined) => (made ? startJob(ctx, runner, origin, made) : afterAck(ctx, origin, () => undefined));
  switch (action.kind) {
    case 'upsample': {
      const made = upsampleJob(ctx, where, job, action.index);
      afterAck(ctx, origin, () => made && runner.upsample(made, origin));
      return;
    }
    case 'variation':
    case 'vary': {
      const strong = action.kind === 'vary' ? action.strong : state.highVariability;
      const index = action.kind === 'variation' ? action.index : 1;
      if (state.remix) openJobModal(ctx, origin, remixModal(job, index, strong), { kind: 'remix', parent: job, strong });
      else start(variationJob(ctx, where, job, { strength: strong ? 'Strong' : 'Subtle' }));
      return;
    }
    case 'reroll':
      if (state.remix && origin.source) openJobModal(ctx, origin, imagineModal(origin.source, job.prompt.echo), { kind: 'reroll', parent: job });
      else start(rerollJob(ctx, where, job));
      return;
    case 'upscale':
      return start(upscaleJob(ctx, where, job, action.code));
    case 'zoom':
      return start(zoomJob(ctx, where, job, action.factor === MAKE_SQUARE));
    case 'custom-zoom':
      return openJobModal(ctx, origin, customZoomModal(job), { kind: 'custom-zoom', parent: job });
    case 'pan':
      if (state.remix) openJobModal(ctx, origin, panModal(job, action.direction), { kind: 'pan', parent: job, direction: action.direction });
      else start(panJob(ctx, where, job, action.direction));
      return;
    case 'region':
      return openRegionEditor(ctx, origin, job);
    case 'animate':
    case 'extend':
      if (state.remix) openJobModal(ctx, origin, animateModal(job, action.index, action.motion, action.kind === 'extend'), { kind: 'animate', parent: job, motion: action.motion });
      else start(videoJob(ctx, where, job, action.motion));
      return;
    case 'video-upscale':
      return start(videoUpscaleJob(ctx, where, job));
    case 'bookmark':
      return afterAck(ctx, origin, () => undefined);
    case 'cancel':
      return afterAck(ctx, origin, () => runner.cancel(job.id, where.userId));
    case 'appeal':
    case 'acknowledge':
      return afterAck(ctx, origin, () => releaseHeld(ctx, runner, job.id));
  }
}

/** Vary (Region): the editor opens in an iframe; the job starts when it posts the mask (§2.9). */
function openRegionEditor(ctx: BotContext, origin: Origin, job: Job): void {
  const token = randomBytes(REGION_TOKEN_BYTES).toString('hex');
  ctx.regions.set(token, { job, origin });
  ctx.world.later(scaled(ctx.world, ACK_MS), () => ctx.world.openIframeModal(origin.interaction, {
    customId: `${IFRAME_PREFIX}${token}`,
    title: 'Vary Region',
    iframePath: `/inpaint/?custom_id=${token}&job_id=${job.id}`,
  }));
}

function onMessageAction(ctx: BotContext, runner: JobRunner, origin: Origin, action: MessageAction): void {
  const source = origin.source;
  if (!source) return;
  const described = ctx.describes.get(source.id);
  const shortened = ctx.shortens.get(source.id);
  switch (action.kind) {
    case 'picreader':
      if (!described) return afterAck(ctx, origin, () => undefined);
      if (action.pick === 'all') return afterAck(ctx, origin, () => imagineAll(ctx, runner, origin, described.prompts));
      return openJobModal(ctx, origin, picreaderModal(action.pick, described.prompts[action.pick - 1] ?? ''), { kind: 'imagine' });
    case 'picread-retry': {
      if (!described) return afterAck(ctx, origin, () => undefined);
      const attempt = described.tries + 1;
      return deferredAnswer(ctx, origin, false, (messageId) => describeAnswer(ctx, described.file, messageId, attempt, '/describe'));
    }
    case 'analyzer':
      if (!shortened) return afterAck(ctx, origin, () => undefined);
      return openJobModal(ctx, origin, imagineModal(source, shortened.prompts[action.pick - 1] ?? ''), { kind: 'imagine' });
    case 'analyzer-details':
      return afterAck(ctx, origin, () => {
        if (!shortened) return;
        const details = reply(ctx, origin, { embeds: [shortenPrompt(shortened.prompt).detailsEmbed], components: shortenRows(SHORTEN_PICKS, false) });
        ctx.shortens.set(details.id, shortened);
      });
    case 'settings':
      return clickSetting(ctx, origin, action.setting);
  }
}

/** 🎉 Imagine all: four imagine jobs; only the first answer carries the click's nonce. */
function imagineAll(ctx: BotContext, runner: JobRunner, origin: Origin, prompts: readonly string[]): void {
  prompts.forEach((text, i) => {
    const prompt = checkedPrompt(ctx, text, `/imagine ${text}`);
    if (isEmbed(prompt)) return;
    const from: Origin = i === 0 ? origin : { ...origin, nonce: undefined };
    runIfFunded(ctx, runner, from, imagineJob(ctx, { userId: origin.interaction.userId, channelId: channelOf(origin) }, prompt));
  });
}
