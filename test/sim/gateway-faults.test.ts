import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { connectToSimulator, RawGatewayClient } from './raw-client.js';
import { startWithFakeBot } from './fake-bot.js';

describe('simulated gateway: resume and faults', () => {
  let env: Awaited<ReturnType<typeof startWithFakeBot>>;
  const clients: RawGatewayClient[] = [];
  const open = async (compress = false) => {
    const connected = await connectToSimulator(env.sim.info, env.account.userToken, { compress });
    clients.push(connected.client);
    return connected;
  };
  const post = (rest: Awaited<ReturnType<typeof open>>['rest'], content: string) =>
    rest('POST', `/channels/${env.account.channelId}/messages`, { content, nonce: content });

  beforeEach(async () => {
    env = await startWithFakeBot();
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.terminate()));
    await env.sim.close();
  });

  it('replays every missed dispatch with its original s after RESUME, then RESUMED', async () => {
    const { client, ready, rest } = await open(true);
    await post(rest, 'one');
    await client.waitForDispatch('MESSAGE_CREATE');
    const seenSeq = client.lastSeq;
    assert.equal(env.sim.faults.dropConnections(env.account.userId), 1);
    await client.closed;
    await post(rest, 'two');
    await post(rest, 'three');

    const again = await RawGatewayClient.connect({ gatewayUrl: ready.resume_gateway_url, compress: true });
    clients.push(again);
    again.resume(env.account.userToken, ready.session_id, seenSeq);
    await again.waitForDispatch('RESUMED');
    const dispatches = again.dispatches.map((p) => [p.t, p.s, (p.d as { content?: string }).content]);
    assert.deepEqual(dispatches, [
      ['MESSAGE_CREATE', (seenSeq ?? 0) + 1, 'two'],
      ['MESSAGE_CREATE', (seenSeq ?? 0) + 2, 'three'],
      ['RESUMED', (seenSeq ?? 0) + 3, undefined],
    ]);
    await post(rest, 'four');
    const live = await again.waitForDispatch('MESSAGE_CREATE', (d: { content: string }) => d.content === 'four');
    assert.equal(live.s, (seenSeq ?? 0) + 4);
  });

  it('answers RESUME of an unknown session with op 9 d:false', async () => {
    const client = await RawGatewayClient.connect({ gatewayUrl: env.sim.info.gatewayUrl });
    clients.push(client);
    client.resume(env.account.userToken, 'f1a313a09ce079ce252459dc70231f30', 3);
    const invalid = await client.waitFor((p) => p.op === 9);
    assert.equal(invalid.d, false);
  });

  it('sends op 7 on demand and the session resumes on a new socket', async () => {
    const { client, ready } = await open();
    assert.equal(env.sim.faults.sendReconnect(), 1);
    const reconnect = await client.waitFor((p) => p.op === 7);
    assert.deepEqual(reconnect, { op: 7, d: null, s: null, t: null });
    await client.close(4000);
    const again = await RawGatewayClient.connect({ gatewayUrl: ready.resume_gateway_url });
    clients.push(again);
    again.resume(env.account.userToken, ready.session_id, client.lastSeq);
    const resumed = await again.waitForDispatch('RESUMED');
    assert.equal(resumed.s, (client.lastSeq ?? 0) + 1);
  });

  it('sends op 9 on demand: not resumable forgets the session, and the socket may IDENTIFY again', async () => {
    const { client, ready } = await open();
    env.sim.faults.sendInvalidSession(false);
    assert.equal((await client.waitFor((p) => p.op === 9)).d, false);
    client.identify(env.account.userToken);
    const second = await client.waitFor((p) => p.t === 'READY' && (p.d as { session_id: string }).session_id !== ready.session_id);
    assert.equal(second.s, 1);

    const other = await RawGatewayClient.connect({ gatewayUrl: env.sim.info.gatewayUrl });
    clients.push(other);
    other.resume(env.account.userToken, ready.session_id, 1);
    assert.equal((await other.waitFor((p) => p.op === 9)).d, false);
  });

  it('sends resumable op 9 with d:true and keeps the session', async () => {
    const { client, ready } = await open();
    env.sim.faults.sendInvalidSession(true);
    assert.equal((await client.waitFor((p) => p.op === 9)).d, true);
    client.resume(env.account.userToken, ready.session_id, client.lastSeq);
    await client.waitForDispatch('RESUMED');
  });

  it('closes with any code on demand; after 4009 the session cannot be resumed', async () => {
    const { client, ready } = await open();
    env.sim.faults.closeConnections(4009, 'Session timed out');
    assert.deepEqual(await client.closed, { code: 4009, reason: 'Session timed out' });
    const again = await RawGatewayClient.connect({ gatewayUrl: ready.resume_gateway_url });
    clients.push(again);
    again.resume(env.account.userToken, ready.session_id, client.lastSeq);
    assert.equal((await again.waitFor((p) => p.op === 9)).d, false);
  });

  it('refuses the next RESUME on demand: op 9 d:false, and what was buffered is lost', async () => {
    const { client, ready, rest } = await open();
    env.sim.faults.dropConnections();
    await client.closed;
    await post(rest, 'while away');
    env.sim.faults.rejectNextResume(env.account.userId);
    const again = await RawGatewayClient.connect({ gatewayUrl: ready.resume_gateway_url });
    clients.push(again);
    again.resume(env.account.userToken, ready.session_id, client.lastSeq);
    assert.equal((await again.waitFor((p) => p.op === 9)).d, false);
    again.identify(env.account.userToken);
    await again.waitForDispatch('READY');
    assert.ok(!again.dispatches.some((p) => (p.d as { content?: string }).content === 'while away'), 'the missed message is gone');
  });

  it('delays the next READY on demand; nothing sent meanwhile reaches the new session', async () => {
    const { client, rest } = await open();
    env.sim.faults.delayNextReady(300, env.account.userId);
    const slow = await RawGatewayClient.connect({ gatewayUrl: env.sim.info.gatewayUrl });
    clients.push(slow);
    slow.identify(env.account.userToken);
    await post(rest, 'before ready');
    await client.waitForDispatch('MESSAGE_CREATE', (d: { content: string }) => d.content === 'before ready');
    assert.equal(slow.dispatches.length, 0, 'no READY yet');
    await slow.waitForDispatch('READY');
    await post(rest, 'after ready');
    await slow.waitForDispatch('MESSAGE_CREATE', (d: { content: string }) => d.content === 'after ready');
    assert.ok(!slow.dispatches.some((p) => (p.d as { content?: string }).content === 'before ready'));
  });

  it('holds dispatches, then sends them in order with consecutive s', async () => {
    const { client, rest } = await open();
    const mark = client.payloads.length;
    env.sim.faults.holdDispatches(150);
    await post(rest, 'a');
    await post(rest, 'b');
    assert.equal(client.payloads.length, mark, 'nothing arrives while held');
    const b = await client.waitForDispatch('MESSAGE_CREATE', (d: { content: string }) => d.content === 'b', { since: mark });
    const a = await client.waitForDispatch('MESSAGE_CREATE', (d: { content: string }) => d.content === 'a', { since: mark });
    assert.equal((b.s ?? 0) - (a.s ?? 0), 1);
  });

  it('reorders the next two dispatches, keeping s increasing by one', async () => {
    const { client, rest } = await open();
    const mark = client.payloads.length;
    const base = client.lastSeq ?? 0;
    env.sim.faults.reorderNextDispatches();
    await post(rest, 'first');
    await post(rest, 'second');
    await client.waitForDispatch('MESSAGE_CREATE', (d: { content: string }) => d.content === 'first', { since: mark });
    const got = client.payloads.slice(mark).map((p) => [(p.d as { content: string }).content, p.s]);
    assert.deepEqual(got, [['second', base + 1], ['first', base + 2]]);
  });

  it('drops a silent connection only after the heartbeat timeout, resumably', async () => {
    await env.sim.close();
    env = await startWithFakeBot({ heartbeatIntervalMs: 50, heartbeatTimeoutMs: 200 });
    const { client, ready } = await open();
    const closed = await client.closed;
    assert.equal(closed.code, 1006, 'terminated without a close frame');
    const again = await RawGatewayClient.connect({ gatewayUrl: ready.resume_gateway_url });
    clients.push(again);
    again.resume(env.account.userToken, ready.session_id, client.lastSeq);
    await again.waitForDispatch('RESUMED');
  });
});
