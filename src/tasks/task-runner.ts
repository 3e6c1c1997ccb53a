/**
 * Sends what a task asks of Discord once its account gives it a slot. What comes back is the
 * engine's business (task-engine.ts); a send that Discord refuses fails the task here. A task
 * cancelled before its interaction leaves is not sent; one cancelled later leaves an orphan.
 */
import type { Logger } from '../lib/logger.js';
import { nextSnowflake } from '../lib/snowflake.js';
import type { AccountPool } from '../accounts/account-pool.js';
import { InteractionUnconfirmedError, mayHaveReachedDiscord, type AccountSession, type SendHooks, type SendOptions, type UploadedFile } from '../accounts/account-session.js';
import {
  buildBlend,
  buildButton,
  buildDescribe,
  buildImagine,
  buildModalSubmit,
  buildSaveFace,
  buildSwapFace,
  buildShorten,
  formatCustomId,
} from '../midjourney/index.js';
import type { ModalEvent } from '../midjourney/events.js';
import { echoesPrompt } from './claimants.js';
import type { Correlation } from './correlation.js';
import type { DistinctSends } from './distinct-sends.js';
import type { TaskLifecycle } from './lifecycle.js';
import type { OrphanJob } from './orphans.js';
import type { TaskRegistry } from './task-registry.js';
import { asRequest, isUploaded, jobOf, loadImage, type JobImage, type TaskJob } from './task-job.js';
import { isTerminal, type StoredTask } from './task.js';
import type { TimeoutSettings } from './timeout-settings.js';

/** Cancel Job sits on the ephemeral start message, so the click names that flag. */
const EPHEMERAL_FLAG = 64;

/** Called once a task's job is about to leave for Discord; throws to keep it from leaving. */
export type SendGate = (entry: StoredTask) => Promise<void>;

/** The task ended before its interaction left: nothing was sent. */
class SendCancelled extends Error {
  constructor() {
    super('the task ended before it was sent');
  }
}

/** The nonce of the request that makes the task's job. */
function nameNonce(entry: StoredTask, nonce: string): void {
  entry.runtime.nonce = nonce;
  entry.task.properties.nonce = nonce;
}

/** The name a swap saves its face under: short, unique per task. */
const faceName = (entry: StoredTask): string => `f${entry.task.id.slice(-9)}`;

export class TaskRunner {
  constructor(
    private readonly pool: AccountPool,
    private readonly registry: TaskRegistry,
    private readonly correlation: Correlation,
    private readonly lifecycle: TaskLifecycle,
    private readonly timeouts: TimeoutSettings,
    private readonly distinct: DistinctSends,
    private readonly logger: Logger,
    /** Cluster mode: saves the task as being sent, and refuses when this instance lost its account (else the runner saves it). */
    private readonly sendGate?: SendGate,
  ) {}

  /** The queue's start callback: the task has a slot now. */
  start(taskId: string): void {
    const entry = this.registry.liveEntry(taskId);
    const account = entry?.runtime.accountId ? this.pool.get(entry.runtime.accountId) : undefined;
    if (!entry || !account || entry.task.status !== 'NOT_START') {
      account?.queue.release(taskId);
      return;
    }
    // Its timeout counts from now: the wait for a slot was the queue's, not the task's.
    this.lifecycle.touch(entry);
    void this.send(entry, account).catch((error: unknown) => this.sendFailed(entry, error));
  }

  /** Answers a modal Midjourney opened for a task that already knows what to submit. */
  async submitModal(entry: StoredTask, account: AccountSession, modal: ModalEvent, value: string): Promise<void> {
    const input = modal.inputs[0];
    await account.sendInteraction(entry.task.botType, (ctx) => {
      this.beforeSend(entry);
      return buildModalSubmit(ctx, { interactionId: modal.interactionId, modalCustomId: modal.customId, inputCustomId: input?.customId ?? '', value });
    }, { channelId: modal.channelId, replyTo: entry.runtime.parentMessageId ?? undefined, ...this.hooks(entry, true) }).catch((error: unknown) => this.sendFailed(entry, error));
  }

  /** Face swap, second step: the face is saved; swap it into the target image. */
  async swapFace(entry: StoredTask, account: AccountSession): Promise<void> {
    const job = jobOf(entry.runtime.request);
    if (job?.kind !== 'swap-face') return;
    try {
      const channelId = account.channelFor('INSIGHT_FACE');
      const [upload] = await this.uploads(entry, account, channelId, [job.target], `${entry.task.id}-target`, (images) => ({ ...job, target: images[0] ?? job.target }));
      if (!upload) throw new Error('the target upload returned nothing');
      await account.sendCommand('INSIGHT_FACE', 'swapid', (ctx, command) => {
        this.beforeSend(entry);
        return buildSwapFace(ctx, command, faceName(entry), upload);
      }, this.hooks(entry, true));
    } catch (error) {
      this.sendFailed(entry, error);
    }
  }

