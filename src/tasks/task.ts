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
  imageUrls: { url: string }[];
  videoUrl: string | null;
  videoUrls: { url: string }[];
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

/** The persistence port. Adapters live in src/store. */
export interface TaskStore {
  save(entry: StoredTask): Promise<void>;
  get(id: string): Promise<StoredTask | undefined>;
  /** The public tasks of these ids (unknown ids left out), for batch queries. */
  getTasks(ids: readonly string[]): Promise<Task[]>;
  /** Newest first by submitTime. */
  list(query: TaskListQuery): Promise<Task[]>;
  /** Every task whose status is not terminal, oldest first. */
  listUnfinished(): Promise<StoredTask[]>;
  close(): Promise<void>;
}
