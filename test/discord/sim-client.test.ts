/** The real client against the simulated Discord, over real sockets. One simulator, one account per test. */
import { once } from 'node:events';
import assert from 'node:assert/strict';
import { after, before, test, type TestContext } from 'node:test';
import { GatewayConnection, GatewayStatus, GatewayStoppedError, type GatewayDispatchEvent } from '../../src/discord/gateway/index.js';
import { CommandCatalog, DiscordRest } from '../../src/discord/rest/index.js';
import {
  InteractionType,
  MessageType,
  MIDJOURNEY_APPLICATION_ID,
  type ApplicationCommand,
  type InteractionRequest,
} from '../../src/discord/protocol/index.js';
import type { SimBot, SimWorld } from '../../src/sim/contracts.js';
import { startSimulator, type Simulator, type SimulatorInfo } from '../../src/sim/index.js';

type SimAccountInfo = SimulatorInfo['accounts'][number];

const ACCOUNTS = 8;
const FAST = { backoffBaseMs: 10, backoffCapMs: 40, identifyWaitMinMs: 5, identifyWaitMaxMs: 10 };
const TEST_TIMEOUT = { timeout: 10_000 };

/** A bot with one command that accepts every interaction. */
function acceptingBot(world: SimWorld): SimBot {
  const imagine: ApplicationCommand = {
    id: '938956540159881230', type: 1, application_id: MIDJOURNEY_APPLICATION_ID, version: '1237876415471554623',
    name: 'imagine', description: 'imagine', options: [],
  };
  return {
    applicationId: MIDJOURNEY_APPLICATION_ID,
    user: world.botUser(MIDJOURNEY_APPLICATION_ID),
    commands: [imagine],
    handleInteraction(interaction) {
      world.interactionSucceeded(interaction);
      return { ok: true };
    },
  };
}

let sim: Simulator;
let nextAccount = 0;

before(async () => {
  sim = await startSimulator({ accounts: ACCOUNTS, heartbeatIntervalMs: 200, strictCommandVersions: true, createBots: (world) => [acceptingBot(world)] });
});

after(() => sim.close());

function takeAccount(): SimAccountInfo {
  const account = sim.info.accounts[nextAccount++];
  assert.ok(account, 'enough simulated accounts');
  return account;
}

function connect(t: TestContext, token?: string) {
  const account = takeAccount();
  const gateway = new GatewayConnection({ gatewayUrl: sim.info.gatewayUrl, token: token ?? account.userToken, timing: FAST });
  const dispatches: GatewayDispatchEvent[] = [];
  gateway.on('dispatch', (event) => dispatches.push(event));
  t.after(() => gateway.close());
  return { account, gateway, dispatches };
}

function postToChannel(account: SimAccountInfo, content: string): void {
  sim.world.createMessage({ channelId: account.channelId, authorId: MIDJOURNEY_APPLICATION_ID, type: MessageType.Default, content });
}

const contents = (dispatches: GatewayDispatchEvent[]) =>
  dispatches.filter((e) => e.t === 'MESSAGE_CREATE').map((e) => (e.d as { content: string }).content);

test('identify → READY over zlib-stream', TEST_TIMEOUT, async (t) => {
  const { account, gateway } = connect(t);
  const ready = await gateway.connect();
  assert.equal(ready.user.id, account.userId);
  assert.equal(gateway.status, GatewayStatus.Ready);
  assert.equal(gateway.sessionId, ready.session_id);
});

test('a dropped socket resumes and replays the missed messages', TEST_TIMEOUT, async (t) => {
  const { account, gateway, dispatches } = connect(t);
  const { session_id: sessionId } = await gateway.connect();
  assert.equal(sim.faults.dropConnections(account.userId), 1);
  postToChannel(account, 'sent while away');
  await once(gateway, 'resumed');
  assert.equal(gateway.sessionId, sessionId);
  assert.deepEqual(contents(dispatches), ['sent while away']);
});

test('op 7 resumes', TEST_TIMEOUT, async (t) => {
  const { account, gateway } = connect(t);
  const { session_id: sessionId } = await gateway.connect();
  sim.faults.sendReconnect(account.userId);
  await once(gateway, 'resumed');
  assert.equal(gateway.sessionId, sessionId);
});

test('op 9 d:false identifies a new session', TEST_TIMEOUT, async (t) => {
  const { account, gateway } = connect(t);
  const first = await gateway.connect();
  sim.faults.sendInvalidSession(false, account.userId);
  const [ready] = await once(gateway, 'ready');
  assert.notEqual(ready.session_id, first.session_id);
});

test('close 4000 reconnects by itself', TEST_TIMEOUT, async (t) => {
  const { account, gateway } = connect(t);
  await gateway.connect();
  const statuses: GatewayStatus[] = [];
  gateway.on('status', (status) => statuses.push(status));
  sim.faults.closeConnections(4000, 'unknown error', account.userId);
  await once(gateway, 'resumed');
  assert.deepEqual(statuses, [GatewayStatus.BackingOff, GatewayStatus.Resuming, GatewayStatus.Ready]);
});

test('a bad token (4004) stops with the reason', TEST_TIMEOUT, async (t) => {
  const { gateway } = connect(t, 'not-a-real-token');
  await assert.rejects(gateway.connect(), (error) => error instanceof GatewayStoppedError && /4004/.test(error.reason));
  assert.equal(gateway.status, GatewayStatus.Stopped);
});

test('REST: a 429 on /interactions is retried; a stale version is refreshed once', TEST_TIMEOUT, async (t) => {
  const account = takeAccount();
  const rest = new DiscordRest({ apiBaseUrl: sim.info.apiBaseUrl, token: account.userToken, retry: { backoff: { baseMs: 5, capMs: 20 } } });
  t.after(() => rest.close());
  const catalog = new CommandCatalog(rest, { guildId: account.guildId });
  await catalog.refresh();
  let builds = 0;
  const build = (command: ApplicationCommand): InteractionRequest => ({
    type: InteractionType.ApplicationCommand, application_id: command.application_id, guild_id: account.guildId,
    channel_id: account.channelId, session_id: 'no-session', nonce: `n${builds}`,
    // The first build pretends the catalog held an outdated version.
    data: { id: command.id, version: builds++ === 0 ? '1' : command.version, name: command.name, type: 1, options: [], attachments: [] },
  });
  sim.faults.rateLimitInteractions(1, { retryAfterSeconds: 0.02 });
  await catalog.sendCommand(MIDJOURNEY_APPLICATION_ID, 'imagine', build);
  assert.equal(builds, 2);
});