  /** Clicks a button for a task outside its main job (appeal, Cancel Job). */
  async click(entry: StoredTask, account: AccountSession, click: { messageId: string; messageFlags: number; customId: string }): Promise<void> {
    await account.sendInteraction(entry.task.botType, (ctx) => buildButton(ctx, click), this.hooks(entry, false));
  }

  /** Cancel Job for a job whose task ended, once its job id and start message are known. */
  async stopOrphan(orphan: OrphanJob): Promise<void> {
    const account = this.pool.get(orphan.accountId);
    if (!account?.usable || !orphan.jobHash || !orphan.progressMessageId) return;
    orphan.stopSent = true;
    const click = { messageId: orphan.progressMessageId, messageFlags: EPHEMERAL_FLAG, customId: formatCustomId({ kind: 'cancel_job', jobHash: orphan.jobHash }) };
    await account.sendInteraction(orphan.bot, (ctx) => buildButton(ctx, click), {
      onNonce: (nonce) => this.correlation.retireKey('nonce', nonce, orphan.id),
    }).catch((error: unknown) => this.logger.warn({ job: orphan.jobHash, err: (error as Error).message }, 'Cancel Job was refused'));
  }

  /** Vary (Region): the editor opened; send the mask and prompt to Midjourney's activity. */
  async submitInpaint(entry: StoredTask, account: AccountSession, iframeCustomId: string, maskBase64: string, prompt: string): Promise<void> {
    try {
      await account.submitInpaint(iframeCustomId, maskBase64, prompt);
      const job = jobOf(entry.runtime.request);
      if (job?.kind === 'button' && job.modal) this.replaceJob(entry, { ...job, modal: { ...job.modal, mask: null } });
    } catch (error) {
      // Without an answer the job may still have started: its messages (the click's nonce) will tell.
      if (mayHaveReachedDiscord(error)) {
        this.logger.warn({ taskId: entry.task.id, err: (error as Error).message }, 'no answer from the Vary (Region) submit; waiting for Discord');
        return;
      }
      this.sendFailed(entry, error);
    }
  }

  private async send(entry: StoredTask, account: AccountSession): Promise<void> {
    const job = jobOf(entry.runtime.request);
    if (!job) throw new Error('the task has nothing to send');
    await account.whenReady(this.timeouts.taskMs(account));
    if (isTerminal(entry.task.status)) throw new SendCancelled();
    if (entry.runtime.sentAt === null || entry.runtime.sentAt === undefined) {
      await this.distinct.wait(entry, this.timeouts.taskMs(account) / 2);
      if (isTerminal(entry.task.status)) throw new SendCancelled();
      // Waiting for a confusable job to show its identity is not the task's own time either.
      this.lifecycle.touch(entry);
    }
    // Marked as being sent already: this process before a crash, or an owner of the account that died
    // since, may have sent it.
    const earlierAt = entry.runtime.sentAt ?? undefined;
    // Saved before it leaves: after a crash (or on the account's next owner) the channel is read for the
    // job first, so that one Discord ran is caught up instead of being sent, and paid for, twice. Its
    // nonce is saved too: a job caught up that way still names the request that made it.
    entry.runtime.sentAt ??= Date.now();
    const firstNonce = earlierAt === undefined ? nextSnowflake() : undefined;
    if (firstNonce !== undefined) nameNonce(entry, firstNonce);
    await (this.sendGate ? this.sendGate(entry) : this.registry.commit(entry, { notify: false }));
    if (isTerminal(entry.task.status)) throw new SendCancelled();
    await this.sendJob(entry, account, job, earlierAt, firstNonce);
    this.lifecycle.submitted(entry);
  }

  private async sendJob(entry: StoredTask, account: AccountSession, job: TaskJob, earlierAt: number | undefined, firstNonce: string | undefined): Promise<void> {
    const bot = entry.task.botType;
    const prefix = entry.task.id;
    const hooks = { ...this.hooks(entry, true), firstNonce, ...this.earlierSend(entry, earlierAt, job.kind === 'imagine' ? job.prompt : undefined) };
    const channelId = account.channelFor(bot);
    switch (job.kind) {
      case 'imagine': {
        const prompt = job.images.length > 0 ? await this.withImagePrompts(entry, account, job) : job.prompt;
        await account.sendCommand(bot, 'imagine', (ctx, command) => this.sending(entry, () => buildImagine(ctx, command, prompt)), hooks);
        return;
      }
      case 'blend': {
        const uploads = await this.uploads(entry, account, channelId, job.images, prefix, (images) => ({ ...job, images }));
        await account.sendCommand(bot, 'blend', (ctx, command) => this.sending(entry, () => buildBlend(ctx, command, uploads, job.dimensions)), hooks);
        return;
      }
      case 'describe': {
        if (job.image) {
          const image = job.image;
          const [upload] = await this.uploads(entry, account, channelId, [image], prefix, (images) => ({ ...job, image: images[0] ?? image }));
          if (!upload) throw new Error('the image upload returned nothing');
          await account.sendCommand(bot, 'describe', (ctx, command) => this.sending(entry, () => buildDescribe(ctx, command, { upload })), hooks);
          return;
        }
        await account.sendCommand(bot, 'describe', (ctx, command) => this.sending(entry, () => buildDescribe(ctx, command, { link: job.link ?? '' })), hooks);
        return;
      }
      case 'shorten':
        await account.sendCommand(bot, 'shorten', (ctx, command) => this.sending(entry, () => buildShorten(ctx, command, job.prompt)), hooks);
        return;
      case 'button': {
        const click = { messageId: job.messageId, messageFlags: job.messageFlags, customId: job.customId };
        await account.sendInteraction(bot, (ctx) => this.sending(entry, () => buildButton(ctx, click)), { ...hooks, replyTo: job.messageId });
        return;
      }
      case 'swap-face': {
        const [upload] = await this.uploads(entry, account, account.channelFor('INSIGHT_FACE'), [job.source], `${prefix}-face`, (images) => ({ ...job, source: images[0] ?? job.source }));
        if (!upload) throw new Error('the face upload returned nothing');
        await account.sendCommand('INSIGHT_FACE', 'saveid', (ctx, command) => this.sending(entry, () => buildSaveFace(ctx, command, faceName(entry), upload)), hooks);
        return;
      }
    }
  }

