/**
 * Applies Midjourney events to the tasks they belong to: the state machine of SPEC §3 driven by
 * what Discord says. Works the same for a task sent a second ago and one re-attached after a restart.
 * Events of orphaned jobs only teach us their identities (and when they are over); a task never takes
 * fields from a message of another job.
 */
import type { Logger } from '../lib/logger.js';
import type { AccountSession } from '../accounts/account-session.js';
import type {
  BotErrorEvent,
  DescribeResultEvent,
  IframeModalEvent,
  JobDoneEvent,
  MidjourneyEvent,
  ModalEvent,
  ShortenResultEvent,
} from '../midjourney/events.js';
import type { Correlation } from './correlation.js';
import type { EventMatcher } from './event-matcher.js';
import type { TaskLifecycle } from './lifecycle.js';
import type { OrphanJob } from './orphans.js';
import type { PromptTranslatorPort } from './ports.js';
import type { TaskRunner } from './task-runner.js';
import { jobOf } from './task-job.js';
import { mediaUrls, type StoredTask } from './task.js';

export class TaskEngine {
  constructor(
    private readonly matcher: EventMatcher,
    private readonly correlation: Correlation,
    private readonly lifecycle: TaskLifecycle,
    private readonly runner: TaskRunner,
    private readonly translator: PromptTranslatorPort,
    private readonly logger: Logger,
  ) {}

  handle(account: AccountSession, event: MidjourneyEvent): void {
    const match = this.matcher.find(account.id, event);
    if (match?.kind === 'orphan') return this.onOrphanEvent(match.orphan, event);
    if (match?.kind !== 'task' || match.entry.runtime.accountId !== account.id) return;
    const { entry } = match;
    if (this.namesAnotherJob(entry, event)) return;
    try {
      this.apply(account, entry, event);
    } catch (error) {
      this.logger.error({ err: error, taskId: entry.task.id, kind: event.kind }, 'applying an event failed');
    }
  }

  /** A safety net: a task whose job hash is known takes nothing from a message of another job. */
  private namesAnotherJob(entry: StoredTask, event: MidjourneyEvent): boolean {
    const hash = 'jobHash' in event ? event.jobHash : undefined;
    const known = entry.runtime.jobHash;
    if (!hash || !known || hash === known || event.kind === 'show-result' || event.kind === 'seed') return false;
    this.logger.error({ taskId: entry.task.id, known, hash, kind: event.kind }, 'a message of another job reached a task: ignored');
    return true;
  }

  /** What an orphaned job's messages teach: its identities, so that none reaches a task, and when it is over. */
  private onOrphanEvent(orphan: OrphanJob, event: MidjourneyEvent): void {
    orphan.lastSignAt = Date.now();
    if ('interactionId' in event) this.correlation.retireKey('interaction', event.interactionId, orphan.id);
    if ((event.kind === 'job-start' || event.kind === 'job-progress' || event.kind === 'deferred') && !orphan.progressMessageId) {
      orphan.progressMessageId = event.messageId;
      this.correlation.retireKey('message', event.messageId, orphan.id);
    }
    const hash = 'jobHash' in event ? event.jobHash : undefined;
    if (hash && !orphan.jobHash) {
      orphan.jobHash = hash;
      this.correlation.retireKey('hash', hash, orphan.id);
    }
    if (jobIsOver(event)) {
      this.lifecycle.finishOrphan(orphan.id);
      return;
    }
    if (orphan.wantsStop && !orphan.stopSent && orphan.jobHash && orphan.progressMessageId) void this.runner.stopOrphan(orphan);
  }

