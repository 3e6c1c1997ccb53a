import { once } from 'node:events';
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import {
  GatewayConnection,
  GatewayStatus,
  GatewayStoppedError,
  type GatewayDispatchEvent,
  type GatewayTiming,
} from '../../src/discord/gateway/index.js';
import { GatewayOpcode, type IdentifyData, type ResumeData } from '../../src/discord/protocol/index.js';
import { FakeGateway, type FakeGatewayOptions, type FakeSession } from './fake-gateway.js';

const FAST = { backoffBaseMs: 10, backoffCapMs: 40, identifyWaitMinMs: 5, identifyWaitMaxMs: 10 };
const TEST_TIMEOUT = { timeout: 10_000 };

async function setup(t: TestContext, options: FakeGatewayOptions = {}, token = 'user-token', timing: Partial<GatewayTiming> = FAST) {
  const fake = await FakeGateway.start(options);
  const gateway = new GatewayConnection({ gatewayUrl: fake.url, token, timing });
  const statuses: GatewayStatus[] = [];
  const dispatches: GatewayDispatchEvent[] = [];
  gateway.on('status', (status) => statuses.push(status));
  gateway.on('dispatch', (event) => dispatches.push(event));
  t.after(async () => {
    await gateway.close();
    await fake.close();
  });
  return { fake, gateway, statuses, dispatches };
}

function sessionOf(fake: FakeGateway): FakeSession {
  const session = fake.last.session;
  assert.ok(session, 'the connection has a session');
  return session;
}

test('identifies as a browser over zlib-stream and resolves at READY', TEST_TIMEOUT, async (t) => {
  const { fake, gateway, statuses } = await setup(t, { splitFrames: true });
  const ready = await gateway.connect();

  assert.equal(ready.session_id, 'session-1');
  assert.equal(gateway.sessionId, 'session-1');
  assert.deepEqual(statuses, [GatewayStatus.Connecting, GatewayStatus.Ready]);
  assert.equal(fake.last.url, '/?encoding=json&v=9&compress=zlib-stream');
  const identify = fake.last.received.find((p) => p.op === GatewayOpcode.Identify)?.d as IdentifyData;
  assert.equal(identify.token, 'user-token');
  assert.equal(identify.capabilities, 16381);
  assert.equal(identify.compress, false);
  assert.equal(identify.properties.browser, 'Chrome');
  assert.equal(identify.properties.os, 'Windows');
  assert.equal(identify.properties.browser_user_agent, fake.last.headers['user-agent']);
  assert.deepEqual(identify.presence, { status: 'online', since: 0, activities: [], afk: false });
  assert.ok(identify.client_state);
});

test('inflates large payloads and keeps their order', TEST_TIMEOUT, async (t) => {
  const { fake, gateway, dispatches } = await setup(t);
  await gateway.connect();
  const big = 'x'.repeat(300_000);
  fake.dispatch(sessionOf(fake), 'MESSAGE_CREATE', { content: big });
  fake.dispatch(sessionOf(fake), 'MESSAGE_UPDATE', { content: 'small' });
  while (dispatches.length < 3) await once(gateway, 'dispatch');
  assert.deepEqual(dispatches.map((e) => [e.t, e.s]), [['READY', 1], ['MESSAGE_CREATE', 2], ['MESSAGE_UPDATE', 3]]);
  assert.equal((dispatches[1]?.d as { content: string }).content, big);
});

test('heartbeats carry the last sequence number', TEST_TIMEOUT, async (t) => {
  const { fake, gateway } = await setup(t, { heartbeatIntervalMs: 100 });
  await gateway.connect();
  fake.dispatch(sessionOf(fake), 'MESSAGE_CREATE', {});
  fake.dispatch(sessionOf(fake), 'MESSAGE_CREATE', {});
  // A beat may go out before READY (d null); later ones must carry the newest `s` — on whichever
  // connection it is (a slow machine may miss an ACK and resume, keeping the sequence).
  const beat = await fake.waitForOp(GatewayOpcode.Heartbeat, 'any', (p) => p.d !== null && p.d !== 1 && p.d !== 2);
  assert.equal(beat.d, 3);
});

test('a dropped socket resumes the session and replays what was missed', TEST_TIMEOUT, async (t) => {
  const { fake, gateway, statuses, dispatches } = await setup(t);
  await gateway.connect();
  const session = sessionOf(fake);
  fake.last.ws.terminate();
  fake.dispatch(session, 'MESSAGE_CREATE', { id: 'missed' });
  await once(gateway, 'resumed');

  const resume = (await fake.waitForOp(GatewayOpcode.Resume, 2)).d as ResumeData;
  assert.deepEqual(resume, { token: 'user-token', session_id: 'session-1', seq: 1 });
  assert.deepEqual(dispatches.map((e) => e.t), ['READY', 'MESSAGE_CREATE', 'RESUMED']);
  assert.deepEqual(statuses, [GatewayStatus.Connecting, GatewayStatus.Ready, GatewayStatus.BackingOff, GatewayStatus.Resuming, GatewayStatus.Ready]);
  assert.equal(gateway.lastSequence, 3);
});

