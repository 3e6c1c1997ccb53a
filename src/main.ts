/**
 * Composition root: configuration → store, translator, notifier → accounts → tasks → HTTP API.
 * With no account configured it starts the simulated Discord in-process (demo mode).
 */
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import type { FastifyInstance } from 'fastify';
import type { AccountHealth } from './tasks/api-port.js';
import type { Task } from './tasks/task.js';
import { readConfigTree, resolveConfig } from './config/load.js';
import { RuntimeSettings } from './config/runtime-settings.js';
import type { AccountConfig, Config } from './config/schema.js';
import { configSources, type ConfigSources } from './config/sources.js';
import { startupSummary } from './config/startup-summary.js';
import { ChangeHub } from './lib/change-hub.js';
import { createLogger, type Logger } from './lib/logger.js';
import { guardProcess } from './lib/process-guard.js';
import { closeOnSignals, type OnCloseStep } from './lib/shutdown.js';
import { AccountManager, type AccountCluster } from './accounts/account-manager.js';
import { AccountPool } from './accounts/account-pool.js';
import { AccountUpkeep, upkeepScheduleOf } from './accounts/account-upkeep.js';
import { AccountSession, type DiscordEndpoints } from './accounts/account-session.js';
import { BannedWords } from './tasks/banned-words.js';
import { TaskSystem } from './tasks/task-system.js';
import { openStore, RetentionPruner } from './store/index.js';
import {
  createMediaStore, DiscordMediaUrls, fetchPolicy, hostingKnobsOf, ResultHosting, TaskMediaFreshness, UrlRefresher, withFreshMedia,
} from './images/index.js';
import { createNotifier, notifyDefaultsOf } from './notify/index.js';
import { createPromptTranslator, LiveTranslator } from './translate/index.js';
import { ServiceMetrics } from './metrics/index.js';
import { buildApp } from './api/app.js';
import { bannedWordsOf, buildFromSettings, connectLiveSettings } from './live-settings.js';
import type { Simulator } from './sim/index.js';
import type { ClusterNodeParts, RunningCluster } from './cluster/index.js';

const STARTUP_WAIT_MS = 15_000;
/** At shutdown, requests in flight get this long to finish before their connections are cut. */
const HTTP_DRAIN_MS = 3_000;

export interface RunningService {
  app: FastifyInstance;
  /** http://host:port of the API. */
  url: string;
  tasks: TaskSystem;
  /** Every change of a task, as told to notify hooks and live streams. */
  changes: ChangeHub<Task>;
  pool: AccountPool;
  /** The accounts as the admin API manages them. */
  accounts: AccountManager;
  /** The configuration that changes at run time (the admin API). */
  settings: RuntimeSettings;
  bannedWords: BannedWords;
  simulator: Simulator | undefined;
  /** Closes everything in order; `onStep` hears the name of each step as it begins. */
  close(onStep?: OnCloseStep): Promise<void>;
}

export interface ServiceOptions {
  logger?: Logger;
  /** Use this running simulator for demo mode instead of starting one (tests, restarts). */
  simulator?: Simulator;
  /** Called once the API listens, before the accounts are ready: what must hold from then on (signal handlers). */
  onListening?: (service: RunningService) => void;
  /** Where each value of the configuration came from (YAML, environment, default), for GET /mj/admin/config. */
  sources?: ConfigSources;
}