  /** Image prompts: uploaded and posted, their CDN URLs lead the prompt (kept instead of the images). */
  private async withImagePrompts(entry: StoredTask, account: AccountSession, job: Extract<TaskJob, { kind: 'imagine' }>): Promise<string> {
    const urls = await account.uploadToUrls(job.images.map(loadImage), entry.task.id);
    const prompt = [...urls, job.prompt].join(' ');
    entry.task.promptEn = prompt;
    entry.task.description = `/${entry.task.action.toLowerCase()} ${prompt}`;
    this.replaceJob(entry, { kind: 'imagine', prompt, images: [] });
    return prompt;
  }

  /** Uploads the images Discord does not hold yet; the job then keeps the uploads instead of the bytes. */
  private async uploads(entry: StoredTask, account: AccountSession, channelId: string, images: JobImage[], prefix: string, withImages: (images: JobImage[]) => TaskJob): Promise<UploadedFile[]> {
    if (images.every(isUploaded)) return images.map((image) => image.uploaded);
    const refs = await account.uploadAttachments(channelId, images.map((image) => {
      if (isUploaded(image)) throw new Error('an upload cannot be mixed with new images');
      return loadImage(image);
    }), prefix);
    if (isTerminal(entry.task.status)) throw new SendCancelled();
    this.replaceJob(entry, withImages(refs.map((uploaded) => ({ uploaded }))));
    return refs;
  }

  private replaceJob(entry: StoredTask, job: TaskJob): void {
    entry.runtime.request = asRequest(job);
    void this.registry.commit(entry, { notify: false });
  }

  /** Builds the interaction at the last moment before it leaves: not at all for a task that ended meanwhile. */
  private sending<T>(entry: StoredTask, build: () => T): T {
    this.beforeSend(entry);
    return build();
  }

  private beforeSend(entry: StoredTask): void {
    if (isTerminal(entry.task.status)) throw new SendCancelled();
    entry.runtime.sentAt ??= Date.now();
  }

  /**
   * A job that may have left already: the channel is looked at first (by the prompt its answer
   * echoes, where it has one), and the read counts too when it gave the task its job.
   */
  private earlierSend(entry: StoredTask, at: number | undefined, prompt: string | undefined): Pick<SendOptions, 'earlierSend' | 'echoes'> {
    if (at === undefined) return {};
    return {
      earlierSend: { at, progressed: () => entry.task.status !== 'NOT_START' },
      echoes: prompt === undefined ? undefined : (echo) => echoesPrompt(echo, prompt),
    };
  }

  /** `main`: the interaction makes the task's job (its nonce is the job's); else a side click (appeal, Cancel Job). */
  private hooks(entry: StoredTask, main: boolean): SendHooks {
    return {
      onNonce: (nonce) => {
        if (isTerminal(entry.task.status)) {
          this.correlation.retireKey('nonce', nonce, entry.task.id);
          return;
        }
        this.correlation.link('nonce', nonce, entry.task.id);
        if (main) nameNonce(entry, nonce);
      },
      onAbandon: (nonce) => this.lifecycle.abandonAttempt(entry, nonce),
    };
  }

  private sendFailed(entry: StoredTask, error: unknown): void {
    const unconfirmed = error instanceof InteractionUnconfirmedError;
    if (isTerminal(entry.task.status)) {
      // Cancelled while sending: unless the send may have gone through, no job holds its slot.
      if (!unconfirmed) this.lifecycle.finishOrphan(entry.task.id);
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    this.logger.warn({ taskId: entry.task.id, err: message }, 'sending a task to Discord failed');
    this.lifecycle.fail(entry, `Discord refused the request: ${message}`, unconfirmed ? 'unknown' : 'over');
  }
}