test('op 7 reconnects at once and resumes', TEST_TIMEOUT, async (t) => {
  const { fake, gateway, statuses } = await setup(t);
  await gateway.connect();
  fake.last.send({ op: GatewayOpcode.Reconnect, d: null, s: null, t: null });
  await once(gateway, 'resumed');
  assert.equal(fake.connections.length, 2);
  assert.ok(fake.connections[1]?.received.some((p) => p.op === GatewayOpcode.Resume));
  assert.deepEqual(statuses.slice(2), [GatewayStatus.Resuming, GatewayStatus.Ready]);
});

test('op 9 d:true resumes; op 9 d:false identifies afresh; each reconnect says how it starts', TEST_TIMEOUT, async (t) => {
  const { fake, gateway } = await setup(t);
  const reconnects: string[] = [];
  gateway.on('reconnecting', (mode) => reconnects.push(mode));
  await gateway.connect();
  fake.last.send({ op: GatewayOpcode.InvalidSession, d: true, s: null, t: null });
  await once(gateway, 'resumed');
  assert.equal(gateway.sessionId, 'session-1');

  fake.last.send({ op: GatewayOpcode.InvalidSession, d: false, s: null, t: null });
  const [ready] = await once(gateway, 'ready');
  assert.equal(ready.session_id, 'session-2');
  assert.ok(fake.connections[2]?.received.some((p) => p.op === GatewayOpcode.Identify));
  assert.equal(gateway.status, GatewayStatus.Ready);
  assert.deepEqual(reconnects, ['resume', 'identify']);
});

test('close 4000 reconnects; repeated closes back off and still come back', TEST_TIMEOUT, async (t) => {
  const { fake, gateway } = await setup(t);
  await gateway.connect();
  for (let round = 0; round < 3; round += 1) {
    fake.last.close(4000);
    await once(gateway, 'resumed');
  }
  assert.equal(fake.connections.length, 4);
  assert.equal(gateway.status, GatewayStatus.Ready);
});

test('close 4007 drops the session and identifies again', TEST_TIMEOUT, async (t) => {
  const { fake, gateway } = await setup(t);
  await gateway.connect();
  fake.last.close(4007);
  const [ready] = await once(gateway, 'ready');
  assert.equal(ready.session_id, 'session-2');
});

test('close 4004 stops the account with the reason and rejects connect()', TEST_TIMEOUT, async (t) => {
  const { fake, gateway, statuses } = await setup(t, {}, 'a-revoked-token');
  const stopped = once(gateway, 'stopped');
  await assert.rejects(gateway.connect(), (error) => error instanceof GatewayStoppedError && /4004/.test(error.reason));
  const [reason] = await stopped;
  assert.match(reason, /4004/);
  assert.equal(gateway.status, GatewayStatus.Stopped);
  assert.equal(gateway.stopReason, reason);
  assert.deepEqual(statuses, [GatewayStatus.Connecting, GatewayStatus.Stopped]);
  assert.equal(fake.connections.length, 1);
});

test('a missed heartbeat ACK is a zombie: the socket is dropped and the session resumed', TEST_TIMEOUT, async (t) => {
  const { fake, gateway } = await setup(t, { heartbeatIntervalMs: 20 });
  await gateway.connect();
  fake.last.ackHeartbeats = false;
  await once(gateway, 'resumed');
  const zombie = fake.connections[0];
  assert.ok(zombie?.received.some((p) => p.op === GatewayOpcode.Heartbeat));
  const resume = (await fake.waitForOp(GatewayOpcode.Resume, 2)).d as ResumeData;
  assert.equal(resume.session_id, 'session-1');
});

test('a socket that never says HELLO is dropped and replaced', TEST_TIMEOUT, async (t) => {
  const { fake, gateway, statuses } = await setup(t, { silentConnections: 1 }, 'user-token', { ...FAST, helloTimeoutMs: 500 });
  await gateway.connect();
  assert.equal(fake.connections.length, 2);
  assert.deepEqual(statuses, [GatewayStatus.Connecting, GatewayStatus.BackingOff, GatewayStatus.Connecting, GatewayStatus.Ready]);
});

test('close() is final: no reconnect afterwards', TEST_TIMEOUT, async (t) => {
  const { fake, gateway } = await setup(t);
  await gateway.connect();
  await gateway.close();
  assert.equal(gateway.status, GatewayStatus.Stopped);
  await new Promise((resolve) => setTimeout(resolve, 60));
  assert.equal(fake.connections.length, 1);
});

test('a burst of dispatches is told in order, a few ms at a time: a timer runs before the burst is through', TEST_TIMEOUT, async (t) => {
  const { fake, gateway, dispatches } = await setup(t);
  await gateway.connect();
  const before = dispatches.length;
  let toldWhenTimerRan = -1;
  gateway.on('dispatch', (event) => {
    // A listener with real work to do: 2 ms a dispatch, 200 ms for the burst.
    const until = performance.now() + 2;
    while (performance.now() < until);
    if (event.t === 'BURST' && (event.d as { i: number }).i === 0) {
      setTimeout(() => {
        toldWhenTimerRan = dispatches.length - before;
      }, 0);
    }
  });
  await fake.last.burst(() => {
    for (let i = 0; i < 100; i++) fake.dispatch(sessionOf(fake), 'BURST', { i });
  });
  while (dispatches.length - before < 100) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.deepEqual(dispatches.slice(before).map((event) => (event.d as { i: number }).i), Array.from({ length: 100 }, (_, i) => i));
  assert.ok(toldWhenTimerRan > 0 && toldWhenTimerRan < 100, `the timer ran after ${toldWhenTimerRan} of 100 dispatches`);
});
