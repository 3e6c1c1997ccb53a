/** A new task with every key of SPEC §3 present. */
import { newTaskId } from './task-ids.js';
import type { AccountFilter } from './api-port.js';
import type { BotType, StoredTask, TaskAccountFilter, TaskAction, TaskMode, TaskStatus } from './task.js';
import type { TaskJob } from './task-job.js';

export interface NewTaskInput {
  action: TaskAction;
  prompt: string;
  promptEn: string;
  description: string | ((id: string) => string);
  state?: string;
  botType: BotType;
  mode: TaskMode;
  notifyHook?: string;
  accountId: string;
  channelId: string;
  job: TaskJob;
  status?: TaskStatus;
  parentTaskId?: string;
  parentMessageId?: string;
  extraProperties?: Record<string, string>;
  /** The request's accountFilter, kept for a move to another account. */
  accountFilter?: AccountFilter;
}

/** The filter's account fields (its modes are the task's mode); undefined when it names none. */
function keptFilter(filter: AccountFilter | undefined): TaskAccountFilter | undefined {
  if (!filter) return undefined;
  const { channelId, instanceId, remark, remix, remixAutoConsidered } = filter;
  const kept = Object.fromEntries(Object.entries({ channelId, instanceId, remark, remix, remixAutoConsidered }).filter(([, value]) => value !== undefined));
  return Object.keys(kept).length > 0 ? kept : undefined;
}

export function newTask(input: NewTaskInput, now: number = Date.now()): StoredTask {
  const id = newTaskId(now);
  const accountFilter = keptFilter(input.accountFilter);
  return {
    task: {
      id,
      action: input.action,
      status: input.status ?? 'NOT_START',
      prompt: input.prompt,
      promptEn: input.promptEn,
      description: typeof input.description === 'function' ? input.description(id) : input.description,
      state: input.state ?? null,
      submitTime: now,
      startTime: null,
      finishTime: null,
      progress: '0%',
      imageUrl: null,
      imageUrls: null,
      videoUrl: null,
      videoUrls: null,
      seed: null,
      failReason: null,
      properties: {
        notifyHook: input.notifyHook ?? '',
        discordInstanceId: input.accountId,
        discordChannelId: input.channelId,
        botType: input.botType,
        finalPrompt: '',
        finalZhPrompt: '',
        ...input.extraProperties,
      },
      buttons: [],
      botType: input.botType,
      mode: input.mode,
    },
    runtime: {
      accountId: input.accountId,
      nonce: null,
      interactionId: null,
      progressMessageId: null,
      jobHash: null,
      parentMessageId: input.parentMessageId ?? null,
      parentTaskId: input.parentTaskId ?? null,
      lastProgressAt: null,
      sentAt: null,
      request: input.job as unknown as Record<string, unknown>,
      ...(accountFilter ? { accountFilter } : {}),
    },
  };
}
