/**
 * The last resort for a message without an identity we know (its start message was never seen: a
 * session that was not resumed, a restart, a button result that has none): it belongs to a job only
 * when exactly one job in flight on that account could have made it. A result replying to a message
 * goes to the one job that clicked that message (same kind of result, same image index); any other
 * result goes to the one job with the same channel, bot and prompt. Several candidates: nobody gets
 * it. Jobs whose task ended (orphans) count as candidates too, so they can never hand theirs over.
 */
import { snowflakeTime } from '../lib/snowflake.js';
import type { JobContentKind, MidjourneyEvent } from '../midjourney/events.js';
import type { BotType, StoredTask, TaskAction } from './task.js';
import { jobOf } from './task-job.js';

/** Our clock and Discord's may differ by this much when comparing a message's time with a send. */
const CLOCK_SKEW_MS = 3000;

/** Which task actions can produce a message of this content grammar. */
const ACTIONS_FOR_CONTENT: Record<JobContentKind, readonly TaskAction[]> = {
  imagine: ['IMAGINE', 'REROLL', 'BLEND'],
  variation: ['VARIATION', 'REROLL'],
  pan: ['PAN', 'REROLL'],
  zoom: ['ZOOM', 'REROLL'],
  upscale: ['UPSCALE'],
  'upscale-hd': ['UPSCALE'],
  video: ['VIDEO', 'IMAGINE'],
};

/** A job that was sent and whose messages may still come: a task in flight, or an orphan. */
export interface Claimant {
  id: string;
  accountId: string;
  channelId: string;
  bot: BotType;
  action: TaskAction;
  /** The prompt Midjourney echoed, else the one we sent. */
  prompt: string;
  promptEchoed: boolean;
  /** The image index of an upscale. */
  index: number | null;
  /**
   * How many images a blend sent: its echo is their links and nothing else to recognise it by
   * (null when not known, as for a blend remembered after a restart: it then fits any blend's echo).
   */
  blendImages: number | null;
  parentMessageId: string | null;
  jobHash: string | null;
  progressMessageId: string | null;
  sentAt: number;
}

type Claimable = Extract<MidjourneyEvent, { kind: 'job-progress' | 'job-done' | 'describe-result' | 'shorten-result' }>;

/** The task as a claimant: once sent (or, given `sentAt`, as if sent then). */
export function claimantOf(entry: StoredTask, sentAt = entry.runtime.sentAt): Claimant | undefined {
  const { task, runtime } = entry;
  if (sentAt === null || sentAt === undefined || !runtime.accountId) return undefined;
  const index = Number(task.properties.index);
  const job = jobOf(runtime.request);
  return {
    id: task.id,
    accountId: runtime.accountId,
    channelId: task.properties.discordChannelId ?? '',
    bot: task.botType,
    action: task.action,
    prompt: task.properties.finalPrompt || task.promptEn,
    promptEchoed: Boolean(task.properties.finalPrompt),
    index: Number.isInteger(index) && index > 0 ? index : null,
    blendImages: job?.kind === 'blend' ? job.images.length : null,
    parentMessageId: runtime.parentMessageId,
    jobHash: runtime.jobHash,
    progressMessageId: runtime.progressMessageId,
    sentAt,
  };
}

export function isClaimable(event: MidjourneyEvent): event is Claimable {
  if (event.kind === 'job-progress') return event.jobHash !== null;
  // A final is created once; an edit of one whose identity we do not know is an old message, not news.
  if (event.kind === 'job-done') return event.source === 'create';
  return event.kind === 'describe-result' || event.kind === 'shorten-result';
}

/** The one claimant that could own the event, or undefined when none or several could. */
export function soleClaimant(event: Claimable, claimants: readonly Claimant[]): { sole?: Claimant; count: number } {
  const made = snowflakeTime(event.messageId);
  const candidates = claimants.filter((claimant) => claimant.channelId === event.channelId
    && made >= claimant.sentAt - CLOCK_SKEW_MS
    && claimant.progressMessageId !== event.messageId
    && fits(claimant, event));
  return { sole: candidates.length === 1 ? candidates[0] : undefined, count: candidates.length };
}

