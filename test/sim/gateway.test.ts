import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import zlib from 'node:zlib';
import WebSocket from 'ws';
import { RawGatewayClient, endsWithSyncFlush, type Payload } from './raw-client.js';
import { startWithFakeBot } from './fake-bot.js';

describe('simulated gateway: connect and identify', () => {
  let env: Awaited<ReturnType<typeof startWithFakeBot>>;
  const clients: RawGatewayClient[] = [];
  const connect = async (options: Omit<Parameters<typeof RawGatewayClient.connect>[0], 'gatewayUrl'> = {}) => {
    const client = await RawGatewayClient.connect({ gatewayUrl: env.sim.info.gatewayUrl, ...options });
    clients.push(client);
    return client;
  };

  before(async () => {
    env = await startWithFakeBot({ heartbeatIntervalMs: 41250 });
  });
  after(async () => {
    await Promise.all(clients.map((client) => client.terminate()));
    await env.sim.close();
  });

  it('sends HELLO first, then READY with s=1 after IDENTIFY', async () => {
    const client = await connect({ token: env.account.userToken, capabilities: 0 });
    const ready = await client.ready();
    const [hello] = client.payloads;
    assert.deepEqual(hello && { op: hello.op, s: hello.s, t: hello.t }, { op: 10, s: null, t: null });
    assert.equal((hello?.d as { heartbeat_interval: number }).heartbeat_interval, 41250);
    assert.equal(client.dispatches[0]?.s, 1);
    assert.match(ready.session_id, /^[0-9a-f]{32}$/);
    assert.equal(ready.resume_gateway_url, env.sim.info.gatewayUrl);
    assert.doesNotMatch(ready.resume_gateway_url, /\/$|\?/);
    assert.equal(ready.user.id, env.account.userId);
    const guilds = ready.guilds as { id: string; channels: { id: string }[] }[];
    assert.equal(guilds[0]?.id, env.account.guildId);
    assert.ok(guilds[0]?.channels.some((channel) => channel.id === env.account.channelId));
    const dms = ready.private_channels as { id: string; type: number; recipient_ids: string[] }[];
    assert.deepEqual(dms, [{ id: env.account.dmChannelId, type: 1, recipient_ids: ['936929561302675456'], last_message_id: null, flags: 0 }]);
    assert.equal(client.dispatches.length, 1, 'no READY_SUPPLEMENTAL without the capability');
  });

  it('accepts IDENTIFY sent before HELLO and sends READY_SUPPLEMENTAL when asked', async () => {
    const client = await connect({ token: env.account.userToken, identifyFirst: true, capabilities: 16381 });
    await client.waitForDispatch('READY_SUPPLEMENTAL');
    assert.deepEqual(client.dispatches.map((p) => [p.t, p.s]), [['READY', 1], ['READY_SUPPLEMENTAL', 2]]);
  });

  it('closes 4004 "Authentication failed." for a bad token', async () => {
    const client = await connect({ token: 'not-a-token' });
    assert.deepEqual(await client.closed, { code: 4004, reason: 'Authentication failed.' });
  });

  it('closes 4003 when the first op is not IDENTIFY, 4005 on a second IDENTIFY, 4002 on bad JSON', async () => {
    const early = await connect();
    early.send({ op: 3, d: { status: 'online' } });
    assert.equal((await early.closed).code, 4003);

    const twice = await connect({ token: env.account.userToken });
    await twice.ready();
    twice.identify(env.account.userToken);
    assert.equal((await twice.closed).code, 4005);

    const garbage = await connect();
    garbage.send('{not json');
    assert.equal((await garbage.closed).code, 4002);
  });

  it('ACKs heartbeats with any d, even before IDENTIFY', async () => {
    const client = await connect();
    client.heartbeat(null);
    client.heartbeat(12345);
    client.heartbeat('anything');
    await client.waitFor((p) => client.payloads.filter((q) => q.op === 11).length === 3 && p.op === 11);
    assert.ok(client.payloads.filter((p) => p.op === 11).every((p) => p.d === null && p.s === null && p.t === null));
  });

  it('speaks zlib-stream: one shared context, one payload per binary frame ending 00 00 ff ff', async () => {
    const client = await connect({ token: env.account.userToken, compress: true });
    await client.ready();
    client.heartbeat();
    await client.waitFor((p) => p.op === 11);
    assert.ok(client.frames.length >= 3);
    assert.equal(client.frames[0]?.subarray(0, 2).toString('hex'), '789c');
    assert.ok(client.frames.every(endsWithSyncFlush));
    assert.deepEqual(client.errors, []);
    // Independently: inflating all frames with one context yields exactly the payloads, in order.
    const inflated = zlib.inflateSync(Buffer.concat(client.frames), { finishFlush: zlib.constants.Z_SYNC_FLUSH }).toString('utf8');
    const texts = client.payloads.map((p: Payload) => JSON.stringify(p));
    assert.equal(inflated, texts.join(''));
  });

  it('declines permessage-deflate', async () => {
    const ws = new WebSocket(`${env.sim.info.gatewayUrl}/?encoding=json&v=10`, { perMessageDeflate: true });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    assert.equal(ws.extensions, '');
    ws.terminate();
  });

  it('sends plain JSON text frames without compress and refuses an unknown API version', async () => {
    const client = await connect({ token: env.account.userToken });
    await client.ready();
    assert.equal(client.frames.length, 0);
    const old = await connect({ query: '?encoding=json&v=6' });
    assert.equal((await old.closed).code, 4012);
  });
});
