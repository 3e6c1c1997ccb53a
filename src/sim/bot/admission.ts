/**
 * The gate in front of every job: acknowledgement, the test triggers (captcha, "Action needed to
 * continue", "Pending mod message"), fast hours, then the runner's concurrency and queue.
 */
import { randomBytes } from 'node:crypto';
import type { Embed } from '../../discord/protocol/index.js';
import { acknowledgeRows, appealRows } from './buttons.js';
import type { BotContext, Origin } from './context.js';
import type { Job } from './job.js';
import { jobFooter, type JobRunner } from './job-runner.js';
import { afterAck, reply, replyError } from './responder.js';
import { parseFor } from './job-factory.js';
import { findBannedWord, isPromptProblem, type ParsedPrompt } from './prompt.js';
import {
  acknowledgedEmbed,
  actionNeededEmbed,
  appealVerdictEmbed,
  bannedEmbed,
  blockedEmbed,
  creditsExhaustedEmbed,
  errorEmbed,
  pendingModEmbed,
  subscriptionRequiredEmbed,
} from './templates.js';
import { ACK_MS, scaled } from './timing.js';

const CAPTCHA_TOKEN_BYTES = 16;
export const IFRAME_PREFIX = 'MJ::iframe::';

/** The prompt as Midjourney reads it, or the red embed it answers with (§4.12: empty, invalid, banned). */
export function checkedPrompt(ctx: BotContext, raw: string, footer: string, allowZoom = false): ParsedPrompt | Embed {
  const prompt = parseFor(ctx, raw, allowZoom);
  if (isPromptProblem(prompt)) return errorEmbed(prompt.title, prompt.description, footer);
  const banned = findBannedWord(prompt.text, ctx.settings.bannedWords);
  return banned === undefined ? prompt : bannedEmbed(banned, footer);
}

export function isEmbed(value: ParsedPrompt | Embed): value is Embed {
  return !('echo' in value);
}

/** Acknowledges the request, then starts `job` (or stops at a trigger set with `triggerNext`). */
export function startJob(ctx: BotContext, runner: JobRunner, origin: Origin, job: Job): void {
  const trigger = ctx.triggers.get(job.userId);
  ctx.triggers.delete(job.userId);
  ctx.world.later(scaled(ctx.world, ACK_MS), () => {
    if (trigger === 'captcha') {
      openCaptcha(ctx, origin);
      return;
    }
    ctx.world.interactionSucceeded(origin.interaction);
    if (trigger === 'blocked' || trigger === 'subscription-required') {
      ctx.world.ledger.jobEnded(job.id, 'stopped');
      replyError(ctx, origin, trigger === 'blocked' ? blockedEmbed(jobFooter(job)) : subscriptionRequiredEmbed(jobFooter(job)));
    } else if (trigger) hold(ctx, origin, job, trigger);
    else runIfFunded(ctx, runner, origin, job);
  });
}

/** Acknowledges the request and answers it with a red embed instead of a job. */
export function refuse(ctx: BotContext, origin: Origin, embed: Embed): void {
  afterAck(ctx, origin, () => replyError(ctx, origin, embed));
}

/** Starts a job whose interaction is already acknowledged (Imagine all, Vary (Region) submit). */
export function runIfFunded(ctx: BotContext, runner: JobRunner, origin: Origin, job: Job): void {
  if (job.mode !== 'relax' && ctx.accounts.get(job.userId).fastHoursLeft <= 0) {
    ctx.world.ledger.jobEnded(job.id, 'stopped');
    replyError(ctx, origin, creditsExhaustedEmbed(jobFooter(job)));
    return;
  }
  runner.admit(job, origin);
}

/** The Cloudflare-style check: an iframe modal under `/captcha/embedded/`; the job does not run. */
function openCaptcha(ctx: BotContext, origin: Origin): void {
  const token = randomBytes(CAPTCHA_TOKEN_BYTES).toString('hex');
  ctx.world.openIframeModal(origin.interaction, {
    customId: `${IFRAME_PREFIX}${token}`,
    title: 'Action required to continue',
    iframePath: `/captcha/embedded/${token}/?hash=${token}`,
  });
}

function hold(ctx: BotContext, origin: Origin, job: Job, kind: 'action-needed' | 'pending-mod'): void {
  const footer = jobFooter(job);
  const message = reply(ctx, origin, kind === 'action-needed'
    ? { embeds: [actionNeededEmbed(footer)], components: appealRows(job.id) }
    : { embeds: [pendingModEmbed(footer)], components: acknowledgeRows(job.id) });
  job.status = 'held';
  ctx.jobs.add(job);
  ctx.world.ledger.jobStarted(job.id, origin.interaction.id, job.userId, job.kind);
  ctx.jobs.link(message.id, job);
  ctx.held.set(job.id, { job, origin, kind, messageId: message.id });
}

/** Appeal / Acknowledge clicked: edit the notice into the verdict and, if cleared, run the job. */
export function releaseHeld(ctx: BotContext, runner: JobRunner, jobId: string): void {
  const held = ctx.held.get(jobId);
  if (!held) return;
  ctx.held.delete(jobId);
  const cleared = held.kind === 'pending-mod' || ctx.settings.appealVerdict === 'approve';
  const embed = held.kind === 'pending-mod' ? acknowledgedEmbed() : appealVerdictEmbed(cleared, jobFooter(held.job));
  ctx.world.updateMessage(held.job.channelId, held.messageId, { embeds: [embed], components: [] });
  if (cleared) {
    runIfFunded(ctx, runner, held.origin, held.job);
    return;
  }
  held.job.status = 'stopped';
  ctx.world.ledger.jobEnded(held.job.id, 'stopped');
}
