/**
 * Composition root: configuration → store, translator, notifier → accounts → tasks → HTTP API.
 * With no account configured it starts the simulated Discord in-process (demo mode).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from './config/load.js';
import type { AccountConfig, Config } from './config/schema.js';
import { createLogger, type Logger } from './lib/logger.js';
import type { Task } from './tasks/task.js';
import { AccountPool } from './accounts/account-pool.js';
import { AccountSession, type DiscordEndpoints } from './accounts/account-session.js';
import { BannedWords } from './tasks/banned-words.js';
import { TaskSystem } from './tasks/task-system.js';
import { createTaskStore, readBannedWordsFile } from './store/index.js';
import { createMediaStore, DiscordMediaUrls, ResultHosting, TaskMediaFreshness, UrlRefresher, withFreshMedia } from './images/index.js';
import { createNotifier } from './notify/index.js';
import { createPromptTranslator } from './translate/index.js';
import { buildApp } from './api/app.js';
import { startSimulator, type Simulator } from './sim/index.js';

const STARTUP_WAIT_MS = 15_000;

export interface RunningService {
  app: FastifyInstance;
  /** http://host:port of the API. */
  url: string;
  tasks: TaskSystem;
  pool: AccountPool;
  simulator: Simulator | undefined;
  close(): Promise<void>;
}

export interface ServiceOptions {
  logger?: Logger;
  /** Use this running simulator for demo mode instead of starting one (tests, restarts). */
  simulator?: Simulator;
}

/** Demo mode: the simulated Discord on loopback and one simulated account. */
async function demoAccounts(config: Config, options: ServiceOptions, logger: Logger) {
  const simulator = options.simulator ?? (await startSimulator({ jobSeconds: config.demo.jobSeconds }));
  const { info } = simulator;
  logger.info({ apiBaseUrl: info.apiBaseUrl }, 'demo mode: no account configured, using the in-process simulated Discord and Midjourney');
  const endpoints: DiscordEndpoints = {
    apiBaseUrl: info.apiBaseUrl, gatewayUrl: info.gatewayUrl, activityBaseUrl: info.activityBaseUrl, cdnReplace: '',
  };
  const { coreSize, queueSize, timeoutMinutes } = config.demo;
  const accounts: AccountConfig[] = info.accounts.map((account) => ({
    guildId: account.guildId, channelId: account.channelId, userToken: account.userToken, userAgent: '', enable: true,
    coreSize, queueSize, timeoutMinutes,
    mode: 'FAST', remix: false, remixAutoSubmit: false, remark: 'demo', weight: 1, dmChannelId: account.dmChannelId, nijiChannelId: '',
  }));
  return { simulator, endpoints, accounts, ownsSimulator: options.simulator === undefined };
}

export async function startService(config: Config, options: ServiceOptions = {}): Promise<RunningService> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const demo = config.accounts.length === 0 ? await demoAccounts(config, options, logger) : undefined;
  const endpoints: DiscordEndpoints = demo?.endpoints ?? { ...config.discord };
  const accounts = demo?.accounts ?? config.accounts;

  const store = await createTaskStore(config.store.url, logger);
  const translator = createPromptTranslator(config.translate, logger);
  const notifier = createNotifier({
    defaultHook: config.notify.hook, concurrency: config.notify.concurrency, timeoutMs: config.notify.timeoutMs,
    maxAttempts: config.notify.maxAttempts, logger,
  });
  const bannedWords = new BannedWords(await readBannedWordsFile(config.bannedWords.file || undefined));

  let publicBase = config.server.publicUrl;
  const media = await createMediaStore(config.images, () => publicBase);

  const sessions: AccountSession[] = [];
  const pool = new AccountPool(sessions, config.accountSelection);
  const listener = (task: Task) => {
    notifier.notify(task);
    hosting?.onTaskChange(task);
  };
  const tasks = new TaskSystem({ store, translator, bannedWords, listener, english: config.server.english, logger }, pool);
  // Discord's files: its CDN, a cdnReplace stand-in, and the API's own host (the simulator serves both).
  const discordMedia = new DiscordMediaUrls([endpoints.cdnReplace, new URL(endpoints.apiBaseUrl).origin]);
  const refresher = new UrlRefresher((urls) => refreshAttachmentUrls(pool, urls), logger);
  const { maxBytes, downloadTimeoutMs: timeoutMs, attempts, concurrency, previews } = config.images;
  const hosting = media && new ResultHosting({
    store: media, discord: discordMedia, tasks: tasks.registry, refresher, limits: { maxBytes, timeoutMs, attempts }, concurrency, previews, logger,
  });
  for (const account of accounts) sessions.push(new AccountSession(account, endpoints, logger, (id) => tasks.onQueueStart(id)));
  tasks.attach();
  await tasks.recover();
  // Accounts connect in the background (an unreachable Discord is retried forever); the API
  // starts once they are ready or after a bounded wait, whichever comes first.
  const connected = Promise.all(sessions.map((session) => session.start()
    .then(() => tasks.catchUp(session))
    .catch((error: unknown) => logger.error({ account: session.id, err: (error as Error).message }, 'account could not start'))));
  await Promise.race([connected, sleep(STARTUP_WAIT_MS, undefined, { ref: false })]);

  const api = withFreshMedia(tasks.service, new TaskMediaFreshness(discordMedia, refresher, tasks.registry, hosting));
  const app = await buildApp({ tasks: api, config, logger, images: media });
  const address = await app.listen({ host: config.server.host, port: config.server.port });
  publicBase ||= address.replace('://0.0.0.0', '://127.0.0.1');
  logger.info({ address }, 'mj-proxy is listening');
  const servedHere = config.images.store === 'local' || (config.images.store === 's3' && !config.images.s3.publicBaseUrl);
  if (servedHere && !config.server.publicUrl && !demo) {
    logger.warn({ base: publicBase }, 'server.publicUrl is empty: re-hosted images get this address, which clients elsewhere may not reach');
  }
  hosting?.start();
  void hosting?.resumeRecent().catch((error: unknown) => logger.warn({ err: (error as Error).message }, 'resuming re-hosting failed'));

  return {
    app, url: address, tasks, pool, simulator: demo?.simulator,
    async close() {
      await app.close();
      await hosting?.close();
      await tasks.close();
      await Promise.all(sessions.map((session) => session.close()));
      await notifier.close();
      await translator.close();
      await store.close();
      await media?.close();
      if (demo?.ownsSimulator) await demo.simulator.close();
    },
  };
}

/** Discord's attachment refresh through any account that is up (every account may refresh any link). */
async function refreshAttachmentUrls(pool: AccountPool, urls: readonly string[]): Promise<ReadonlyMap<string, string>> {
  const account = pool.candidates()[0];
  if (!account) throw new Error('no usable account to refresh Discord links with');
  return account.refreshAttachmentUrls(urls);
}

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const service = await startService(config);
  const stop = () => {
    void service.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
