/**
 * Runs jobs with the choreography of DISCORD.md §4.0: waiting message W (with the nonce) → progress
 * edits of W with a `<UUID>_grid_0.webp` preview → W deleted → final message F. Per account at most
 * `maxConcurrentJobs` run; the next `maxQueuedJobs` wait behind a "Job queued" message that becomes
 * their W when they start.
 */
import { MessageFlags, MessageType, type ActionRow, type Attachment, type Message } from '../../discord/protocol/index.js';
import { gridRows, soloRows, videoRows, cancelRows } from './buttons.js';
import { detach, type BotContext, type Origin } from './context.js';
import { imageCount, isGrid, type Job } from './job.js';
import { fileStem } from './prompt.js';
import { answerFields, channelOf, reply, replyError } from './responder.js';
import { jobContent, queuedEmbed, queueFullEmbed } from './templates.js';
import { FINAL_GAP_MS, PROGRESS_STEPS, UPSAMPLE_SHARE, jobMs, scaled, sleep } from './timing.js';

interface Pending {
  job: Job;
  origin: Origin;
}

export function jobFooter(job: Job): string {
  return `/imagine ${job.prompt.echo}`;
}

export class JobRunner {
  private readonly running = new Map<string, Set<string>>();
  private readonly queues = new Map<string, Pending[]>();

  constructor(private readonly ctx: BotContext) {}

  /** Starts, queues or refuses a job whose interaction has been acknowledged. */
  admit(job: Job, origin: Origin): void {
    this.ctx.jobs.add(job);
    this.ctx.world.ledger.jobStarted(job.id, origin.interaction.id, job.userId, job.kind);
    if (this.runningOf(job.userId).size < this.ctx.settings.maxConcurrentJobs) {
      this.begin(job, origin);
      return;
    }
    const queue = this.queueOf(job.userId);
    if (queue.length >= this.ctx.settings.maxQueuedJobs) {
      job.status = 'stopped';
      this.ctx.world.ledger.jobEnded(job.id, 'stopped');
      replyError(this.ctx, origin, queueFullEmbed(jobFooter(job), this.ctx.settings.maxQueuedJobs));
      return;
    }
    const notice = reply(this.ctx, origin, { embeds: [queuedEmbed(jobFooter(job))] });
    job.status = 'queued';
    job.waitingMessageId = notice.id;
    this.ctx.jobs.link(notice.id, job);
    queue.push({ job, origin });
  }

  /** U1–U4: no waiting message and no progress, only the final reply (DISCORD.md §4.4). */
  upsample(job: Job, origin: Origin): void {
    this.ctx.jobs.add(job);
    this.ctx.world.ledger.jobStarted(job.id, origin.interaction.id, job.userId, job.kind);
    job.status = 'running';
    detach(this.ctx, (async () => {
      await sleep(this.ctx.world, jobMs(this.ctx.world) * UPSAMPLE_SHARE);
      await this.publish(job, origin);
      this.ctx.accounts.charge(job.userId, job.mode, imageCount(job));
    })());
  }

  /** Stops a running or queued job of this user: W shows `(Stopped)` and no final message follows. */
  cancel(jobId: string, userId: string): boolean {
    const job = this.ctx.jobs.get(jobId);
    if (!job || job.userId !== userId || (job.status !== 'running' && job.status !== 'queued')) return false;
    const queue = this.queueOf(userId);
    const queued = queue.findIndex((pending) => pending.job.id === jobId);
    if (queued >= 0) queue.splice(queued, 1);
    const wasRunning = job.status === 'running';
    job.status = 'stopped';
    this.ctx.world.ledger.jobEnded(job.id, 'stopped');
    if (job.waitingMessageId) {
      this.ctx.world.updateMessage(job.channelId, job.waitingMessageId, { content: jobContent(job, 'stopped'), embeds: [], attachments: [], components: [] });
    }
    if (wasRunning) this.release(job);
    return true;
  }

  summary(userId: string): { queuedFast: number; queuedRelax: number; running: string[] } {
    const queue = this.queueOf(userId);
    const relaxed = queue.filter((pending) => pending.job.mode === 'relax').length;
    return { queuedFast: queue.length - relaxed, queuedRelax: relaxed, running: [...this.runningOf(userId)] };
  }

  private begin(job: Job, origin: Origin): void {
    job.status = 'running';
    this.runningOf(job.userId).add(job.id);
    const ephemeral = this.ctx.settings.ephemeralWaiting;
    const body = { content: jobContent(job, 'waiting'), embeds: [], components: ephemeral ? cancelRows(job.id) : [] };
    const waiting = job.waitingMessageId
      ? this.ctx.world.updateMessage(job.channelId, job.waitingMessageId, body)
      : reply(this.ctx, origin, body, ephemeral);
    job.waitingMessageId = waiting.id;
    this.ctx.jobs.link(waiting.id, job);
    detach(this.ctx, this.run(job, origin, waiting).finally(() => this.release(job)));
  }