/** Demo mode: the simulated Discord on loopback and one simulated account. */
async function demoAccounts(config: Config, options: ServiceOptions, logger: Logger) {
  // Loaded here, not at the top: a service with real accounts never carries the simulator.
  // The same account ids every run on the same store: waiting tasks find their account after a restart.
  const sim = await import('./sim/index.js');
  const simulator = options.simulator ?? (await sim.startSimulator({ jobSeconds: config.demo.jobSeconds, accounts: [sim.seededAccount(config.store.url, 0)] }));
  const { info } = simulator;
  logger.debug({ apiBaseUrl: info.apiBaseUrl }, 'simulated Discord started');
  const endpoints: DiscordEndpoints = {
    apiBaseUrl: info.apiBaseUrl, gatewayUrl: info.gatewayUrl, activityBaseUrl: info.activityBaseUrl, cdnReplace: '',
  };
  const { coreSize, queueSize, timeoutMinutes } = config.demo;
  const accounts: AccountConfig[] = info.accounts.map((account) => ({
    guildId: account.guildId, channelId: account.channelId, userToken: account.userToken, userAgent: '', enable: true,
    coreSize, queueSize, timeoutMinutes,
    mode: 'FAST', remix: false, remixAutoSubmit: false, remark: 'demo', weight: 1, dmChannelId: account.dmChannelId, nijiChannelId: '',
    fastExhausted: 'relax',
    dayDrawLimit: -1, dayRelaxLimit: -1,
  }));
  return { simulator, endpoints, accounts, ownsSimulator: options.simulator === undefined };
}

