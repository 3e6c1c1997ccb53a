/** A fake TaskApi that records calls and answers canned values, and an app built around it. */
import { AccountNotFoundError } from '../../src/accounts/account-manager.js';
import { AccountFieldError } from '../../src/accounts/managed-account.js';
import type { AccountAdmin } from '../../src/api/routes/admin-accounts.js';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/api/app.js';
import type { ImageDecoder } from '../../src/api/image-field.js';
import type { MetricsExposition } from '../../src/api/routes/metrics.js';
import { resolveConfig } from '../../src/config/load.js';
import type { JsonValue, RuntimeConfigStore } from '../../src/config/runtime-config-store.js';
import { RuntimeSettings } from '../../src/config/runtime-settings.js';
import type { Config } from '../../src/config/schema.js';
import { ImageInputError } from '../../src/images/index.js';
import { ChangeHub } from '../../src/lib/change-hub.js';
import { silentLogger } from '../../src/lib/logger.js';
import type { AccountHealth, ImageInput, SubmitAnswer, TaskApi } from '../../src/tasks/api-port.js';
import { BannedWords } from '../../src/tasks/banned-words.js';
import type { Task } from '../../src/tasks/task.js';
import { publicTaskJson } from '../../src/tasks/task-json.js';

export interface Call {
  method: keyof TaskApi;
  args: unknown[];
}

export const SUBMITTED: SubmitAnswer = {
  code: 1, description: '提交成功', result: '1700000000000123', properties: { discordInstanceId: 'acc-1', extra: 7 },
};

export function sampleTask(overrides: Partial<Task> = {}): Task {
  return {
    id: '1700000000000123', action: 'IMAGINE', status: 'SUCCESS', prompt: '猫', promptEn: 'cat',
    description: '/imagine 猫', state: null, submitTime: 1_700_000_000_000, startTime: 1_700_000_001_000,
    finishTime: 1_700_000_009_000, progress: '100%', imageUrl: 'http://127.0.0.1/grid.png', imageUrls: null,
    videoUrl: null, videoUrls: null, seed: null, failReason: null,
    properties: { finalPrompt: 'cat', custom: 'kept' },
    buttons: [{ customId: 'MJ::JOB::upsample::1::h', emoji: '', label: 'U1', type: 2, style: 2 }],
    botType: 'MID_JOURNEY', mode: 'FAST', ...overrides,
  };
}

export const HEALTH: AccountHealth[] = [{
  instanceId: 'acc-1', channelId: 'c1', remark: '', enable: true, status: 'ready', mode: 'FAST',
  running: 0, queued: 0, coreSize: 3, queueSize: 10, disabledReason: null, moderationNotice: null, lock: null, fastExhausted: false, state: 'ENABLE',
  live: {
    connection: 'ready', running: 0, waiting: 0, today: { FAST: 0, RELAX: 0, TURBO: 0 }, total: { FAST: 0, RELAX: 0, TURBO: 0 },
    jobMode: 'FAST', info: null, settings: null,
  },
}];

/** Every method records its call; `answers` replaces what one returns. */
export function fakeTasks(answers: Partial<TaskApi> = {}): TaskApi & { calls: Call[] } {
  const calls: Call[] = [];
  const submit = async (): Promise<SubmitAnswer> => SUBMITTED;
  const objects: Omit<TaskApi, 'fetchJson' | 'fetchJsonReady' | 'listJsonByIds'> & Partial<TaskApi> = {
    imagine: submit, blend: submit, describe: submit, shorten: submit, action: submit, modal: submit,
    change: submit, uploadImages: submit, swapFace: submit, video: submit,
    fetch: async (id) => (id === sampleTask().id ? sampleTask() : undefined),
    listByIds: async (ids) => ids.map((id) => sampleTask({ id })),
    list: async () => [sampleTask()],
    queue: async () => [],
    imageSeed: async () => ({ code: 1, description: '成功', result: '123456', properties: {} }),
    cancel: async () => ({ code: 1, description: '任务已取消', result: null, properties: {} }),
    health: () => HEALTH,
    search: async () => ({ tasks: [sampleTask()], total: 1 }),
    stats: async () => ({ accounts: { up: 1, down: 0, locked: 0 }, today: { byMode: {}, byAction: {} }, failures24h: [], fastHoursLeft: [] }),
    ...answers,
  };
  // The JSON reads answer what the (possibly replaced) object reads would, made as the registry makes it.
  const base: TaskApi = {
    fetchJson: async (id) => {
      const task = await objects.fetch(id);
      return task && Buffer.from(publicTaskJson(task));
    },
    // Every answer through the asynchronous path, as for a task the registry does not hold.
    fetchJsonReady: () => undefined,
    listJsonByIds: async (ids) => (await objects.listByIds(ids)).map((task) => Buffer.from(publicTaskJson(task))),
    ...objects,
  };
  const recorded = Object.fromEntries(Object.entries(base).map(([name, fn]) => [
    name,
    (...args: unknown[]) => {
      calls.push({ method: name as keyof TaskApi, args });
      return (fn as (...a: unknown[]) => unknown)(...args);
    },
  ])) as unknown as TaskApi;
  return Object.assign(recorded, { calls });
}

