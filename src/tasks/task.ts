/** The task of SPEC §3: what a submission becomes, and what fetch and notify hooks answer. */
export const TASK_ACTIONS = [
  'IMAGINE', 'UPSCALE', 'VARIATION', 'REROLL', 'ZOOM', 'PAN', 'DESCRIBE', 'BLEND', 'SHORTEN', 'SWAP_FACE', 'VIDEO',
] as const;
export type TaskAction = (typeof TASK_ACTIONS)[number];

export const TASK_STATUSES = ['NOT_START', 'SUBMITTED', 'MODAL', 'IN_PROGRESS', 'FAILURE', 'SUCCESS', 'CANCEL'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const TERMINAL_STATUSES: ReadonlySet<TaskStatus> = new Set(['FAILURE', 'SUCCESS', 'CANCEL']);
export const isTerminal = (status: TaskStatus): boolean => TERMINAL_STATUSES.has(status);

export type BotType = 'MID_JOURNEY' | 'NIJI_JOURNEY' | 'INSIGHT_FACE';
export type TaskMode = 'FAST' | 'RELAX' | 'TURBO';

export interface TaskButton {
  customId: string;
  emoji: string;
  label: string;
  type: number;
  style: number;
}

export interface MediaUrl {
  url: string;
}

/**
 * The separate images or videos of a result: at least one, or null while there are none. Never an
 * empty list (SPEC §3): web front ends test these fields for truthiness, and `[]` is truthy.
 */
export type MediaUrls = [MediaUrl, ...MediaUrl[]] | null;

/** The MediaUrls of these URLs: null when there are none. */
export function mediaUrls(urls: readonly string[]): MediaUrls {
  const [first, ...rest] = urls;
  return first === undefined ? null : [{ url: first }, ...rest.map((url) => ({ url }))];
}

/** properties: all strings (SPEC §3); unknown keys allowed. */
export type TaskProperties = Record<string, string>;

export interface Task {
  id: string;
  action: TaskAction;
  status: TaskStatus;
  prompt: string;
  promptEn: string;
  description: string;
  state: string | null;
  submitTime: number | null;
  startTime: number | null;
  finishTime: number | null;
  progress: string;
  imageUrl: string | null;
  imageUrls: MediaUrls;
  videoUrl: string | null;
  videoUrls: MediaUrls;
  seed: string | null;
  failReason: string | null;
  properties: TaskProperties;
  buttons: TaskButton[];
  botType: BotType;
  mode: TaskMode;
}

/**
 * Internal bookkeeping stored beside the public task (never serialised to clients): the identities
 * the matcher correlates by, the account it runs on, and when it last showed a sign of life.
 */
export interface TaskRuntime {
  accountId: string | null;
  /** Nonce of the interaction currently awaited for this task. */
  nonce: string | null;
  interactionId: string | null;
  /** The start (W) message id. */
  progressMessageId: string | null;
  jobHash: string | null;
  /** The message whose button made this task (actions). */
  parentMessageId: string | null;
  parentTaskId: string | null;
  /** Epoch ms of the last progress sign, for timeouts. */
  lastProgressAt: number | null;
  /** Epoch ms the job's interaction first went out; null while it has not (Discord cannot have the job). */
  sentAt?: number | null;
  /** The submission, enough to run it again after a restart (JSON of the runner's request). */
  request: Record<string, unknown> | null;
  /** The request's accountFilter: a task moved off its account goes only where the filter lets it. Absent: any account. */
  accountFilter?: TaskAccountFilter;
}

/** Which accounts a task may run on (the request's accountFilter without its modes, which are the task's mode). */
export interface TaskAccountFilter {
  channelId?: string;
  instanceId?: string;
  remark?: string;
  remix?: boolean;
  remixAutoConsidered?: boolean;
}

export interface StoredTask {
  task: Task;
  runtime: TaskRuntime;
}

export interface TaskListQuery {
  /** 0-based page. */
  page: number;
  size: number;
}

/** The admin search: every filter optional, combined with AND; newest first. */
export interface TaskSearchQuery extends TaskListQuery {
  id?: string;
  status?: TaskStatus;
  action?: TaskAction;
  /** The account the task runs on (properties.discordInstanceId). */
  accountId?: string;
  /** A substring of prompt or promptEn, case-insensitive. */
  prompt?: string;
  /** Inclusive bounds on submitTime, epoch ms. */
  submitTimeStart?: number;
  submitTimeEnd?: number;
}

export interface TaskSearchPage {
  tasks: Task[];
  /** How many tasks match, over all pages. */
  total: number;
}

export interface TaskStatsQuery {
  /** Epoch ms: tasks submitted since then count as today's. */
  todayStart: number;
  /** Epoch ms: failures of tasks submitted since then are grouped by reason. */
  failuresSince: number;
}

/** Tasks per account and mode submitted since a time: the accounts' draw counts. */
export interface DrawCountRow {
  accountId: string;
  mode: TaskMode | null;
  count: number;
}

export interface TaskStats {
  todayByMode: Partial<Record<TaskMode, number>>;
  todayByAction: Partial<Record<TaskAction, number>>;
  /** Most frequent first; a failure without a reason counts under ''. */
  failures: { reason: string; count: number }[];
}

/**
 * A conditional save refused (cluster mode): the task was written with a newer fencing token since,
 * by the instance that runs its account now.
 */
export class FencedOutError extends Error {
  constructor(subject: string) {
    super(`${subject} is run by another instance now: the write is refused`);
    this.name = 'FencedOutError';
  }
}

/** The persistence port. Adapters live in src/store. */
export interface TaskStore {
  /**
   * With `fence` (cluster mode: the account's fencing token), the save applies only while no newer
   * token wrote the task, in the same statement as the write; else it fails with FencedOutError.
   */
  save(entry: StoredTask, fence?: number): Promise<void>;
  get(id: string): Promise<StoredTask | undefined>;
  /** The public task alone (the runtime, with its request payload, is not read). */
  getTask(id: string): Promise<Task | undefined>;
  /** The public task's JSON exactly as stored (UTF-8), for answering without a parse or an encoding. */
  getTaskJson(id: string): Promise<Buffer | undefined>;
  /** The public tasks of these ids (unknown ids left out), for batch queries. */
  getTasks(ids: readonly string[]): Promise<Task[]>;
  /** The stored public JSON texts of these ids, by id (unknown ids left out). */
  getTaskJsons(ids: readonly string[]): Promise<Map<string, Buffer>>;
  /** Newest first by submitTime. */
  list(query: TaskListQuery): Promise<Task[]>;
  /** Every task whose status is not terminal, oldest first. */
  listUnfinished(): Promise<StoredTask[]>;
  /** Paged admin search, newest first, with the total count. */
  search(query: TaskSearchQuery): Promise<TaskSearchPage>;
  /** Dashboard counts. */
  stats(query: TaskStatsQuery): Promise<TaskStats>;
  /** Tasks submitted since `since` (epoch ms), counted per account and mode. */
  drawCounts(since: number): Promise<DrawCountRow[]>;
  /**
   * Deletes up to `limit` finished tasks submitted before `cutoff` (epoch ms) and answers their
   * ids; fewer than `limit` means none is left. Unfinished tasks are never deleted.
   */
  deleteFinishedBefore(cutoff: number, limit: number): Promise<string[]>;
  close(): Promise<void>;
}