  private async run(job: Job, origin: Origin, waiting: Message): Promise<void> {
    const { world } = this.ctx;
    const stepMs = jobMs(world) / (PROGRESS_STEPS.length + 1);
    if (job.mode === 'relax' && this.ctx.settings.pauseRelaxed) {
      await sleep(world, stepMs);
      if (job.status !== 'running') return;
      world.updateMessage(job.channelId, waiting.id, { content: jobContent(job, 'paused') });
    }
    let preview: Attachment | undefined;
    for (const progress of PROGRESS_STEPS) {
      await sleep(world, stepMs);
      if (job.status !== 'running') return;
      preview ??= await this.previewAttachment(job, waiting);
      if (job.status !== 'running') return;
      world.updateMessage(job.channelId, waiting.id, { content: jobContent(job, { progress }), attachments: [preview] });
    }
    await sleep(world, stepMs);
    await this.ctx.images.render(job.recipe);
    if (job.status !== 'running') return;
    world.deleteMessage(job.channelId, waiting.id);
    await sleep(world, scaled(world, FINAL_GAP_MS));
    await this.publish(job, origin);
    this.ctx.accounts.charge(job.userId, job.mode, imageCount(job));
  }

  private async previewAttachment(job: Job, waiting: Message): Promise<Attachment> {
    const image = await this.ctx.images.preview(job.recipe);
    const file = { bytes: image.bytes, filename: `${job.id}_grid_0.webp`, contentType: image.contentType };
    const ephemeral = (waiting.flags & MessageFlags.Ephemeral) !== 0;
    return this.ctx.world.storeFile(job.channelId, file, { ephemeral, width: image.width, height: image.height });
  }

  /** The final message F: a new message, no nonce unless `finalNonce`, type 19 when it answers a button. */
  private async publish(job: Job, origin: Origin): Promise<void> {
    if (job.status !== 'running') return;
    const attachment = await this.resultAttachment(job);
    const fields = answerFields(this.ctx.flavour.applicationId, origin, false);
    const message = this.ctx.world.createMessage({
      channelId: channelOf(origin),
      authorId: fields.authorId,
      type: origin.source ? MessageType.Reply : MessageType.Default,
      content: jobContent(job, 'final', this.ctx.settings),
      attachments: [attachment],
      components: resultComponents(job),
      mentionUserId: job.userId,
      ...(this.ctx.settings.finalNonce && origin.nonce !== undefined ? { nonce: origin.nonce } : {}),
      ...(fields.reference ? { reference: fields.reference } : {}),
    });
    job.status = 'done';
    job.finalMessageId = message.id;
    this.ctx.world.ledger.jobEnded(job.id, 'done', message.id);
    this.ctx.jobs.link(message.id, job);
  }

  /** The job's image stored on the CDN under its final name, in `channelId` (defaults to the job's channel). */
  async resultAttachment(job: Job, channelId = job.channelId): Promise<Attachment> {
    const image = await this.ctx.images.render(job.recipe);
    const username = this.ctx.world.userObject(job.userId).username;
    const filename = job.recipe.type === 'video' ? `${job.id}_0.mp4` : `${fileStem(username, job.prompt.text)}_${job.id}.png`;
    return this.ctx.world.storeFile(channelId, { bytes: image.bytes, filename, contentType: image.contentType }, { width: image.width, height: image.height });
  }

  private release(job: Job): void {
    const running = this.runningOf(job.userId);
    if (!running.delete(job.id)) return;
    const next = this.queueOf(job.userId).shift();
    if (next) this.begin(next.job, next.origin);
  }

  private runningOf(userId: string): Set<string> {
    let set = this.running.get(userId);
    if (!set) this.running.set(userId, (set = new Set()));
    return set;
  }

  private queueOf(userId: string): Pending[] {
    let queue = this.queues.get(userId);
    if (!queue) this.queues.set(userId, (queue = []));
    return queue;
  }
}

/**
 * Buttons under a final message: grid → U/🔄/V, U result → solo set, HD upscale → solo set without
 * upscales, video → Extend + Upscale, upscaled video → Extend.
 */
export function resultComponents(job: Job): ActionRow[] {
  if (isGrid(job)) return gridRows(job.id);
  if (job.recipe.type === 'video') return videoRows(job.id, job.kind !== 'video-upscale');
  return soloRows(job, job.upsampleIndex !== undefined);
}
