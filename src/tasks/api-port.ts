/**
 * What the HTTP layer asks of the task service. Requests here are already type-checked and their
 * images decoded; the service does the semantic checks and answers in the protocol's own terms.
 */
import type { AccountLive } from '../accounts/account-view.js';
import type { BotType, Task, TaskAccountFilter, TaskAction, TaskMode, TaskSearchPage, TaskSearchQuery } from './task.js';

/** SPEC §4 submit codes. */
export enum SubmitCode {
  Success = 1,
  NotFound = 3,
  Validation = 4,
  Failure = 9,
  Modal = 21,
  InQueue = 22,
  QueueFull = 23,
  Banned = 24,
}

export interface SubmitAnswer {
  code: SubmitCode;
  description: string;
  result: string | string[] | null;
  properties: Record<string, unknown>;
}

/** A decoded image input (data URL, raw base64 or fetched URL). */
export interface ImageInput {
  bytes: Buffer;
  contentType: string;
  /** e.g. "png", "jpg". */
  extension: string;
}

export interface AccountFilter extends TaskAccountFilter {
  modes?: TaskMode[];
}

/** Fields every submit body accepts (SPEC §5), plus the mode from the URL prefix. */
export interface SubmitCommon {
  notifyHook?: string;
  state?: string;
  botType?: BotType;
  accountFilter?: AccountFilter;
  /** body `mode`, already upper-cased. */
  mode?: TaskMode;
  /** From /mj-fast, /mj-relax, /mj-turbo, /fast, /relax, /turbo. */
  prefixMode?: TaskMode;
}

export interface ImagineRequest extends SubmitCommon { prompt: string; images: ImageInput[] }
export interface BlendRequest extends SubmitCommon { images: ImageInput[]; dimensions: 'PORTRAIT' | 'SQUARE' | 'LANDSCAPE' }
export interface DescribeRequest extends SubmitCommon { image?: ImageInput; link?: string }
export interface ShortenRequest extends SubmitCommon { prompt: string }
export interface ActionRequest extends SubmitCommon { taskId: string; customId: string; chooseSameChannel?: boolean }
export interface ModalRequest extends SubmitCommon { taskId: string; prompt?: string; mask?: ImageInput }
export interface ChangeRequest extends SubmitCommon { taskId: string; action: 'UPSCALE' | 'VARIATION' | 'REROLL'; index?: number }
export interface UploadRequest { images: ImageInput[]; filter?: AccountFilter }
export interface SwapFaceRequest extends SubmitCommon { source: ImageInput; target: ImageInput }
export interface VideoRequest extends SubmitCommon {
  prompt?: string;
  image?: ImageInput;
  motion?: 'low' | 'high';
  taskId?: string;
  index?: number;
}

export interface AccountHealth {
  instanceId: string;
  /** ENABLE, DISABLED or LISTEN_ONLY (the admin API's status; `status` here is the connection's). */
  state: string;
  channelId: string;
  remark: string;
  enable: boolean;
  status: string;
  mode: TaskMode;
  running: number;
  queued: number;
  coreSize: number;
  queueSize: number;
  disabledReason: string | null;
  /** A moderation notice Midjourney sent the account ("Pending mod message"), until the Acknowledge click goes through. */
  moderationNotice: string | null;
  /** Set while the account needs a human (captcha, blocked, subscription, a pending mod message): it takes no new work. */
  lock: { reason: string; url: string | null; since: number } | null;
  /** Midjourney said its fast hours are used up: it runs relaxed work only. */
  fastExhausted: boolean;
  /** The same live block as the admin API's account view. */
  live: AccountLive;
}

/** The dashboard's numbers (GET /mj/admin/stats). */
export interface AdminStats {
  /** up: connected and not locked; locked: needs a human (captcha, blocked, subscription, pending mod); down: every other. */
  accounts: { up: number; down: number; locked: number };
  /** Tasks submitted since local midnight. */
  today: { byMode: Partial<Record<TaskMode, number>>; byAction: Partial<Record<TaskAction, number>> };
  /** Failures of tasks submitted in the last 24 hours, most frequent reason first. */
  failures24h: { reason: string; count: number }[];
  /** Accounts whose last /info told their fast time. */
  fastHoursLeft: { id: string; hours: number }[];
}

export interface TaskApi {
  imagine(request: ImagineRequest): Promise<SubmitAnswer>;
  blend(request: BlendRequest): Promise<SubmitAnswer>;
  describe(request: DescribeRequest): Promise<SubmitAnswer>;
  shorten(request: ShortenRequest): Promise<SubmitAnswer>;
  action(request: ActionRequest): Promise<SubmitAnswer>;
  modal(request: ModalRequest): Promise<SubmitAnswer>;
  change(request: ChangeRequest): Promise<SubmitAnswer>;
  uploadImages(request: UploadRequest): Promise<SubmitAnswer>;
  swapFace(request: SwapFaceRequest): Promise<SubmitAnswer>;
  video(request: VideoRequest): Promise<SubmitAnswer>;
  fetch(id: string): Promise<Task | undefined>;
  /** The task's public JSON (UTF-8) exactly as fetch answers it (task-json.ts); undefined for an unknown id. */
  fetchJson(id: string): Promise<Buffer | undefined>;
  /**
   * What fetchJson would answer, when it is in memory and needs no work (no store read, no link to
   * refresh): a poll is then answered without waiting. Undefined means "ask fetchJson", not "unknown".
   */
  fetchJsonReady(id: string): Buffer | undefined;
  listByIds(ids: readonly string[]): Promise<Task[]>;
  /** The public JSON of each task with these ids (unknown ids left out), for a batch answer. */
  listJsonByIds(ids: readonly string[]): Promise<Buffer[]>;
  list(page: number, size: number): Promise<Task[]>;
  queue(): Promise<Task[]>;
  imageSeed(id: string): Promise<SubmitAnswer>;
  cancel(id: string): Promise<SubmitAnswer>;
  health(): AccountHealth[];
  /** The admin's paged search, newest first. */
  search(query: TaskSearchQuery): Promise<TaskSearchPage>;
  stats(): Promise<AdminStats>;
}
