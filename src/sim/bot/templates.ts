/** Message texts and embeds of the Midjourney bot, written from DISCORD.md §4 (never from our parser). */
import { EmbedColor, type Embed } from '../../discord/protocol/index.js';
import { PLAN_FAST_HOURS, type AccountState, type AccountUsage } from './account-state.js';
import type { Job } from './job.js';
import type { JobMode } from './prompt.js';

export type JobStage = 'waiting' | 'paused' | 'stopped' | 'final' | { progress: number };

export interface ContentOptions {
  /** Put the "Open on website for full quality" link before the mode of final contents. */
  openOnWebsite?: boolean;
}

const MODE_WORD: Record<JobMode, string> = { fast: 'fast', relax: 'relaxed', turbo: 'turbo' };
const MODE_TITLE: Record<JobMode, string> = { fast: 'Fast', relax: 'Relaxed', turbo: 'Turbo' };
const PERCENT = 100;
const JOB_PAGE = 'https://midjourney.com/jobs/';

/** `(fast)`, `(relaxed, stealth)` … */
function modeSuffix(mode: JobMode, stealth: boolean): string {
  return `(${MODE_WORD[mode]}${stealth ? ', stealth' : ''})`;
}

/** The content of a job's messages at each stage (DISCORD.md §4.1–§4.8). */
export function jobContent(job: Job, stage: JobStage, options: ContentOptions = {}): string {
  const head = `**${job.prompt.echo}** - `;
  const mention = `<@${job.userId}>`;
  if (job.upsampleIndex !== undefined && stage === 'final') return `${head}Image #${job.upsampleIndex} ${mention}`;
  const label = (text: string) => (text ? `${text} ` : '');
  if (stage === 'waiting') return `${head}${label(job.runningLabel)}${mention} (Waiting to start)`;
  if (stage === 'stopped') return `${head}${label(job.runningLabel)}${mention} (Stopped)`;
  const mode = modeSuffix(job.mode, job.stealth);
  if (stage === 'paused') return `${head}${label(job.runningLabel)}${mention} (paused) ${mode}`;
  const link = options.openOnWebsite ? `[(Open on website for full quality)](<${JOB_PAGE}${job.id}>) ` : '';
  if (stage === 'final') return `${head}${label(job.finalLabel)}${mention} ${link}${mode}`;
  return `${head}${label(job.runningLabel)}${mention} (${stage.progress}%) ${mode}`;
}

/** The DM sent for a ✉️ reaction (DISCORD.md §4.14). */
export function seedContent(job: Job): string {
  return `**${job.prompt.echo}**\n**Job ID**: ${job.id}\n**seed** ${job.seed}`;
}

export function errorEmbed(title: string, description: string, footer?: string): Embed {
  return { type: 'rich', title, description, color: EmbedColor.Error, ...(footer ? { footer: { text: footer } } : {}) };
}

/** Not red: proxies fail tasks on red embeds, and a queued job is not a failure. */
export function queuedEmbed(footer: string): Embed {
  return {
    type: 'rich',
    title: 'Job queued',
    description: "You have reached the maximum allowed number of concurrent jobs. Don't worry, this job will start as soon as another one finishes!",
    color: EmbedColor.SoftWarning,
    footer: { text: footer },
  };
}

export function queueFullEmbed(footer: string, limit: number): Embed {
  return errorEmbed('Queue full', `You have ${limit} jobs waiting in your queue. Please wait for some of them to finish before submitting more.`, footer);
}

export function bannedEmbed(word: string, footer: string): Embed {
  return errorEmbed(
    'Banned prompt detected',
    'Sorry! Our AI moderator thinks this prompt is probably against our community standards.\n\n' +
      `The word \`${word}\` is not allowed.\n\n**ALLOWED**\n- Any image up to PG-13 rating involving fiction, fantasy, mythology.\n` +
      '**NOT ALLOWED**\n- Disrespectful, aggressive, hateful or abusive content.',
    footer,
  );
}

