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
import { AccountPool } from './accounts/account-pool.js';
import { AccountSession, type DiscordEndpoints } from './accounts/account-session.js';
import { BannedWords } from './tasks/banned-words.js';
import { TaskSystem } from './tasks/task-system.js';
import { createTaskStore, readBannedWordsFile } from './store/index.js';
import { GridHosting, GridImageStore } from './images/index.js';
import { createNotifier } from './notify/index.js';
import { createPromptTranslator } from './translate/index.js';
import { buildApp } from './api/app.js';
import type { Simulator } from './sim/index.js';

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
  /** Called once the API listens, before the accounts are ready: what must hold from then on (signal handlers). */
  onListening?: (service: RunningService) => void;
}

/** Demo mode: the simulated Discord on loopback and one simulated account. */
async function demoAccounts(config: Config, options: ServiceOptions, logger: Logger) {
  // Loaded here, not at the top: a service with real accounts never carries the simulator.
  const simulator = options.simulator ?? (await (await import('./sim/index.js')).startSimulator({ jobSeconds: config.demo.jobSeconds }));
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

  const gridStore = new GridImageStore(config.images.dir);
  let publicBase = config.server.publicUrl;
  const grids = new GridHosting(gridStore, () => publicBase);

  const sessions: AccountSession[] = [];
  const pool = new AccountPool(sessions, config.accountSelection);
  const tasks = new TaskSystem({ store, translator, bannedWords, listener: (task) => notifier.notify(task), grids, english: config.server.english, logger }, pool);
  for (const account of accounts) sessions.push(new AccountSession(account, endpoints, logger, (id) => tasks.onQueueStart(id)));
  tasks.attach();
  await tasks.recover();
  // Accounts connect in the background (an unreachable Discord is retried forever) while the API
  // already answers: /mj/health shows each account's status as it connects.
  const connected = Promise.all(sessions.map((session) => session.start()
    .then(() => tasks.catchUp(session))
    .catch((error: unknown) => logger.error({ account: session.id, err: (error as Error).message }, 'account could not start'))));

  const app = await buildApp({ tasks: tasks.service, config, logger, images: gridStore });
  const address = await app.listen({ host: config.server.host, port: config.server.port });
  publicBase ||= address.replace('://0.0.0.0', '://127.0.0.1');
  logger.info({ address }, 'mj-proxy is listening');
  const service: RunningService = {
    app, url: address, tasks, pool, simulator: demo?.simulator,
    async close() {
      await app.close();
      await tasks.close();
      await Promise.all(sessions.map((session) => session.close()));
      await notifier.close();
      await translator.close();
      await store.close();
      if (demo?.ownsSimulator) await demo.simulator.close();
    },
  };
  options.onListening?.(service);
  // Callers (tests, the bench) get a service whose accounts are ready, or give up waiting after a bound.
  await Promise.race([connected, sleep(STARTUP_WAIT_MS, undefined, { ref: false })]);
  return service;
}

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  // From the moment the API listens a stop must be graceful, though the accounts may still be connecting.
  await startService(config, {
    onListening: (service) => {
      const stop = () => {
        void service.close().then(() => process.exit(0), () => process.exit(1));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    },
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
