import assert from 'node:assert/strict';
import { it } from 'node:test';
import { RawGatewayClient } from './raw-client.js';
import { startWithFakeBot } from './fake-bot.js';

it('tells onHeartbeat of each heartbeat, with the user once identified (the bench judges punctuality by it)', async () => {
  const beats: (string | undefined)[] = [];
  const env = await startWithFakeBot({ onHeartbeat: (userId) => beats.push(userId) });
  const client = await RawGatewayClient.connect({ gatewayUrl: env.sim.info.gatewayUrl });
  try {
    client.heartbeat(null);
    await client.waitFor((p) => p.op === 11);
    client.identify(env.account.userToken);
    await client.ready();
    client.heartbeat();
    await client.waitFor(() => client.payloads.filter((p) => p.op === 11).length === 2);
    assert.deepEqual(beats, [undefined, env.account.userId]);
  } finally {
    await client.terminate();
    await env.sim.close();
  }
});