export function actionNeededEmbed(footer: string): Embed {
  return errorEmbed(
    'Action needed to continue',
    'Our AI moderator flagged this prompt for review. If you think this is a mistake, press **Appeal** and a second opinion will decide.',
    footer,
  );
}

export function pendingModEmbed(footer: string): Embed {
  return errorEmbed(
    'Pending mod message',
    'You have a pending message from the moderators. Please read it and press **Acknowledge** to continue using Midjourney.',
    footer,
  );
}

export function appealVerdictEmbed(approved: boolean, footer: string): Embed {
  if (!approved) return errorEmbed('Appeal rejected', 'A second look confirmed that this prompt is against our community standards.', footer);
  return { type: 'rich', title: 'Appeal accepted', description: 'Thanks! Your job will now continue.', color: EmbedColor.Success, footer: { text: footer } };
}

export function acknowledgedEmbed(): Embed {
  return { type: 'rich', title: 'Acknowledged', description: 'Thanks for reading. Your job will now continue.' };
}

export function creditsExhaustedEmbed(footer: string): Embed {
  return errorEmbed('Credits exhausted', 'You have no fast hours left. Switch to relax mode with /relax, or buy more hours.', footer);
}

export const blockedEmbed = (footer: string): Embed => errorEmbed('Blocked', 'You have been blocked from accessing Midjourney.', footer);

export const subscriptionRequiredEmbed = (footer: string): Embed =>
  errorEmbed('Subscription required', 'To use Midjourney you need an active subscription.', footer);

export interface QueueSummary {
  queuedFast: number;
  queuedRelax: number;
  running: string[];
}

/** /info (DISCORD.md §4.13). */
export function infoEmbed(username: string, state: AccountState, usage: AccountUsage, queue: QueueSummary, renewsAt: number): Embed {
  const left = state.fastHoursLeft;
  const lines = [
    `**Subscription**: Pro (Active monthly, renews next on <t:${renewsAt}>)`,
    `**Job Mode**: ${MODE_TITLE[state.mode]}`,
    `**Visibility Mode**: ${state.stealth ? 'Stealth' : 'Public'}`,
    `**Fast Time Remaining**: ${left.toFixed(2)}/${PLAN_FAST_HOURS.toFixed(1)} hours (${((left / PLAN_FAST_HOURS) * PERCENT).toFixed(2)}%)`,
    `**Lifetime Usage**: ${usage.images} images (${usage.hours.toFixed(2)} hours)`,
    `**Relaxed Usage**: ${usage.relaxedImages} images (${usage.relaxedHours.toFixed(2)} hours)`,
    '',
    `**Queued Jobs (fast)**: ${queue.queuedFast}`,
    `**Queued Jobs (relax)**: ${queue.queuedRelax}`,
    `**Running Jobs**: ${queue.running.length === 0 ? 'None' : queue.running.join(', ')}`,
  ];
  return { type: 'rich', title: `Your info - ${username}`, description: lines.join('\n') };
}

export const SETTINGS_CONTENT = 'Adjust your settings here.';

export const MODE_SWITCH_CONTENT: Record<JobMode, string> = {
  fast: 'Done! Your jobs now use fast hours. You can always switch back with /relax',
  relax: 'Done! Your jobs now do not consume fast-hours, but might take a little longer. You can always switch back with /fast',
  turbo: 'Done! Your jobs now run in turbo mode: faster, at twice the fast-hours cost. You can always switch back with /fast',
};

export const remixToggleContent = (on: boolean) => `Remix mode turned ${on ? 'on' : 'off'}! ${on ? 'Variations now open a prompt editor.' : ''}`.trim();
export const variabilityToggleContent = (high: boolean) => `High variability mode turned ${high ? 'on' : 'off'}!`;
export const visibilityContent = (stealth: boolean) =>
  stealth ? 'Done! Stealth mode turned on: your jobs stay out of the public gallery.' : 'Done! Public mode turned on: your jobs appear in the public gallery.';
