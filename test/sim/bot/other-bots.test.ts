import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { NIJI_APPLICATION_ID } from '../../../src/discord/protocol/index.js';
import { createInsightFaceBot, createMidjourneyBot } from '../../../src/sim/bot/index.js';
import { ALICE, type FakeWorld } from './fake-world.js';
import { customIds, finalOf, freshWorldEachTest, imagine, jobOfWaiting } from './flows.js';

const U = ALICE.userId;
const solid = (r: number, g: number, b: number, width = 64, height = 64) =>
  sharp({ create: { width, height, channels: 3, background: { r, g, b } } }).png().toBuffer();

describe('simulated /blend, niji・journey and InsightFaceSwap', () => {
  let world: FakeWorld;
  freshWorldEachTest((fresh) => (world = fresh));

  it('/blend echoes s.mj.run links and the dimensions, interaction name "blend"', async () => {
    const bot = world.register(createMidjourneyBot(world));
    const a = world.upload(await solid(255, 0, 0), 'a.png');
    const b = world.upload(await solid(0, 0, 255), 'b.png');
    const { interaction, verdict } = world.command(bot, 'blend', [
      { type: 11, name: 'image1', value: 0 },
      { type: 11, name: 'image2', value: 1 },
      { type: 3, name: 'dimensions', value: '--ar 2:3' },
    ], { attachments: [{ id: '0', filename: 'a.png', uploaded_filename: a }, { id: '1', filename: 'b.png', uploaded_filename: b }] });
    assert.deepEqual(verdict, { ok: true });
    const waiting = await world.created((m) => m.nonce === interaction.request.nonce, 'blend W');
    assert.match(waiting.content, /^\*\*<https:\/\/s\.mj\.run\/\w{11}> <https:\/\/s\.mj\.run\/\w{11}> --ar 2:3\*\* - <@\d+> \(Waiting to start\)$/);
    assert.equal(waiting.interaction?.name, 'blend');
    const final = await finalOf(world, await jobOfWaiting(world, waiting.id));
    assert.ok((final.attachments[0]?.height ?? 0) > (final.attachments[0]?.width ?? 0));

    const missing = world.command(bot, 'blend', [{ type: 11, name: 'image1', value: 0 }, { type: 11, name: 'image2', value: 5 }], {
      attachments: [{ id: '0', filename: 'a.png', uploaded_filename: a }],
    });
    assert.equal(missing.verdict.ok, false, 'an image option without its upload is a form error');
  });

  it('niji・journey is its own bot: app id, name, command ids, niji upscale buttons', async () => {
    const niji = world.register(createMidjourneyBot(world, { flavour: 'niji' }));
    assert.equal(niji.applicationId, NIJI_APPLICATION_ID);
    assert.equal(niji.user.username, 'niji・journey Bot');
    assert.equal(niji.commands.find((c) => c.name === 'imagine')?.id, '1023054140580057099');
    assert.equal(niji.commands.every((c) => c.application_id === NIJI_APPLICATION_ID), true);
    const { final, jobId } = await imagine(world, niji, 'a girl --niji 6');
    assert.equal(final.author.id, NIJI_APPLICATION_ID);
    world.click(niji, final, `MJ::JOB::upsample::1::${jobId}`);
    const u1 = await world.created((m) => m.content.includes('Image #1'), 'niji U1');
    assert.ok(customIds(u1).some((id) => id.startsWith('MJ::JOB::upsample_v6_2x_subtle::1::')));
  });

  it('InsightFaceSwap saves a face with /saveid and pastes it with /swapid', async () => {
    const insight = world.register(createInsightFaceBot(world));
    assert.deepEqual(insight.commands.map((c) => [c.name, c.id]), [['saveid', '1097018209481261127'], ['swapid', '1097030226204184646']]);
    const face = world.upload(await solid(255, 255, 0, 32, 32), 'face.png');
    const target = world.upload(await solid(0, 0, 0, 300, 300), 'target.png');
    const attach = (name: string, uploaded: string) => [{ id: '0', filename: name, uploaded_filename: uploaded }];
    const options = (idname: string) => [{ type: 3, name: 'idname', value: idname }, { type: 11, name: 'image', value: 0 }];

    const save = world.command(insight, 'saveid', options('mnls'), { attachments: attach('face.png', face) });
    const saved = await world.created((m) => m.nonce === save.interaction.request.nonce, 'saveid');
    assert.equal(saved.content, 'idname mnls created');

    const unknown = world.command(insight, 'swapid', options('other'), { attachments: attach('target.png', target) });
    const thinking = await world.created((m) => m.nonce === unknown.interaction.request.nonce, 'swapid unknown');
    const notFound = await world.waitFor((e) => e.kind === 'update' && e.message.id === thinking.id, 'not found');
    assert.ok(notFound.kind === 'update' && notFound.message.content.includes('not found'));

    const swap = world.command(insight, 'swapid', options('mnls'), { attachments: attach('target.png', target) });
    const deferred = await world.created((m) => m.nonce === swap.interaction.request.nonce, 'swapid');
    assert.equal(deferred.flags & 128, 128);
    const done = await world.waitFor((e) => e.kind === 'update' && e.message.id === deferred.id, 'swap result');
    assert.ok(done.kind === 'update');
    assert.equal(done.message.content, `<@${U}>`);
    const result = world.fileAt(done.message.attachments[0]?.url ?? '').bytes;
    const { data } = await sharp(result).extract({ left: 150, top: 100, width: 1, height: 1 }).raw().toBuffer({ resolveWithObject: true });
    assert.deepEqual([...data].slice(0, 3), [255, 255, 0], 'the face is pasted over the upper centre');
    const { data: corner } = await sharp(result).extract({ left: 5, top: 290, width: 1, height: 1 }).raw().toBuffer({ resolveWithObject: true });
    assert.deepEqual([...corner].slice(0, 3), [0, 0, 0]);
  });
});