export async function startService(base: Config, options: ServiceOptions = {}): Promise<RunningService> {
  const logger = options.logger ?? createLogger(base.logLevel, base.logFormat);
  const demo = base.accounts.length === 0 ? await demoAccounts(base, options, logger) : undefined;
  const endpoints: DiscordEndpoints = demo?.endpoints ?? { ...base.discord };
  const configuredAccounts = demo?.accounts ?? base.accounts;

  const store = await openStore(base.store, logger);
  // Changes made through the admin API and kept in the store win over the YAML and the environment.
  const settings = await RuntimeSettings.open({ base, sources: options.sources, store: store.runtimeConfig, logger });
  // Observers at the seams; accounts and notify totals are read when /metrics is scraped.
  const metrics = new ServiceMetrics({ accounts: (): AccountHealth[] => tasks.service.health(), notify: () => notifier.stats() });
  const taskStore = metrics.timedStore(store.tasks);
  const newTranslator = (translate: Config['translate']) => createPromptTranslator(translate, logger, metrics.onTranslation);
  const translator = await buildFromSettings(settings, 'translate', (config) => new LiveTranslator(config.translate, newTranslator), logger);
  const bannedWords = new BannedWords(await buildFromSettings(settings, 'bannedWords', bannedWordsOf, logger));
  const config = settings.current;

  // Image URLs reach public addresses only (unless allowed), and always the Discord endpoints in use.
  const discordUrls = [...Object.values(endpoints), demo?.simulator.info.cdnBaseUrl ?? ''];
  const imageFetchPolicy = fetchPolicy(config.security.allowPrivateNetworks, discordUrls);
  let publicBase = config.server.publicUrl;
  const media = await createMediaStore(config.images, () => publicBase);
  const pruner = new RetentionPruner({
    tasks: taskStore, retentionDays: config.store.retentionDays, logger,
    onPruned: (ids) => {
      tasks.registry.forgetAnswers(ids);
      return media?.deleteForTasks(ids);
    },
  });
  pruner.start();

  const pool = new AccountPool(config.accountSelection);
  await pool.draws.load((since) => taskStore.drawCounts(since));
  const newSession = (account: AccountConfig) => new AccountSession(account, endpoints, logger, (id) => tasks.onQueueStart(id), metrics.linkObserver);
  // The accounts live in the store (seeded from the YAML / environment); each gets a session with the same observers.
  const accounts = new AccountManager({
    store: store.accounts, pool, draws: pool.draws, logger, newSession,
    // Cluster mode: sessions start on the instance that takes their account; changes reach the other instances.
    cluster: base.cluster.redis ? clusterAccounts(() => cluster) : undefined,
  });
  await accounts.load(configuredAccounts);
  // Every change of a task made here goes to the notify hooks, the live streams and the result re-hosting.
  const newHub = () => new ChangeHub<Task>((task) => task.id, (error) => logger.error({ err: error }, 'a task change listener failed'));
  const changes = newHub();
  changes.subscribeAll((task) => notifier.notify(task));
  changes.subscribeAll(metrics.onTaskChange);
  changes.subscribeAll((task) => pool.draws.observe({ ...task, accountId: task.properties.discordInstanceId }));
  // Cluster mode: the live streams follow the changes made on every instance.
  const feed = base.cluster.redis ? newHub() : changes;
  const replaceSession = (old: AccountSession) => {
    const fresh = newSession(old.config);
    pool.replace(old, fresh);
    upkeep.unwatch(old);
    tasks.attachAccount(fresh);
    upkeep.watch(fresh);
    return fresh;
  };
  const cluster = await joinClusterIf(base, {
    role: base.cluster.role, pool, replaceSession, localChanges: changes, feed, logger, redeliver: (task) => notifier.notify(task),
    reloadAccount: (id) => accounts.reload(id),
  });
  const notifier = createNotifier({ ...notifyDefaultsOf(config.notify), logger, outbox: cluster?.outbox });
  const tasks = new TaskSystem({
    store: cluster ? cluster.node.fenced(taskStore) : taskStore,
    translator, bannedWords, listener: (task) => changes.publish(task), english: config.server.english, timeouts: config.timeouts, logger,
    handOff: cluster?.node.handOff, beforeSend: cluster?.node.sendGate,
  }, pool);
  // Discord's files: its CDN, a cdnReplace stand-in, and the API's own host (the simulator serves both).
  const discordMedia = new DiscordMediaUrls([endpoints.cdnReplace, new URL(endpoints.apiBaseUrl).origin]);
  const refresher = new UrlRefresher((urls) => refreshAttachmentUrls(pool, urls), logger);
  const hosting = media && new ResultHosting({
    store: media, discord: discordMedia, tasks: tasks.registry, refresher, ...hostingKnobsOf(config.images), logger,
  });
  connectLiveSettings({ settings, translator, bannedWords, notifier, pool, tasks, hosting });
  if (hosting) changes.subscribeAll((task) => hosting.onTaskChange(task));
  // /info and /settings on a schedule; fast hours used up → relax and back. Accounts added later are looked after too.
  const upkeep = new AccountUpkeep(upkeepScheduleOf(config.accountSync), logger);
  accounts.setHooks({
    attached: (session) => {
      tasks.attachAccount(session);
      upkeep.watch(session);
    },
    released: (...args) => tasks.releaseAccount(...args),
    detached: (session) => upkeep.unwatch(session),
  });
  for (const session of pool.all()) upkeep.watch(session);
  tasks.attach();
  if (cluster) {
    // The accounts this instance takes are recovered and started as it takes them.
    pool.setRemotePresence(cluster.node.presence);
    await cluster.node.start(tasks);
  } else {
    // In demo mode the simulated Discord starts afresh with mj-proxy: jobs in flight at a restart are gone.
    await tasks.recover({ jobsLost: demo?.ownsSimulator === true });
  }

  const api = withFreshMedia(tasks.service, new TaskMediaFreshness(discordMedia, refresher, tasks.registry, hosting));
  const app = await buildApp({ tasks: api, changes: feed, config, settings, bannedWords, accounts, logger, images: media, imageFetchPolicy, metrics });
  const address = await app.listen({ host: config.server.host, port: config.server.port });
  publicBase ||= address.replace('://0.0.0.0', '://127.0.0.1');
  // Accounts connect in the background (an unreachable Discord is retried forever) once the API
  // answers, not while it is being built: /mj/health shows each account's status as it connects.
  // Each READY (the first included) reads the channels back when jobs are in flight.
  const connected = cluster ? Promise.resolve() : accounts.startAll();
  const { warnings, ...summary } = startupSummary(config, app.server.address() as AddressInfo, publicBase, demo !== undefined);
  logger.info(summary, 'mj-proxy is listening');
  for (const warning of warnings) logger.warn(warning);
  hosting?.start();
  void hosting?.resumeRecent().catch((error: unknown) => logger.warn({ err: (error as Error).message }, 'resuming re-hosting failed'));

  const steps: [string, () => Promise<unknown>][] = [
    ['http', () => closeHttp(app)],
    ['hosting', async () => hosting?.close()],
    ['cluster-queues', async () => cluster?.node.stopWork()],
    ['tasks', () => tasks.close()],
    ['upkeep', async () => upkeep.close()],
    ['accounts', () => accounts.close()],
    // Hooks delivered while closing leave the outbox through the cluster's Redis: before it disconnects.
    ['notify', () => notifier.close()],
    ['cluster', async () => leaveCluster(cluster)],
    ['translate', () => translator.close()],
    ['retention', () => pruner.stop()],
    ['store', () => store.close()],
    ['media', async () => media?.close()],
  ];
  if (demo?.ownsSimulator) steps.push(['simulator', () => demo.simulator.close()]);
  const service: RunningService = {
    app, url: address, tasks, changes, pool, accounts, settings, bannedWords, simulator: demo?.simulator,
    async close(onStep) {
      for (const [name, run] of steps) {
        onStep?.(name);
        await run();
      }
    },
  };
  options.onListening?.(service);
  // Callers (tests, the bench) get a service whose accounts are ready, or give up waiting after a bound.
  await Promise.race([connected, sleep(STARTUP_WAIT_MS, undefined, { ref: false })]);
  return service;
}

