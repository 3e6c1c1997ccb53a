/** The task service the HTTP layer calls (TaskApi): submissions, follow-ups, queries, cancel. */
import {
  SubmitCode,
  type AccountHealth,
  type AdminStats,
  type ActionRequest,
  type BlendRequest,
  type ChangeRequest,
  type DescribeRequest,
  type ImagineRequest,
  type ModalRequest,
  type ShortenRequest,
  type SubmitAnswer,
  type SwapFaceRequest,
  type TaskApi,
  type UploadRequest,
  type VideoRequest,
} from './api-port.js';
import { liveView } from '../accounts/account-view.js';
import * as actions from './actions.js';
import { adminStats } from './admin-stats.js';
import * as media from './media-submissions.js';
import { answer, SubmitRefusal } from './submit-answers.js';
import * as submissions from './submissions.js';
import { chooseAccount, type TaskContext } from './task-context.js';
import type { ImageSeeds } from './image-seed.js';
import { isTerminal, type StoredTask, type Task, type TaskSearchPage, type TaskSearchQuery, type TaskStore } from './task.js';

const DEFAULT_PAGE_SIZE = 100;

export interface TaskServiceParts {
  seeds: ImageSeeds;
  /** After a cancel: stops the job on Discord (Cancel Job) where Midjourney allows it. */
  afterCancel(entry: StoredTask): void;
  /** The admin's queries, and (cluster mode) the tasks in flight on every instance. */
  store: Pick<TaskStore, 'search' | 'stats' | 'listUnfinished'>;
}

export class TaskService implements TaskApi {
  constructor(private readonly ctx: TaskContext, private readonly parts: TaskServiceParts) {}

  imagine = (request: ImagineRequest) => this.guard(() => submissions.imagine(this.ctx, request));
  blend = (request: BlendRequest) => this.guard(() => submissions.blend(this.ctx, request));
  describe = (request: DescribeRequest) => this.guard(() => submissions.describe(this.ctx, request));
  shorten = (request: ShortenRequest) => this.guard(() => submissions.shorten(this.ctx, request));
  action = (request: ActionRequest) => this.guard(() => actions.action(this.ctx, request));
  modal = (request: ModalRequest) => this.guard(() => actions.modal(this.ctx, request));
  change = (request: ChangeRequest) => this.guard(() => actions.change(this.ctx, request));

  uploadImages(request: UploadRequest): Promise<SubmitAnswer> {
    return this.guard(async () => {
      const account = chooseAccount(this.ctx, { accountFilter: request.filter });
      const urls = await account.uploadToUrls(request.images, `upload-${Date.now()}`);
      return answer(SubmitCode.Success, this.ctx.wording.say('success'), urls.map((url) => account.publicUrl(url)));
    });
  }

  swapFace = (request: SwapFaceRequest) => this.guard(() => media.swapFace(this.ctx, request));
  video = (request: VideoRequest) => this.guard(() => media.video(this.ctx, request));

  fetch(id: string): Promise<Task | undefined> {
    return this.ctx.registry.getTask(id);
  }

  fetchJson(id: string): Promise<Buffer | undefined> {
    return this.ctx.registry.getTaskJson(id);
  }

  fetchJsonReady(id: string): Buffer | undefined {
    return this.ctx.registry.memoryJson(id);
  }

  listByIds(ids: readonly string[]): Promise<Task[]> {
    return this.ctx.registry.getMany([...new Set(ids)]);
  }

  listJsonByIds(ids: readonly string[]): Promise<Buffer[]> {
    return this.ctx.registry.getTaskJsons([...new Set(ids)]);
  }

  list(page: number, size: number): Promise<Task[]> {
    return this.ctx.registry.list({ page: Math.max(0, page), size: size > 0 ? size : DEFAULT_PAGE_SIZE });
  }

  /** Unfinished tasks, oldest first. */
  async queue(): Promise<Task[]> {
    // Cluster mode: the tasks other instances run are in the shared store; those in memory here are fresher.
    const stored = this.ctx.handOff ? await this.parts.store.listUnfinished() : [];
    const tasks = new Map(stored.map((entry) => [entry.task.id, entry.task]));
    for (const entry of this.ctx.registry.liveEntries()) tasks.set(entry.task.id, entry.task);
    const unfinished = [...tasks.values()].filter((task) => !isTerminal(task.status));
    return unfinished.sort((a, b) => (a.submitTime ?? 0) - (b.submitTime ?? 0));
  }

  imageSeed(id: string): Promise<SubmitAnswer> {
    return this.guard(() => this.parts.seeds.seedOf(id));
  }

  cancel(id: string): Promise<SubmitAnswer> {
    return this.ctx.registry.oneAtATime(id, () => this.cancelNow(id));
  }

  private async cancelNow(id: string): Promise<SubmitAnswer> {
    const entry = await this.ctx.registry.get(id);
    if (!entry) return answer(SubmitCode.NotFound, this.ctx.wording.say('taskNotFound'));
    if (isTerminal(entry.task.status)) return answer(SubmitCode.Validation, this.ctx.wording.say('notCancellable'));
    if (await this.ctx.handOff?.cancelElsewhere(entry)) return answer(SubmitCode.Success, this.ctx.wording.say('cancelled'), id);
    this.ctx.lifecycle.cancel(entry);
    this.parts.afterCancel(entry);
    // Saved before the next turn of this task (cluster mode: a take from the queue reads the store).
    await this.ctx.registry.saved(id);
    return answer(SubmitCode.Success, this.ctx.wording.say('cancelled'), id);
  }

  health(): AccountHealth[] {
    return this.ctx.pool.all().map((account) => {
      const presence = this.ctx.pool.presenceOf(account);
      return {
        instanceId: account.id,
        channelId: account.config.channelId,
        remark: account.config.remark,
        enable: account.config.enable,
        status: presence.status,
        mode: account.state.mode,
        running: presence.running,
        queued: presence.queued,
        coreSize: account.config.coreSize,
        queueSize: account.config.queueSize,
        disabledReason: account.disabledReason,
        moderationNotice: account.state.lock?.kind === 'pending-mod' ? account.state.lock.reason : null,
        lock: account.state.lock && { reason: account.state.lock.reason, url: account.state.lock.url, since: account.state.lock.since },
        fastExhausted: account.state.fastExhausted,
        state: account.config.status ?? (account.config.enable ? 'ENABLE' : 'DISABLED'),
        live: liveView(account, account.id, this.ctx.pool.draws),
      };
    });
  }

  /** Stored pages, with tasks in flight as they are this moment. */
  async search(query: TaskSearchQuery): Promise<TaskSearchPage> {
    const page = await this.parts.store.search(query);
    return { ...page, tasks: page.tasks.map((task) => this.ctx.registry.liveEntry(task.id)?.task ?? task) };
  }

  stats(): Promise<AdminStats> {
    return adminStats(this.parts.store, this.health(), this.ctx.pool);
  }

  /** Turns a refusal into its answer and an unexpected error into code 9, never a crash. */
  private async guard(run: () => Promise<SubmitAnswer>): Promise<SubmitAnswer> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof SubmitRefusal) return error.answer;
      this.ctx.logger.error({ err: error }, 'a submission failed');
      return answer(SubmitCode.Failure, this.ctx.wording.say('failure'));
    }
  }
}