  private apply(account: AccountSession, entry: StoredTask, event: MidjourneyEvent): void {
    const { task } = entry;
    switch (event.kind) {
      case 'interaction-created':
      case 'interaction-succeeded':
        entry.runtime.interactionId = event.interactionId;
        this.correlation.link('interaction', event.interactionId, task.id);
        this.lifecycle.touch(entry);
        return;
      case 'interaction-failed':
        return this.lifecycle.fail(entry, `[Interaction failed] Midjourney did not answer the interaction (reason ${event.reasonCode ?? 'unknown'})`);
      case 'message-deleted':
        // The start message goes just before the final one: a sign of life, nothing more.
        return this.lifecycle.touch(entry);
      case 'modal':
        return this.onModal(account, entry, event);
      case 'iframe-modal':
        return this.onIframeModal(account, entry, event);
      case 'deferred':
        this.linkMessage(entry, event.messageId);
        return this.lifecycle.touch(entry);
      case 'job-start':
        this.linkMessage(entry, event.messageId);
        if (event.jobHash) this.linkHash(entry, event.jobHash);
        task.properties.finalPrompt = event.prompt;
        return this.lifecycle.progress(entry, 0, null);
      case 'job-progress':
        this.linkMessage(entry, event.messageId);
        if (event.jobHash) this.linkHash(entry, event.jobHash);
        task.properties.finalPrompt = event.prompt;
        if (event.status === 'stopped') return this.lifecycle.fail(entry, '[Stopped] Midjourney stopped the job');
        return this.lifecycle.progress(entry, event.percent, event.previewUrl ? account.publicUrl(event.previewUrl) : null);
      case 'job-done':
        return this.onDone(account, entry, event);
      case 'describe-result':
        return void this.onTextResult(account, entry, event);
      case 'shorten-result':
        return void this.onTextResult(account, entry, event);
      case 'bot-error':
        return this.onError(account, entry, event);
      case 'face-saved':
        this.lifecycle.progress(entry, 50, null);
        return void this.runner.swapFace(entry, account);
      case 'face-swapped':
        if (!event.image) return this.lifecycle.fail(entry, '[InsightFace] the swap returned no image');
        task.imageUrl = account.publicUrl(event.image.url);
        task.properties.messageId = event.messageId;
        return this.lifecycle.succeed(entry);
      default:
        return;
    }
  }

  private linkMessage(entry: StoredTask, messageId: string): void {
    if (entry.runtime.progressMessageId === messageId) return;
    entry.runtime.progressMessageId = messageId;
    entry.task.properties.progressMessageId = messageId;
    this.correlation.link('message', messageId, entry.task.id);
  }

  private linkHash(entry: StoredTask, jobHash: string): void {
    entry.runtime.jobHash = jobHash;
    entry.task.properties.messageHash = jobHash;
    this.correlation.link('hash', jobHash, entry.task.id);
  }

  private onModal(account: AccountSession, entry: StoredTask, event: ModalEvent): void {
    const job = jobOf(entry.runtime.request);
    const { task } = entry;
    task.properties.modalCustomId = event.customId;
    entry.runtime.interactionId = event.interactionId;
    const prefilled = event.inputs[0]?.value ?? '';
    if (job?.kind === 'button' && job.modal) {
      void this.runner.submitModal(entry, account, event, job.modal.prompt || prefilled || task.promptEn);
      return this.lifecycle.touch(entry);
    }
    if (account.config.remixAutoSubmit) {
      void this.runner.submitModal(entry, account, event, prefilled || task.promptEn);
      return this.lifecycle.touch(entry);
    }
    // Midjourney wants a confirmation nobody planned for (e.g. Remix turned on in Discord): wait for /submit/modal.
    this.lifecycle.awaitModal(entry);
  }