function fits(claimant: Claimant, event: Claimable): boolean {
  const reference = event.referencedMessageId ?? null;
  if (reference !== claimant.parentMessageId) return false;
  switch (event.kind) {
    case 'describe-result':
      return claimant.action === 'DESCRIBE' && claimant.progressMessageId === null;
    case 'shorten-result':
      return claimant.action === 'SHORTEN' && claimant.progressMessageId === null;
    default: {
      if (claimant.jobHash !== null || !ACTIONS_FOR_CONTENT[event.contentKind].includes(claimant.action)) return false;
      if (event.kind === 'job-progress' && claimant.progressMessageId !== null) return false;
      if (event.kind === 'job-done' && event.index !== null && claimant.index !== null && event.index !== claimant.index) return false;
      // A reply names the message its button was on; anything else must echo the same prompt.
      return reference !== null || samePrompt(event.prompt, claimant);
    }
  }
}

const answersOnce = (action: TaskAction): boolean => action === 'DESCRIBE' || action === 'SHORTEN';

/** Whether a message without identity could still go to this job by the sole-claimant rule (see fits). */
export function isAnonymous(claimant: Claimant): boolean {
  return answersOnce(claimant.action) ? claimant.progressMessageId === null : claimant.jobHash === null;
}

/**
 * Whether one message could fit both jobs while neither has an identity (a superset of what fits
 * allows for both): two such jobs in flight at once would leave that message to nobody.
 */
export function confusable(a: Claimant, b: Claimant): boolean {
  if (a.channelId !== b.channelId || a.parentMessageId !== b.parentMessageId) return false;
  if (answersOnce(a.action) || answersOnce(b.action)) return a.action === b.action;
  if (!Object.values(ACTIONS_FOR_CONTENT).some((actions) => actions.includes(a.action) && actions.includes(b.action))) return false;
  // Upscales name their image (`Image #n`): two of one grid are told apart by it.
  if (a.action === 'UPSCALE' && b.action === 'UPSCALE' && a.index !== null && b.index !== null) return a.index === b.index;
  if (a.parentMessageId !== null) return true;
  if (a.action === 'BLEND' || b.action === 'BLEND') {
    return a.action === b.action && (a.blendImages === null || b.blendImages === null || a.blendImages === b.blendImages);
  }
  return primaryWords(a.prompt) === primaryWords(b.prompt);
}

const squash = (text: string): string => text.replace(/\s+/g, ' ').trim().toLowerCase();

/** The words of a prompt without image links and --parameters (Midjourney rewrites both). */
function primaryWords(prompt: string): string {
  const withoutLinks = prompt.replace(/<[^>]*>/g, ' ').replace(/https?:\/\/\S+/g, ' ');
  return squash(withoutLinks.split(/(?:^|\s)--[a-z]/i)[0] ?? '');
}

/** How many image links a prompt echo starts with (a blend's echo is its images' links and parameters). */
function imageLinks(echo: string): number {
  return (echo.split(/(?:^|\s)--[a-z]/i)[0] ?? '').match(/<?https?:\/\/\S+/g)?.length ?? 0;
}

/** Whether Midjourney's echo of a prompt is of the prompt sent (links and parameters aside). */
export function echoesPrompt(echo: string, sent: string): boolean {
  const words = primaryWords(echo);
  return words !== '' && words === primaryWords(sent);
}

function samePrompt(echo: string, claimant: Claimant): boolean {
  if (claimant.promptEchoed) return squash(echo) === squash(claimant.prompt);
  if (claimant.action === 'BLEND') {
    return primaryWords(echo) === '' && (claimant.blendImages === null || imageLinks(echo) === claimant.blendImages);
  }
  return echoesPrompt(echo, claimant.prompt);
}