/** The request the fake service got on its only (or last) call of `method`. */
export function lastRequest(tasks: { calls: Call[] }, method: keyof TaskApi): Record<string, unknown> {
  const call = tasks.calls.filter((c) => c.method === method).at(-1);
  if (!call) throw new Error(`${method} was not called`);
  return call.args[0] as Record<string, unknown>;
}

export const PNG_BASE64 = Buffer.from('not really a png').toString('base64');
export const PNG_DATA_URL = `data:image/png;base64,${PNG_BASE64}`;

/** Accepts anything but "bad"; tells inputs apart by their bytes. */
export const stubDecoder: ImageDecoder = async (value) => {
  if (value.includes('bad')) throw new ImageInputError('not an image');
  const raw = value.replace(/^data:[^,]*,/, '');
  const image: ImageInput = { bytes: Buffer.from(raw, 'base64'), contentType: 'image/png', extension: 'png' };
  return image;
};

export function testConfig(server: Partial<Config['server']> = {}, notify: Partial<Config['notify']> = {}): Config {
  return resolveConfig({ server, notify });
}

/** A fixed exposition for GET /metrics. */
export const FAKE_METRICS: MetricsExposition = {
  contentType: 'text/plain; version=0.0.4; charset=utf-8',
  render: async () => '# HELP mj_fake_total A fake.\n# TYPE mj_fake_total counter\nmj_fake_total 1\n',
};

/** The runtime configuration's store, in memory. */
export function memoryConfigStore(): RuntimeConfigStore & { entries: Map<string, JsonValue> } {
  const entries = new Map<string, JsonValue>();
  return {
    entries,
    getAll: async () => Object.fromEntries(entries),
    set: async (key, value) => {
      entries.set(key, value);
    },
    delete: async (key) => entries.delete(key),
  };
}

export interface TestApp {
  app: FastifyInstance;
  tasks: ReturnType<typeof fakeTasks>;
  /** Publish a task here to tell the app's live streams about a change. */
  changes: ChangeHub<Task>;
}

/** An account admin with no account: the /mj/account/* routes exist (the OpenAPI document lists them). */
const NO_ACCOUNTS: AccountAdmin = {
  list: () => [],
  get: () => undefined,
  session: () => undefined,
  view: () => { throw new Error('no account to view'); },
  create: () => Promise.reject(new AccountFieldError('channelId', 'no account can be created here')),
  update: (id) => Promise.reject(new AccountNotFoundError(id)),
  remove: (id) => Promise.reject(new AccountNotFoundError(id)),
};

export async function testApp(options: {
  server?: Partial<Config['server']>;
  notify?: Partial<Config['notify']>;
  answers?: Partial<TaskApi>;
  images?: Parameters<typeof buildApp>[0]['images'];
  /** Decode images with src/images rather than the stub. */
  realDecoder?: boolean;
  metrics?: MetricsExposition;
} = {}): Promise<TestApp> {
  const tasks = fakeTasks(options.answers);
  const changes = new ChangeHub<Task>((task) => task.id, (error) => { throw error; });
  const config = testConfig(options.server, options.notify);
  const settings = await RuntimeSettings.open({ base: config, store: memoryConfigStore(), logger: silentLogger });
  const app = await buildApp({
    tasks, changes, config, settings, bannedWords: new BannedWords([]), logger: silentLogger, images: options.images, accounts: NO_ACCOUNTS,
    metrics: options.metrics ?? FAKE_METRICS, ...(options.realDecoder ? {} : { decodeImage: stubDecoder }),
  });
  return { app, tasks, changes };
}

/** POSTs JSON (a string is sent as it is) and returns status and parsed body. */
export async function post(app: FastifyInstance, url: string, payload: unknown, headers: Record<string, string | undefined> = {}) {
  const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
  const response = await app.inject({ method: 'POST', url, payload: text, headers: { 'content-type': 'application/json', ...headers } });
  return { status: response.statusCode, body: response.json() as Record<string, unknown>, raw: response.body };
}
