import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { connectToSimulator, RawGatewayClient, type RawConnection } from './raw-client.js';
import { IMAGINE, startWithFakeBot } from './fake-bot.js';

describe('simulated POST /interactions', () => {
  let env: Awaited<ReturnType<typeof startWithFakeBot>>;
  let connected: RawConnection;
  let nonceCounter = 0;
  const extra: RawGatewayClient[] = [];
  const call = <T = unknown>(method: string, path: string, body?: unknown, headers?: Record<string, string>) => connected.rest<T>(method, path, body, headers);
  const imagine = (overrides: Record<string, unknown> = {}, data: Record<string, unknown> = {}) => ({
    type: 2,
    application_id: IMAGINE.application_id,
    guild_id: env.account.guildId,
    channel_id: env.account.channelId,
    session_id: connected.ready.session_id,
    nonce: `n${(nonceCounter += 1)}`,
    data: { version: IMAGINE.version, id: IMAGINE.id, name: 'imagine', type: 1, options: [{ type: 3, name: 'prompt', value: 'a cat' }], attachments: [], ...data },
    ...overrides,
  });

  before(async () => {
    env = await startWithFakeBot();
    connected = await connectToSimulator(env.sim.info, env.account.userToken);
  });
  beforeEach(() => {
    env.bot.verdict = undefined;
    env.sim.faults.reset();
  });
  after(async () => {
    await Promise.all([connected.client, ...extra].map((client) => client.terminate()));
    await env.sim.close();
  });

  it('accepts JSON, multipart payload_json and form payload_json: 204, then INTERACTION_CREATE before the bot', async () => {
    const json = imagine();
    const multipart = imagine();
    const form = new FormData();
    form.append('payload_json', JSON.stringify(multipart));
    const urlencoded = imagine();
    const answers = [
      await call('POST', '/interactions', json),
      await call('POST', '/interactions', form),
      await call('POST', '/interactions', new URLSearchParams({ payload_json: JSON.stringify(urlencoded) })),
    ];
    assert.deepEqual(answers.map((answer) => [answer.status, answer.text]), [[204, ''], [204, ''], [204, '']]);
    const { client } = connected;
    for (const payload of [json, multipart, urlencoded]) {
      const created = await client.waitForDispatch('INTERACTION_CREATE', (d: { nonce: string }) => d.nonce === payload.nonce);
      const success = await client.waitForDispatch('INTERACTION_SUCCESS', (d: { nonce: string }) => d.nonce === payload.nonce);
      const message = await client.waitForDispatch('MESSAGE_CREATE', (d: { nonce?: string }) => d.nonce === payload.nonce);
      assert.ok((created.s ?? 0) < (success.s ?? 0) && (success.s ?? 0) < (message.s ?? 0), 'CREATE, SUCCESS, message in order');
      assert.equal((created.d as { id: string }).id, (success.d as { id: string }).id);
      const d = message.d as { guild_id: string; member?: unknown; interaction: { id: string }; author: { id: string } };
      assert.equal(d.guild_id, env.account.guildId);
      assert.ok(d.member, 'guild MESSAGE_CREATE carries member');
      assert.equal(d.interaction.id, (created.d as { id: string }).id);
    }
    assert.equal(env.bot.interactions.length >= 3, true);
  });

  it('echoes a numeric nonce as a string, digit for digit', async () => {
    const raw = JSON.stringify(imagine({ nonce: 0 })).replace('"nonce":0', '"nonce":1299999999999999999');
    assert.equal((await call('POST', '/interactions', raw, { 'content-type': 'application/json' })).status, 204);
    const created = await connected.client.waitForDispatch('INTERACTION_CREATE', (d: { nonce: string }) => d.nonce === '1299999999999999999');
    assert.equal(typeof (created.d as { nonce: unknown }).nonce, 'string');
  });

  it('sends INTERACTION_* only to the named session, or to all sessions for an unknown one', async () => {
    const second = await RawGatewayClient.connect({ gatewayUrl: env.sim.info.gatewayUrl, token: env.account.userToken });
    extra.push(second);
    await second.ready();
    const named = imagine();
    await call('POST', '/interactions', named);
    await connected.client.waitForDispatch('INTERACTION_SUCCESS', (d: { nonce: string }) => d.nonce === named.nonce);
    await second.waitForDispatch('MESSAGE_CREATE', (d: { nonce?: string }) => d.nonce === named.nonce);
    assert.equal(second.dispatches.some((p) => p.t?.startsWith('INTERACTION') && (p.d as { nonce: string }).nonce === named.nonce), false);
    const unknown = imagine({ session_id: 'f1a313a09ce079ce252459dc70231f30' });
    await call('POST', '/interactions', unknown);
    await second.waitForDispatch('INTERACTION_CREATE', (d: { nonce: string }) => d.nonce === unknown.nonce);
    await connected.client.waitForDispatch('INTERACTION_CREATE', (d: { nonce: string }) => d.nonce === unknown.nonce);
  });

  it('refuses unknown applications, commands, channels and uploads, and an option longer than 6000 characters', async () => {
    const unknownApp = await call<{ code: number }>('POST', '/interactions', imagine({ application_id: '1000000000000000001' }));
    assert.equal(unknownApp.status, 404);
    assert.equal(unknownApp.body.code, 10002);
    const unknownCommand = await call<{ code: number }>('POST', '/interactions', imagine({}, { id: '1', name: 'nope' }));
    assert.equal(unknownCommand.status, 400);
    assert.equal(unknownCommand.body.code, 50035);
    assert.equal((await call('POST', '/interactions', imagine({ channel_id: '5' }))).status, 404);
    const badUpload = await call<{ code: number }>('POST', '/interactions', imagine({}, { attachments: [{ id: '0', filename: 'a.png', uploaded_filename: 'nope/a.png' }] }));
    assert.equal(badUpload.status, 400);
    assert.equal(badUpload.body.code, 50035);
    const prompt = (length: number) => ({ options: [{ type: 3, name: 'prompt', value: 'x'.repeat(length) }] });
    const tooLong = await call<{ code: number; errors: unknown }>('POST', '/interactions', imagine({}, prompt(6001)));
    assert.deepEqual([tooLong.status, tooLong.body.code], [400, 50035]);
    assert.deepEqual(tooLong.body.errors, { data: { options: { 0: { value: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 6000 or fewer in length.' }] } } } } });
    assert.equal((await call('POST', '/interactions', imagine({}, prompt(6000)))).status, 204);
    assert.equal((await call('POST', '/interactions', 'not json', { 'content-type': 'application/json' })).status, 400);
    assert.equal((await call('POST', '/interactions', imagine({ type: 4 }))).status, 400);
  });

  it('accepts any command version by default', async () => {
    assert.equal((await call('POST', '/interactions', imagine({}, { version: '1166847114203123795' }))).status, 204);
  });

  it('checks component interactions: the message must exist there and be the bot\'s', async () => {
    const { client } = connected;
    const own = await call<{ id: string }>('POST', `/channels/${env.account.channelId}/messages`, { content: 'mine' });
    const slash = imagine();
    await call('POST', '/interactions', slash);
    const botMessage = await client.waitForDispatch('MESSAGE_CREATE', (d: { nonce?: string }) => d.nonce === slash.nonce);
    const click = (messageId: string) => imagine({ type: 3, message_id: messageId, message_flags: 0 }, { component_type: 2, custom_id: 'MJ::JOB::upsample::1::abc' });
    const accepted = click((botMessage.d as { id: string }).id);
    assert.equal((await call('POST', '/interactions', accepted)).status, 204);
    assert.equal(env.bot.interactions.at(-1)?.message?.id, (botMessage.d as { id: string }).id);
    const missing = await call<{ code: number }>('POST', '/interactions', click('1'));
    assert.deepEqual([missing.status, missing.body.code], [404, 10008]);
    const notBots = await call<{ code: number }>('POST', '/interactions', click(own.body.id));
    assert.deepEqual([notBots.status, notBots.body.code], [400, 50035]);
  });

  it('passes the bot\'s refusal through as the HTTP answer', async () => {
    env.bot.verdict = () => ({ ok: false, status: 400, code: 50035, message: 'Invalid Form Body', errors: { data: { _errors: [{ code: 'X', message: 'x' }] } } });
    const refused = await call<{ code: number; errors: unknown }>('POST', '/interactions', imagine());
    assert.equal(refused.status, 400);
    assert.deepEqual(refused.body.errors, { data: { _errors: [{ code: 'X', message: 'x' }] } });
  });

  it('answers 429 (Retry-After, retry_after, scope) and 5xx on demand, then accepts again', async () => {
    env.sim.faults.rateLimitInteractions(1, { retryAfterSeconds: 2.5, scope: 'user' });
    env.sim.faults.failInteractions(1, 502);
    const limited = await call<{ retry_after: number; global: boolean; message: string }>('POST', '/interactions', imagine());
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('retry-after'), '3');
    assert.equal(limited.headers.get('x-ratelimit-scope'), 'user');
    assert.equal(limited.headers.get('x-ratelimit-remaining'), '0');
    assert.deepEqual(limited.body, { message: 'You are being rate limited.', retry_after: 2.5, global: false });
    assert.equal((await call('POST', '/interactions', imagine())).status, 502);
    assert.equal((await call('POST', '/interactions', imagine())).status, 204);
  });

  it('answers 502 or drops the connection after processing on demand: the interaction still went through', async () => {
    const { client } = connected;
    env.sim.faults.failInteractions(1, 502, { processed: true });
    const failed = imagine();
    assert.equal((await call('POST', '/interactions', failed)).status, 502);
    await client.waitForDispatch('INTERACTION_CREATE', (d: { nonce: string }) => d.nonce === failed.nonce);
    await client.waitForDispatch('MESSAGE_CREATE', (d: { nonce?: string }) => d.nonce === failed.nonce);

    env.sim.faults.resetInteractions(1, { processed: true });
    const reset = imagine();
    await assert.rejects(call('POST', '/interactions', reset));
    await client.waitForDispatch('MESSAGE_CREATE', (d: { nonce?: string }) => d.nonce === reset.nonce);
    assert.deepEqual(env.sim.ledger.snapshot().interactions.filter((i) => [failed.nonce, reset.nonce].includes(i.nonce)).length, 2);

    env.sim.faults.resetInteractions(1);
    const lost = imagine();
    const before = env.bot.interactions.length;
    await assert.rejects(call('POST', '/interactions', lost));
    assert.equal(env.bot.interactions.length, before, 'a reset before processing reaches no bot');
  });
});

describe('simulated POST /interactions with strict command versions', () => {
  it('answers 400 50035 INTERACTION_APPLICATION_COMMAND_INVALID_VERSION for an old version', async () => {
    const env = await startWithFakeBot({ strictCommandVersions: true });
    try {
      const { account } = env;
      const { rest, client } = await connectToSimulator(env.sim.info, account.userToken);
      const body = (version: string) => ({
        type: 2, application_id: IMAGINE.application_id, guild_id: account.guildId, channel_id: account.channelId, session_id: 's', nonce: version.slice(-6),
        data: { version, id: IMAGINE.id, name: 'imagine', type: 1, options: [], attachments: [] },
      });
      const stale = await rest<{ code: number; errors: { data: { _errors: { code: string }[] } } }>('POST', '/interactions', body('1166847114203123795'));
      assert.equal(stale.status, 400);
      assert.equal(stale.body.code, 50035);
      assert.equal(stale.body.errors.data._errors[0]?.code, 'INTERACTION_APPLICATION_COMMAND_INVALID_VERSION');
      assert.equal((await rest('POST', '/interactions', body(IMAGINE.version))).status, 204);
      await client.terminate();
    } finally {
      await env.sim.close();
    }
  });
});
