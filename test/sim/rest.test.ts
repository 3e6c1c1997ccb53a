import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { INSIGHT_FACE_APPLICATION_ID, NIJI_APPLICATION_ID } from '../../src/discord/protocol/index.js';
import { connectToSimulator, rest, type RawConnection, type RawGatewayClient } from './raw-client.js';
import { IMAGINE, startWithFakeBot } from './fake-bot.js';

const RATE_LIMIT_HEADERS = ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset', 'x-ratelimit-reset-after', 'x-ratelimit-bucket'];

describe('simulated REST: auth, headers and small routes', () => {
  let env: Awaited<ReturnType<typeof startWithFakeBot>>;
  let connected: RawConnection;
  let client: RawGatewayClient;
  const call = <T = unknown>(method: string, path: string, body?: unknown) => connected.rest<T>(method, path, body);

  before(async () => {
    env = await startWithFakeBot({ accounts: 2 });
    connected = await connectToSimulator(env.sim.info, env.account.userToken);
    client = connected.client;
  });
  after(async () => {
    await client.terminate();
    await env.sim.close();
  });

  it('answers 401 without or with a wrong token, with rate-limit headers', async () => {
    for (const token of [undefined, 'wrong']) {
      const answer = await rest(env.sim.info.apiBaseUrl, token, 'GET', '/users/@me');
      assert.equal(answer.status, 401);
      assert.deepEqual(answer.body, { message: '401: Unauthorized', code: 0 });
      for (const header of RATE_LIMIT_HEADERS) assert.ok(answer.headers.get(header), header);
    }
  });

  it('puts rate-limit headers on every answer and counts down per bucket', async () => {
    const first = await call('GET', '/users/@me');
    const second = await call('GET', '/users/@me');
    for (const header of RATE_LIMIT_HEADERS) assert.ok(first.headers.get(header), header);
    assert.equal(Number(first.headers.get('x-ratelimit-remaining')) - 1, Number(second.headers.get('x-ratelimit-remaining')));
    assert.match(first.headers.get('x-ratelimit-bucket') ?? '', /^[0-9a-f]{32}$/);
    const missing = await call('GET', '/nowhere');
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.body, { message: '404: Not Found', code: 0 });
    assert.ok(missing.headers.get('x-ratelimit-bucket'));
  });

  it('serves /users/@me, the billing country and /api/v10', async () => {
    const me = await call<{ id: string; username: string }>('GET', '/users/@me');
    assert.equal(me.body.id, env.account.userId);
    assert.deepEqual((await call('GET', '/users/@me/billing/country-code')).body, { country_code: 'US' });
    const v10 = await rest<{ id: string }>(env.sim.info.apiBaseUrl.replace('/v9', '/v10'), env.account.userToken, 'GET', '/users/@me');
    assert.equal(v10.body.id, env.account.userId);
  });

  it('lists every bot command in all four application-command indexes', async () => {
    const paths = [
      `/guilds/${env.account.guildId}/application-command-index`,
      `/channels/${env.account.channelId}/application-command-index`,
      '/users/@me/application-command-index',
      `/applications/${IMAGINE.application_id}/application-command-index`,
    ];
    const expectedApps = (path: string) => (path.startsWith('/applications')
      ? [IMAGINE.application_id]
      : [IMAGINE.application_id, NIJI_APPLICATION_ID, INSIGHT_FACE_APPLICATION_ID].sort());
    for (const path of paths) {
      const answer = await call<{ applications: { id: string }[]; application_commands: { name: string; version: string; application_id: string }[]; version: string }>('GET', path);
      assert.equal(answer.status, 200, path);
      assert.deepEqual(answer.body.applications.map((application) => application.id).sort(), expectedApps(path));
      const fakeCommands = answer.body.application_commands.filter((command) => command.application_id === IMAGINE.application_id);
      assert.deepEqual(fakeCommands.map((command) => [command.name, command.version]), [['imagine', IMAGINE.version]]);
      if (!path.startsWith('/applications')) assert.ok(answer.body.application_commands.some((command) => command.application_id === NIJI_APPLICATION_ID));
      assert.match(answer.body.version, /^\d+$/);
    }
    assert.equal((await call('GET', '/applications/1/application-command-index')).status, 404);
    const otherGuild = env.sim.info.accounts[1]?.guildId ?? '';
    assert.equal((await call('GET', `/guilds/${otherGuild}/application-command-index`)).status, 404);
  });

  it('returns the DM channel with a bot, creating one for a new recipient', async () => {
    const dm = await call<{ id: string; type: number; recipients: { id: string }[] }>('POST', '/users/@me/channels', { recipients: [IMAGINE.application_id] });
    assert.equal(dm.status, 200);
    assert.equal(dm.body.id, env.account.dmChannelId);
    assert.deepEqual(dm.body.recipients.map((user) => user.id), [IMAGINE.application_id]);
    const friend = env.sim.info.accounts[1]?.userId ?? '';
    const created = await call<{ id: string }>('POST', '/users/@me/channels', { recipients: [friend] });
    const again = await call<{ id: string }>('POST', '/users/@me/channels', { recipients: [friend] });
    assert.notEqual(created.body.id, env.account.dmChannelId);
    assert.equal(again.body.id, created.body.id);
    await client.waitForDispatch('CHANNEL_CREATE', (d: { id: string }) => d.id === created.body.id);
    assert.equal((await call('POST', '/users/@me/channels', { recipients: ['42'] })).status, 400);
  });

  it('adds a reaction (204) and tells the bot that wrote the message; acks a message', async () => {
    const interaction = await call('POST', '/interactions', {
      type: 2, application_id: IMAGINE.application_id, guild_id: env.account.guildId, channel_id: env.account.channelId,
      session_id: 'x', nonce: 'react-1', data: { id: IMAGINE.id, name: 'imagine', version: IMAGINE.version, type: 1, options: [], attachments: [] },
    });
    assert.equal(interaction.status, 204);
    const botMessage = await client.waitForDispatch('MESSAGE_CREATE', (d: { nonce?: string }) => d.nonce === 'react-1');
    const messageId = (botMessage.d as { id: string }).id;
    const emoji = encodeURIComponent('✉️');
    const reacted = await call('PUT', `/channels/${env.account.channelId}/messages/${messageId}/reactions/${emoji}/%40me?location=Message&type=0`);
    assert.equal(reacted.status, 204);
    assert.equal(reacted.text, '');
    await client.waitForDispatch('MESSAGE_REACTION_ADD', (d: { message_id: string }) => d.message_id === messageId);
    assert.deepEqual(env.bot.reactions, [{ userId: env.account.userId, channelId: env.account.channelId, messageId, emoji: '✉️' }]);
    assert.equal((await call('PUT', `/channels/${env.account.channelId}/messages/1/reactions/${emoji}/@me`)).status, 404);

    const ack = await call('POST', `/channels/${env.account.channelId}/messages/${messageId}/ack`, { token: null, last_viewed: 3496 });
    assert.equal(ack.status, 200);
    assert.deepEqual(ack.body, { token: null });
  });

  it('refuses channels the user cannot see', async () => {
    const other = env.sim.info.accounts[1]?.channelId ?? '';
    const answer = await call('GET', `/channels/${other}/messages`);
    assert.equal(answer.status, 403);
    assert.equal((await call('GET', '/channels/123/messages')).status, 404);
  });
});