/** Cluster mode's module (BullMQ, ioredis) is loaded only when `cluster.redis` is set. */
async function joinClusterIf(config: Config, parts: ClusterNodeParts): Promise<RunningCluster | undefined> {
  if (!config.cluster.redis) return undefined;
  if (config.accounts.length === 0) throw new Error('cluster mode (cluster.redis) needs the accounts configured: demo mode runs one instance');
  const { joinCluster } = await import('./cluster/index.js');
  return joinCluster(config.cluster, config.store.keyPrefix, parts);
}

/** The account manager's cluster side, for a cluster joined after the manager is made (no account changes before). */
function clusterAccounts(cluster: () => RunningCluster | undefined): AccountCluster {
  const accounts = (): AccountCluster => {
    const joined = cluster();
    if (!joined) throw new Error('the cluster is not joined yet');
    return joined.node.accounts;
  };
  return { start: (session) => accounts().start(session), changed: (id) => accounts().changed(id), gone: (id) => accounts().gone(id) };
}

/** Lets the accounts go for the other instances, once this one's writes are done. */
async function leaveCluster(cluster: RunningCluster | undefined): Promise<void> {
  if (!cluster) return;
  await cluster.node.close();
  await cluster.disconnect();
}

/** Stops listening and lets requests in flight finish, within HTTP_DRAIN_MS; then cuts what is left. */
async function closeHttp(app: FastifyInstance): Promise<void> {
  const cut = setTimeout(() => app.server.closeAllConnections(), HTTP_DRAIN_MS);
  try {
    await app.close();
  } finally {
    clearTimeout(cut);
  }
}

/** Discord's attachment refresh through any account that is up (every account may refresh any link). */
async function refreshAttachmentUrls(pool: AccountPool, urls: readonly string[]): Promise<ReadonlyMap<string, string>> {
  const account = pool.candidates()[0];
  if (!account) throw new Error('no usable account to refresh Discord links with');
  return account.refreshAttachmentUrls(urls);
}

async function main(): Promise<void> {
  // undici parses HTTP answers with WebAssembly (llhttp). V8's optimizing tier for WebAssembly needs
  // ~35 MB of compiler memory for it, ~10 MB of which the allocator keeps for good; its baseline tier
  // parses the short answers of Discord and of image hosts well enough. Set before the first request.
  setFlagsFromString('--liftoff-only');
  const tree = readConfigTree(process.env);
  const config = resolveConfig(tree, process.env);
  const logger = createLogger(config.logLevel, config.logFormat);
  const guard = guardProcess(logger);
  // From the moment the API listens a stop must be graceful, though the accounts may still be connecting.
  await startService(config, {
    logger,
    sources: configSources(tree, process.env),
    onListening: (service) => {
      guard.markStarted();
      closeOnSignals({ logger, close: (onStep) => service.close(onStep) });
    },
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
