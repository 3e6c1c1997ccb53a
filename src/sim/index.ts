/**
 * startSimulator(): the simulated Discord (gateway, REST, upload host, CDN, activity host) on one
 * loopback port, with the simulated bots plugged in through SimWorld.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { silentLogger, type Logger } from '../lib/logger.js';
import { SnowflakeGenerator } from '../lib/snowflake.js';
import { createAccounts, type SimAccountInput } from './accounts.js';
import { createInsightFaceBot, createMidjourneyBot, type MidjourneyBotHandle, type MidjourneyBotOptions } from './bot/index.js';
import { CdnStore } from './cdn-store.js';
import type { SimBot, SimWorld } from './contracts.js';
import { InteractionFaultQueue, ReadDelay, SimFaults } from './faults.js';
import { GatewayFaultPlan } from './gateway-fault-plan.js';
import { GatewayServer } from './gateway-server.js';
import { SessionHub } from './gateway-session.js';
import { ACTIVITY_PATH, createHttpHandler, MEDIA_PATH, UPLOAD_PATH } from './rest-server.js';
import type { SimLedger } from './ledger.js';
import { SimWorldState } from './world.js';

export { seededAccount, type SimAccountInput } from './accounts.js';
export type { SimFaults, RateLimitScope } from './faults.js';
export type { SimWorldState } from './world.js';
export type { LedgerInteraction, LedgerJob, LedgerSnapshot } from './ledger.js';

const DEFAULT_HEARTBEAT_INTERVAL_MS = 41250;
/** Discord-like grace: two missed beats plus ten seconds. */
const HEARTBEAT_GRACE_MS = 10_000;
const DEFAULT_RESUME_WINDOW_MS = 120_000;
const DEFAULT_REPLAY_LIMIT = 5000;
const DEFAULT_JOB_SECONDS = 10;
const DEFAULT_RATE_LIMIT = { limit: 50, windowMs: 1000 };

export interface SimulatorOptions {
  host?: string;
  port?: number;
  /** How many accounts to generate, or explicit ones (missing fields generated). Default 1. */
  accounts?: number | SimAccountInput[];
  /** How long a simulated job takes; passed to the bots as SimWorld.jobSeconds. */
  jobSeconds?: number;
  heartbeatIntervalMs?: number;
  /** Silence after which a connection is dropped (default 2 × interval + 10 s). */
  heartbeatTimeoutMs?: number;
  /** How long a detached session can still be resumed. */
  resumeWindowMs?: number;
  /** Dispatches kept per session for RESUME replay. */
  replayLimit?: number;
  /** Told of every gateway heartbeat as it arrives, with the identified user. */
  onHeartbeat?: (userId: string | undefined) => void;
  /** Send READY_SUPPLEMENTAL when the identify capabilities ask for it (default true). */
  readySupplemental?: boolean;
  /** Refuse command versions other than the current one with 400 50035 (default false: accept any). */
  strictCommandVersions?: boolean;
  /** Words the simulated Midjourney / niji bots treat as banned. */
  bannedWords?: string[];
  /** Passed to both the Midjourney and the niji・journey bot. */
  midjourney?: Omit<MidjourneyBotOptions, 'flavour'>;
  /** How long a signed CDN link works (default a day, as Discord); the CDN refuses it afterwards. */
  cdnLinkLifetimeSeconds?: number;
  /** X-RateLimit-* numbers reported (never enforced). */
  rateLimit?: { limit: number; windowMs: number };
  /** Serve the control API under /_sim (faults, silence, ledger) for a test in another process. */
  control?: boolean;
  /** More bots, registered after the default ones; one with a default bot's application id replaces it. */
  createBots?: (world: SimWorld) => SimBot[];
  logger?: Logger;
}

export interface SimulatorInfo {
  apiBaseUrl: string;
  gatewayUrl: string;
  cdnBaseUrl: string;
  activityBaseUrl: string;
  accounts: { guildId: string; channelId: string; userToken: string; userId: string; dmChannelId: string }[];
}

export interface SimulatorBots {
  midjourney: MidjourneyBotHandle;
  niji: MidjourneyBotHandle;
  insightFace: SimBot;
}

