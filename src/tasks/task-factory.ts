/** A new task with every key of SPEC §3 present. */
import { newTaskId } from './task-ids.js';
import type { BotType, StoredTask, TaskAction, TaskMode, TaskStatus } from './task.js';
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
}

export function newTask(input: NewTaskInput, now: number = Date.now()): StoredTask {
  const id = newTaskId(now);
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
    },
  };
}