  /** A grid's four images are cut after SUCCESS, by the result hosting (src/images), not here. */
  private onDone(account: AccountSession, entry: StoredTask, event: JobDoneEvent): void {
    const { task } = entry;
    this.linkHash(entry, event.jobHash);
    // A clip alone is no image: clients draw imageUrl in an <img> and play videoUrls.
    task.imageUrl = event.image.url === event.videoUrl ? null : account.publicUrl(event.image.url);
    const all = [event.image, ...event.images];
    task.imageUrls = all.length > 1 ? mediaUrls(all.map((image) => account.publicUrl(image.url))) : null;
    if (event.videoUrl) {
      task.videoUrl = account.publicUrl(event.videoUrl);
      task.videoUrls = mediaUrls([task.videoUrl]);
    }
    task.buttons = event.buttons;
    task.properties.finalPrompt = event.prompt;
    task.properties.messageId = event.messageId;
    task.properties.flags = String(event.flags);
    task.properties.messageContent = event.content;
    this.lifecycle.succeed(entry);
  }

  private async onTextResult(account: AccountSession, entry: StoredTask, event: DescribeResultEvent | ShortenResultEvent): Promise<void> {
    const { task } = entry;
    task.properties.messageId = event.messageId;
    task.properties.flags = String(event.flags);
    task.properties.finalPrompt = event.text;
    task.buttons = event.buttons;
    if (event.kind === 'describe-result') {
      if (event.imageUrl) task.imageUrl = account.publicUrl(event.imageUrl);
      task.prompt = task.prompt || event.text;
    }
    task.promptEn = task.promptEn || event.text;
    this.linkMessage(entry, event.messageId);
    task.properties.finalZhPrompt = await this.translator.toChinese(event.text).catch(() => '');
    this.lifecycle.succeed(entry);
  }

  private onIframeModal(account: AccountSession, entry: StoredTask, event: IframeModalEvent): void {
    const job = jobOf(entry.runtime.request);
    if (!event.captcha && job?.kind === 'button' && job.modal?.mask) {
      void this.runner.submitInpaint(entry, account, event.customId, job.modal.mask.base64, job.modal.prompt || entry.task.promptEn);
      return this.lifecycle.touch(entry);
    }
    this.lifecycle.fail(entry, `[${event.title}] ${event.captcha ? `a human check is needed: ${event.iframePath}` : 'an editor opened that this task cannot fill'}`);
  }

  private onError(account: AccountSession, entry: StoredTask, event: BotErrorEvent): void {
    if (!event.fatal) {
      // "Job queued": Midjourney will start it later; it is a sign of life, not a failure.
      this.linkMessage(entry, event.messageId);
      return this.lifecycle.touch(entry);
    }
    const first = event.buttons[0];
    if (event.code === 'action-needed' && first && entry.task.properties.appealed !== 'true') {
      // Moderation asked for an appeal: appeal once; the verdict continues or fails the task.
      entry.task.properties.appealed = 'true';
      const appeal = event.buttons.find((button) => /appeal/i.test(button.customId + button.label)) ?? first;
      void this.runner.click(entry, account, { messageId: event.messageId, messageFlags: event.flags, customId: appeal.customId })
        .catch((error: unknown) => this.lifecycle.fail(entry, `[${event.title}] appeal failed: ${(error as Error).message}`));
      return this.lifecycle.touch(entry);
    }
    if (event.code === 'pending-mod' && first) {
      // Acknowledge the notice; the account stays locked until the click goes through. The job itself does not go on.
      void this.runner.click(entry, account, { messageId: event.messageId, messageFlags: event.flags, customId: first.customId }).then(
        () => account.unlock('pending-mod'),
        (error: unknown) => this.logger.warn({ taskId: entry.task.id, err: (error as Error).message }, 'acknowledging a moderation notice failed; it needs a human'),
      );
    }
    const reason = event.title ? `[${event.title}] ${event.description}` : event.description || event.content;
    this.lifecycle.fail(entry, reason);
  }
}

/** Events after which an orphaned job runs no more. */
function jobIsOver(event: MidjourneyEvent): boolean {
  switch (event.kind) {
    case 'job-done':
    case 'describe-result':
    case 'shorten-result':
    case 'face-swapped':
    case 'interaction-failed':
      return true;
    case 'job-progress':
      return event.status === 'stopped';
    case 'bot-error':
      return event.fatal;
    default:
      return false;
  }
}