export interface Simulator {
  info: SimulatorInfo;
  world: SimWorldState;
  faults: SimFaults;
  /** The default bots (one replaced through `createBots` is no longer hosted). */
  bots: SimulatorBots;
  /** What the simulator saw: interactions by nonce, the jobs they started, answers. */
  ledger: SimLedger;
  close(): Promise<void>;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const logger = options.logger ?? silentLogger;
  const server = createServer();
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const origin = `http://${urlHost}:${port}`;
  const gatewayUrl = `ws://${urlHost}:${port}`;

  const ids = new SnowflakeGenerator(3, 1);
  const accounts = createAccounts(options.accounts ?? 1, ids);
  const heartbeatIntervalMs = options.heartbeatIntervalMs ?? DEFAULT_HEARTBEAT_INTERVAL_MS;
  const hub = new SessionHub({ historyLimit: options.replayLimit ?? DEFAULT_REPLAY_LIMIT, resumeWindowMs: options.resumeWindowMs ?? DEFAULT_RESUME_WINDOW_MS });
  const cdn = new CdnStore(
    { cdnBaseUrl: origin, mediaBaseUrl: `${origin}${MEDIA_PATH}`, uploadBaseUrl: `${origin}${UPLOAD_PATH}` },
    options.cdnLinkLifetimeSeconds,
  );
  const world = new SimWorldState({
    accounts,
    hub,
    cdn,
    cdnBaseUrl: origin,
    activityBaseUrl: `${origin}${ACTIVITY_PATH}`,
    jobSeconds: options.jobSeconds ?? DEFAULT_JOB_SECONDS,
    logger,
  });
  const botOptions: MidjourneyBotOptions = {
    logger,
    ...options.midjourney,
    ...(options.bannedWords ? { bannedWords: options.bannedWords } : {}),
    ...(options.strictCommandVersions === undefined ? {} : { strictCommandVersions: options.strictCommandVersions }),
  };
  const bots: SimulatorBots = {
    midjourney: createMidjourneyBot(world, { ...botOptions, flavour: 'midjourney' }),
    niji: createMidjourneyBot(world, { ...botOptions, flavour: 'niji' }),
    insightFace: createInsightFaceBot(world),
  };
  for (const bot of [bots.midjourney, bots.niji, bots.insightFace]) world.registerBot(bot);
  for (const bot of options.createBots?.(world) ?? []) world.registerBot(bot);

  const interactionFaults = new InteractionFaultQueue();
  const gatewayFaults = new GatewayFaultPlan();
  const gateway = new GatewayServer(server, world, hub, {
    heartbeatIntervalMs,
    heartbeatTimeoutMs: options.heartbeatTimeoutMs ?? 2 * heartbeatIntervalMs + HEARTBEAT_GRACE_MS,
    readySupplemental: options.readySupplemental ?? true,
    resumeGatewayUrl: gatewayUrl,
    faults: gatewayFaults,
    onHeartbeat: options.onHeartbeat,
  });
  const readDelay = new ReadDelay();
  const faults = new SimFaults(gateway, hub, interactionFaults, gatewayFaults, cdn, readDelay);
  server.on('request', createHttpHandler({
    world,
    cdn,
    interactionFaults,
    readDelay,
    strictCommandVersions: options.strictCommandVersions ?? false,
    commandIndexVersion: ids.next(),
    logger,
    rateLimit: options.rateLimit ?? DEFAULT_RATE_LIMIT,
    gatewayUrl,
    ...(options.control ? { control: { faults, ledger: world.ledger, bots: [bots.midjourney, bots.niji] } } : {}),
  }));

  const info: SimulatorInfo = {
    apiBaseUrl: `${origin}/api/v9`,
    gatewayUrl,
    cdnBaseUrl: origin,
    activityBaseUrl: `${origin}${ACTIVITY_PATH}`,
    accounts: accounts.map((account) => ({
      guildId: account.guildId,
      channelId: account.channelId,
      userToken: account.token,
      userId: account.userId,
      dmChannelId: account.dmChannelId,
    })),
  };

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      world.close();
      await gateway.close();
      hub.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    })();
    return closing;
  };
  return { info, world, faults, bots, ledger: world.ledger, close };
}
