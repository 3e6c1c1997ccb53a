/** The bots behind the real simulated Discord: gateway dispatches and REST, over loopback sockets. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { MIDJOURNEY_APPLICATION_ID, type ApplicationCommandIndex, type Message } from '../../../src/discord/protocol/index.js';
import { startSimulator, type Simulator } from '../../../src/sim/index.js';
import { connectToSimulator, type RawConnection } from '../raw-client.js';

describe('simulated Midjourney over sockets', () => {
  let sim: Simulator;
  let connected: RawConnection;
  let nonce = 0;
  const account = () => sim.info.accounts[0] ?? assert.fail('no account');

  before(async () => {
    sim = await startSimulator({ jobSeconds: 0.2 });
    connected = await connectToSimulator(sim.info, account().userToken, { compress: true });
  });
  after(async () => {
    await connected.client.terminate();
    await sim.close();
  });

  const messageEvent = (t: string, match: (m: Message) => boolean) =>
    connected.client.waitForDispatch<Message>(t, match, { timeoutMs: 10_000 }).then((p) => p.d as Message);

  it('serves the command index, runs /imagine with the full choreography, then U1 and ✉️', async () => {
    const index = await connected.rest<ApplicationCommandIndex>('GET', `/guilds/${account().guildId}/application-command-index`);
    const imagineCommand = index.body.application_commands.find((c) => c.name === 'imagine' && c.application_id === MIDJOURNEY_APPLICATION_ID);
    assert.equal(imagineCommand?.id, '938956540159881230');

    const requestNonce = `${(nonce += 1)}`;
    const posted = await connected.rest('POST', '/interactions', {
      type: 2, application_id: MIDJOURNEY_APPLICATION_ID, guild_id: account().guildId, channel_id: account().channelId, session_id: connected.ready.session_id, nonce: requestNonce,
      data: { version: imagineCommand?.version, id: imagineCommand?.id, name: 'imagine', type: 1, options: [{ type: 3, name: 'prompt', value: 'a lighthouse --v 7' }], attachments: [] },
    });
    assert.equal(posted.status, 204);
    await connected.client.waitForDispatch<{ nonce: string }>('INTERACTION_SUCCESS', (d) => d.nonce === requestNonce);
    const waiting = await messageEvent('MESSAGE_CREATE', (m) => m.nonce === requestNonce);
    assert.equal(waiting.content, `**a lighthouse --v 7.0** - <@${account().userId}> (Waiting to start)`);
    const progress = await messageEvent('MESSAGE_UPDATE', (m) => m.id === waiting.id && m.attachments.length > 0);
    assert.equal(progress.nonce, undefined);
    const jobId = /^([0-9a-f-]{36})_grid_0\.webp$/.exec(progress.attachments[0]?.filename ?? '')?.[1] ?? assert.fail('no job id');
    await connected.client.waitForDispatch<{ id: string }>('MESSAGE_DELETE', (d) => d.id === waiting.id, { timeoutMs: 10_000 });
    const final = await messageEvent('MESSAGE_CREATE', (m) => m.attachments.some((a) => a.filename.endsWith(`_${jobId}.png`)));
    assert.equal(final.content, `**a lighthouse --v 7.0** - <@${account().userId}> (fast)`);
    const png = await fetch(final.attachments[0]?.url ?? '');
    assert.equal(png.status, 200);
    assert.equal((await sharp(Buffer.from(await png.arrayBuffer())).metadata()).format, 'png');

    const clickNonce = `${(nonce += 1)}`;
    const clicked = await connected.rest('POST', '/interactions', {
      type: 3, application_id: MIDJOURNEY_APPLICATION_ID, guild_id: account().guildId, channel_id: account().channelId, session_id: connected.ready.session_id, nonce: clickNonce,
      message_id: final.id, message_flags: 0, data: { component_type: 2, custom_id: `MJ::JOB::upsample::1::${jobId}` },
    });
    assert.equal(clicked.status, 204);
    const u1 = await messageEvent('MESSAGE_CREATE', (m) => m.message_reference?.message_id === final.id);
    assert.equal(u1.content, `**a lighthouse --v 7.0** - Image #1 <@${account().userId}>`);
    assert.equal(u1.referenced_message?.id, final.id);

    // The simulator's own record: which job each nonce started, and how it ended.
    const ledger = sim.ledger.snapshot();
    const byNonce = (n: string) => ledger.interactions.find((i) => i.nonce === n) ?? assert.fail(`no interaction for ${n}`);
    const grid = ledger.jobs.find((job) => job.interactionId === byNonce(requestNonce).id);
    assert.deepEqual([grid?.id, grid?.status, grid?.finalMessageId], [jobId, 'done', final.id]);
    assert.equal(byNonce(requestNonce).request.prompt, 'a lighthouse --v 7');
    const upscale = ledger.jobs.find((job) => job.interactionId === byNonce(clickNonce).id);
    assert.deepEqual([upscale?.status, upscale?.finalMessageId], ['done', u1.id]);
    assert.deepEqual([byNonce(clickNonce).request.name, byNonce(clickNonce).request.messageId], [`MJ::JOB::upsample::1::${jobId}`, final.id]);
    assert.equal(ledger.peakActive[account().userId], 1);

    const bad = await connected.rest('POST', '/interactions', {
      type: 3, application_id: MIDJOURNEY_APPLICATION_ID, guild_id: account().guildId, channel_id: account().channelId, session_id: connected.ready.session_id, nonce: `${(nonce += 1)}`,
      message_id: final.id, message_flags: 0, data: { component_type: 2, custom_id: 'MJ::JOB::upsample::1::not-a-job' },
    });
    assert.equal(bad.status, 400);

    const reacted = await connected.rest('PUT', `/channels/${account().channelId}/messages/${final.id}/reactions/${encodeURIComponent('✉️')}/@me?location=Message&type=0`);
    assert.equal(reacted.status, 204);
    const dm = await messageEvent('MESSAGE_CREATE', (m) => m.content.includes('**Job ID**'));
    assert.equal(dm.channel_id, account().dmChannelId);
    assert.match(dm.content, new RegExp(`^\\*\\*a lighthouse --v 7\\.0\\*\\*\\n\\*\\*Job ID\\*\\*: ${jobId}\\n\\*\\*seed\\*\\* \\d+$`));
  });
});
