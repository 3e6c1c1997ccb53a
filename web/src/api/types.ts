/** Wire shapes of the client API (SPEC.md) and of the admin API (docs/admin-api.md), as the UI reads them. */

export type TaskStatus = 'NOT_START' | 'SUBMITTED' | 'MODAL' | 'IN_PROGRESS' | 'FAILURE' | 'SUCCESS' | 'CANCEL';
export type Mode = 'FAST' | 'RELAX' | 'TURBO';

export const TASK_STATUSES: readonly TaskStatus[] = ['NOT_START', 'SUBMITTED', 'MODAL', 'IN_PROGRESS', 'FAILURE', 'SUCCESS', 'CANCEL'];
export const TASK_ACTIONS = [
  'IMAGINE', 'UPSCALE', 'VARIATION', 'REROLL', 'ZOOM', 'PAN', 'DESCRIBE', 'BLEND', 'SHORTEN', 'SWAP_FACE', 'VIDEO', 'EDITS',
] as const;
export const MODES: readonly Mode[] = ['FAST', 'RELAX', 'TURBO'];
const TERMINAL: ReadonlySet<TaskStatus> = new Set(['SUCCESS', 'FAILURE', 'CANCEL']);
export const isFinished = (status: TaskStatus): boolean => TERMINAL.has(status);

export interface TaskButton {
  customId: string;
  emoji: string;
  label: string;
  type: number;
  style: number;
}

export interface Task {
  id: string;
  action: string;
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
  imageUrls: { url: string }[] | null;
  videoUrl: string | null;
  videoUrls: { url: string }[] | null;
  seed: string | null;
  failReason: string | null;
  properties: Record<string, string | undefined>;
  buttons: TaskButton[];
  botType: string;
  mode: Mode;
}

/** SPEC §4: HTTP 200 answers of the submit routes, and of admin changes. */
export interface SubmitAnswer {
  code: number;
  description: string;
  result: string | string[] | null;
  properties?: Record<string, unknown>;
}

export const SubmitCode = { Success: 1, NotFound: 3, Validation: 4, Modal: 21, InQueue: 22 } as const;

export interface AccountHealth {
  instanceId: string;
  channelId: string;
  remark: string;
  enable: boolean;
  status: string;
  mode: Mode;
  running: number;
  queued: number;
  coreSize: number;
  queueSize: number;
  disabledReason: string | null;
  moderationNotice?: string | null;
  /** Set while the account needs a human (servers that know locks). */
  lock?: { reason: string; url: string | null; since: number } | null;
  fastExhausted?: boolean;
}

export type AccountStatus = 'ENABLE' | 'DISABLED' | 'LISTEN_ONLY';
export const ACCOUNT_STATUSES: readonly AccountStatus[] = ['ENABLE', 'DISABLED', 'LISTEN_ONLY'];

export interface AccountInfo {
  subscription: string;
  jobMode: string;
  fastTimeRemaining: string;
  fastHoursLeft: number | null;
  relaxedUsage: string;
  lifetimeUsage: string;
  queuedJobsFast: number;
  queuedJobsRelax: number;
  runningJobs: number;
  updatedAt: number;
}

export interface AccountSettings {
  remix: boolean;
  variability: string;
  version: string;
  mode: string;
  buttons: { customId: string; label: string; style: number; emoji: string }[];
  versions: { value: string; label: string; default?: boolean }[];
  updatedAt: number;
}

export interface AccountLive {
  connection: string;
  running: number;
  waiting: number;
  today: Partial<Record<Mode, number>>;
  total: Partial<Record<Mode, number>>;
  jobMode: string | null;
  info: AccountInfo | null;
  settings: AccountSettings | null;
}

/** The fields an operator edits; the account object carries them and more. */
export interface AccountFields {
  channelId: string;
  guildId: string;
  userToken: string;
  userAgent: string;
  dmChannelId: string;
  nijiChannelId: string;
  status: AccountStatus;
  coreSize: number;
  queueSize: number;
  timeoutMinutes: number;
  mode: Mode;
  fastExhausted: 'relax' | 'refuse';
  remix: boolean;
  remixAutoSubmit: boolean;
  remark: string;
  weight: number;
  dayDrawLimit: number;
  dayRelaxLimit: number;
}

export interface Account extends AccountFields {
  id: string;
  enable: boolean;
  disabledReason: string | null;
  dateCreated: number | null;
  lock: { reason: string; url: string | null; since: number } | null;
  live: AccountLive;
}

/** A Spring Data page, as the admin queries answer. */
export interface Page<T> {
  content: T[];
  totalElements: number;
  totalPages: number;
  number: number;
  size: number;
  first: boolean;
  last: boolean;
  empty: boolean;
}

export interface Stats {
  accounts: { up: number; down: number; locked: number };
  today: { byMode: Record<string, number>; byAction: Record<string, number> };
  failures24h: { reason: string; count: number }[];
  fastHoursLeft: { id: string; hours: number }[];
}

export type Role = 'ADMIN' | 'READ_ONLY';
export interface Current {
  role: Role;
  /** null: this server cannot tell (it has no admin API yet). */
  adminSecretSet: boolean | null;
}

export type ConfigTree = { [key: string]: ConfigValue };
export type ConfigValue = string | number | boolean | null | string[] | ConfigTree;
export type ConfigSource = 'default' | 'yaml' | 'env' | 'store';
export interface RuntimeConfig {
  config: ConfigTree;
  sources: Record<string, ConfigSource>;
  /** Keys kept at once but applied after a restart. */
  afterRestart: string[];
}

export interface TaskQuery {
  pageNumber: number;
  pageSize: number;
  id?: string;
  status?: TaskStatus;
  action?: string;
  instanceId?: string;
  prompt?: string;
  submitTimeStart?: number;
  submitTimeEnd?: number;
}
