/**
 * Sends what a task asks of Discord once its account gives it a slot. What comes back is the
 * engine's business (task-engine.ts); a send that Discord refuses fails the task here.
 */
import type { Logger } from '../lib/logger.js';
import type { AccountPool } from '../accounts/account-pool.js';
import type { AccountSession } from '../accounts/account-session.js';
import {
  buildBlend,
  buildButton,
  buildDescribe,
  buildImagine,
  buildModalSubmit,
  buildSaveFace,
  buildSwapFace,
  buildShorten,
} from '../midjourney/index.js';
import type { ModalEvent } from '../midjourney/events.js';
import type { Correlation } from './correlation.js';
import type { TaskLifecycle } from './lifecycle.js';
import type { TaskRegistry } from './task-registry.js';
import { jobOf, loadImage, type TaskJob } from './task-job.js';
import type { StoredTask } from './task.js';

const MINUTE_MS = 60_000;

/** The name a swap saves its face under: short, unique per task. */
const faceName = (entry: StoredTask): string => `f${entry.task.id.slice(-9)}`;

export class TaskRunner {
  constructor(
    private readonly pool: AccountPool,
    private readonly registry: TaskRegistry,
    private readonly correlation: Correlation,
    private readonly lifecycle: TaskLifecycle,
    private readonly logger: Logger,
  ) {}

  /** The queue's start callback: the task has a slot now. */
  start(taskId: string): void {
    const entry = this.registry.liveEntry(taskId);
    const account = entry?.runtime.accountId ? this.pool.get(entry.runtime.accountId) : undefined;
    if (!entry || !account || entry.task.status !== 'NOT_START') {
      account?.queue.release(taskId);
      return;
    }
    void this.send(entry, account).catch((error: unknown) => this.failSend(entry, error));
  }

  /** Answers a modal Midjourney opened for a task that already knows what to submit. */
  async submitModal(entry: StoredTask, account: AccountSession, modal: ModalEvent, value: string): Promise<void> {
    const nonce = this.newNonce(entry, account);
    const input = modal.inputs[0];
    const payload = buildModalSubmit(account.interactionContext(this.bot(entry), nonce, modal.channelId), {
      interactionId: modal.interactionId,
      modalCustomId: modal.customId,
      inputCustomId: input?.customId ?? '',
      value,
    });
    await account.interact(payload).catch((error: unknown) => this.failSend(entry, error));
  }

  /** Face swap, second step: the face is saved; swap it into the target image. */
  async swapFace(entry: StoredTask, account: AccountSession): Promise<void> {
    const job = jobOf(entry.runtime.request);
    if (job?.kind !== 'swap-face') return;
    try {
      const ctx = account.interactionContext('INSIGHT_FACE', this.newNonce(entry, account));
      const [upload] = await account.uploadAttachments(ctx.channelId, [loadImage(job.target)], `${entry.task.id}-target`);
      if (!upload) throw new Error('the target upload returned nothing');
      await account.sendCommand('INSIGHT_FACE', 'swapid', (command) => buildSwapFace(ctx, command, faceName(entry), upload));
    } catch (error) {
      this.failSend(entry, error);
    }
  }

  /** Clicks a button for a task outside its main job (appeal, Cancel Job), linking the new nonce to it. */
  async click(entry: StoredTask, account: AccountSession, click: { messageId: string; messageFlags: number; customId: string }): Promise<void> {
    const nonce = this.newNonce(entry, account);
    await account.interact(buildButton(account.interactionContext(this.bot(entry), nonce), click));
  }

  /** Vary (Region): the editor opened; send the mask and prompt to Midjourney's activity. */
  async submitInpaint(entry: StoredTask, account: AccountSession, iframeCustomId: string, maskBase64: string, prompt: string): Promise<void> {
    await account.submitInpaint(iframeCustomId, maskBase64, prompt).catch((error: unknown) => this.failSend(entry, error));
  }

  private async send(entry: StoredTask, account: AccountSession): Promise<void> {
    const job = jobOf(entry.runtime.request);
    if (!job) throw new Error('the task has nothing to send');
    await account.whenReady(account.config.timeoutMinutes * MINUTE_MS);
    const bot = this.bot(entry);
    const nonce = this.newNonce(entry, account);
    const ctx = account.interactionContext(bot, nonce);
    await this.sendJob(entry, account, job, ctx);
    this.lifecycle.submitted(entry);
  }

  private async sendJob(entry: StoredTask, account: AccountSession, job: TaskJob, ctx: ReturnType<AccountSession['interactionContext']>): Promise<void> {
    const bot = this.bot(entry);
    const prefix = entry.task.id;
    switch (job.kind) {
      case 'imagine': {
        const urls = job.images.length > 0 ? await account.uploadToUrls(job.images.map(loadImage), prefix) : [];
        const prompt = [...urls, job.prompt].join(' ');
        entry.task.promptEn = prompt;
        if (urls.length > 0) entry.task.description = `/${entry.task.action.toLowerCase()} ${prompt}`;
        return account.sendCommand(bot, 'imagine', (command) => buildImagine(ctx, command, prompt));
      }
      case 'blend': {
        const uploads = await account.uploadAttachments(ctx.channelId, job.images.map(loadImage), prefix);
        return account.sendCommand(bot, 'blend', (command) => buildBlend(ctx, command, uploads, job.dimensions));
      }
      case 'describe': {
        if (job.image) {
          const [upload] = await account.uploadAttachments(ctx.channelId, [loadImage(job.image)], prefix);
          if (!upload) throw new Error('the image upload returned nothing');
          return account.sendCommand(bot, 'describe', (command) => buildDescribe(ctx, command, { upload }));
        }
        return account.sendCommand(bot, 'describe', (command) => buildDescribe(ctx, command, { link: job.link ?? '' }));
      }
      case 'shorten':
        return account.sendCommand(bot, 'shorten', (command) => buildShorten(ctx, command, job.prompt));
      case 'button':
        this.correlation.awaitReplyTo(job.messageId, entry.task.id);
        return account.interact(buildButton(ctx, { messageId: job.messageId, messageFlags: job.messageFlags, customId: job.customId }));
      case 'swap-face': {
        const [upload] = await account.uploadAttachments(ctx.channelId, [loadImage(job.source)], `${prefix}-face`);
        if (!upload) throw new Error('the face upload returned nothing');
        return account.sendCommand('INSIGHT_FACE', 'saveid', (command) => buildSaveFace(ctx, command, faceName(entry), upload));
      }
    }
  }

  private newNonce(entry: StoredTask, account: AccountSession): string {
    const nonce = account.newNonce();
    entry.runtime.nonce = nonce;
    entry.task.properties.nonce = nonce;
    this.correlation.link('nonce', nonce, entry.task.id);
    return nonce;
  }

  private bot(entry: StoredTask) {
    return entry.task.botType;
  }

  private failSend(entry: StoredTask, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.logger.warn({ taskId: entry.task.id, err: message }, 'sending a task to Discord failed');
    this.lifecycle.fail(entry, `Discord refused the request: ${message}`);
  }
}
