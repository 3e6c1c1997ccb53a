import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MIDJOURNEY_APPLICATION_ID, MessageType } from '../../src/discord/protocol/index.js';
import { connectToSimulator, type RawConnection } from './raw-client.js';
import { startWithFakeBot } from './fake-bot.js';

/** A 2×3 PNG header is enough for the simulator to read the size; the bytes are served back verbatim. */
const PNG = Buffer.concat([
  Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'),
  Buffer.from([0, 0, 0, 2, 0, 0, 0, 3]),
  Buffer.from('test image body'),
]);

describe('simulated uploads, CDN, messages and activity host', () => {
  let env: Awaited<ReturnType<typeof startWithFakeBot>>;
  let connected: RawConnection;
  const call = <T = unknown>(method: string, path: string, body?: unknown) => connected.rest<T>(method, path, body);

  before(async () => {
    env = await startWithFakeBot({ accounts: 2 });
    connected = await connectToSimulator(env.sim.info, env.account.userToken);
  });
  after(async () => {
    await connected.client.terminate();
    await env.sim.close();
  });

  const upload = async (filename: string) => {
    const slot = await call<{ attachments: { id: unknown; upload_url: string; upload_filename: string }[] }>(
      'POST', `/channels/${env.account.channelId}/attachments`, { files: [{ filename, file_size: PNG.length, id: '0', is_clip: false }] });
    assert.equal(slot.status, 200);
    const [attachment] = slot.body.attachments;
    assert.ok(attachment);
    assert.equal(attachment.id, '0');
    assert.ok(attachment.upload_url.startsWith('http://127.0.0.1:'));
    assert.ok(attachment.upload_filename.endsWith(`/${filename}`));
    return attachment;
  };

  it('runs the three-step upload and serves the posted attachment from the CDN', async () => {
    const slot = await upload('image.png');
    const put = await fetch(slot.upload_url, { method: 'PUT', body: PNG, headers: { 'content-type': 'application/octet-stream' } });
    assert.equal(put.status, 200);
    assert.equal(await put.text(), '');

    const sent = await call<{ id: string; nonce: string; author: { id: string }; attachments: { url: string; proxy_url: string; width: number; height: number; content_type: string }[] }>(
      'POST', `/channels/${env.account.channelId}/messages`,
      { content: '', nonce: '777', channel_id: env.account.channelId, type: 0, sticker_ids: [], attachments: [{ id: '0', filename: 'image.png', uploaded_filename: slot.upload_filename }] });
    assert.equal(sent.status, 200);
    assert.equal(sent.body.nonce, '777');
    assert.equal(sent.body.author.id, env.account.userId);
    const [attachment] = sent.body.attachments;
    assert.ok(attachment);
    assert.match(attachment.url, /\/attachments\/\d+\/\d+\/image\.png\?ex=[0-9a-f]{8}&is=[0-9a-f]{8}&hm=[0-9a-f]{64}&$/);
    assert.deepEqual([attachment.width, attachment.height, attachment.content_type], [2, 3, 'image/png']);
    const created = await connected.client.waitForDispatch('MESSAGE_CREATE', (d: { nonce?: string }) => d.nonce === '777');
    assert.equal((created.d as { author: { id: string } }).author.id, env.account.userId);

    for (const url of [attachment.url, attachment.proxy_url]) {
      const image = await fetch(url);
      assert.equal(image.status, 200);
      assert.equal(image.headers.get('content-type'), 'image/png');
      assert.equal(image.headers.get('content-length'), String(PNG.length));
      assert.equal(image.headers.get('access-control-allow-origin'), '*');
      assert.deepEqual(Buffer.from(await image.arrayBuffer()), PNG);
    }
    assert.deepEqual(env.sim.world.readCdnUrl(attachment.url)?.bytes, PNG);
    assert.equal((await fetch(`${env.sim.info.cdnBaseUrl}/attachments/1/2/none.png`)).status, 404);
  });

  it('refuses a message referencing an upload that was never PUT', async () => {
    const slot = await upload('never.png');
    const refused = await call<{ code: number }>('POST', `/channels/${env.account.channelId}/messages`,
      { content: '', attachments: [{ id: '0', filename: 'never.png', uploaded_filename: slot.upload_filename }] });
    assert.deepEqual([refused.status, refused.body.code], [400, 50035]);
    assert.equal((await fetch(`${env.sim.info.cdnBaseUrl}/upload/unknown/x.png`, { method: 'PUT', body: PNG })).status, 404);
  });

  it('lists messages newest first with limit and before, never the ephemeral ones', async () => {
    const channelId = env.account.channelId;
    const first = await call<{ id: string }>('POST', `/channels/${channelId}/messages`, { content: 'older' });
    const secret = env.sim.world.createMessage({
      channelId, authorId: MIDJOURNEY_APPLICATION_ID, type: MessageType.Reply, content: 'only for you', flags: 0, ephemeralTo: env.account.userId,
    });
    assert.equal(secret.flags & 64, 64);
    const second = await call<{ id: string }>('POST', `/channels/${channelId}/messages`, { content: 'newer' });
    await connected.client.waitForDispatch('MESSAGE_CREATE', (d: { id: string }) => d.id === secret.id);

    const listed = await call<{ id: string; content: string; nonce?: string }[]>('GET', `/channels/${channelId}/messages?limit=2`);
    assert.deepEqual(listed.body.map((message) => message.content), ['newer', 'older']);
    assert.ok(listed.body.every((message) => message.nonce === undefined));
    const before = await call<{ id: string }[]>('GET', `/channels/${channelId}/messages?limit=50&before=${second.body.id}`);
    assert.equal(before.body[0]?.id, first.body.id);
    assert.ok(!before.body.some((message) => message.id === secret.id));
  });

  it('shows ephemeral messages only to their user on the gateway', async () => {
    const otherAccount = env.sim.info.accounts[1];
    assert.ok(otherAccount);
    const other = await connectToSimulator(env.sim.info, otherAccount.userToken);
    try {
      const secret = env.sim.world.createMessage({
        channelId: otherAccount.channelId, authorId: MIDJOURNEY_APPLICATION_ID, type: MessageType.Reply, content: 'psst', ephemeralTo: otherAccount.userId,
      });
      env.sim.world.updateMessage(otherAccount.channelId, secret.id, { content: 'psst!' });
      const update = await other.client.waitForDispatch('MESSAGE_UPDATE', (d: { id: string }) => d.id === secret.id);
      assert.equal((update.d as { content: string }).content, 'psst!');
      assert.equal(connected.client.dispatches.some((p) => (p.d as { id?: string }).id === secret.id), false);
    } finally {
      await other.client.terminate();
    }
  });

  it('updates and deletes messages: UPDATE without nonce and with edited_timestamp, DELETE with ids', async () => {
    const { world } = env.sim;
    const message = world.createMessage({ channelId: env.account.channelId, authorId: MIDJOURNEY_APPLICATION_ID, type: 0, content: 'w', nonce: 'upd-1' });
    world.updateMessage(env.account.channelId, message.id, { content: 'w (50%)' });
    const update = await connected.client.waitForDispatch('MESSAGE_UPDATE', (d: { id: string }) => d.id === message.id);
    const d = update.d as { nonce?: string; edited_timestamp: string | null; content: string };
    assert.equal(d.nonce, undefined);
    assert.ok(d.edited_timestamp);
    world.deleteMessage(env.account.channelId, message.id);
    const deleted = await connected.client.waitForDispatch('MESSAGE_DELETE', (data: { id: string }) => data.id === message.id);
    assert.deepEqual(deleted.d, { id: message.id, channel_id: env.account.channelId, guild_id: env.account.guildId });
  });

  it('hands activity submit-job to the bot, authenticated by token', async () => {
    const url = `${env.sim.info.activityBaseUrl}/inpaint/api/submit-job`;
    const body = JSON.stringify({ customId: 'abc', mask: 'AAAA', prompt: 'p', userId: '0', username: '0', full_prompt: null });
    const ok = await fetch(url, { method: 'POST', body, headers: { authorization: env.account.userToken, 'content-type': 'application/json' } });
    assert.equal(ok.status, 200);
    assert.deepEqual(await ok.json(), { success: true });
    assert.equal(env.bot.activity[0]?.customId, 'abc');
    assert.equal((await fetch(url, { method: 'POST', body })).status, 401);
  });
});
