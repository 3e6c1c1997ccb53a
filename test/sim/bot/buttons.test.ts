import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { MessageType, type Message } from '../../../src/discord/protocol/index.js';
import type { MidjourneyBotHandle } from '../../../src/sim/bot/index.js';
import { ALICE, type FakeWorld } from './fake-world.js';
import { clickAndAnswer, customIds, finalOf, freshMidjourneyWorldEachTest, imagine, jobOfWaiting } from './flows.js';

const U = ALICE.userId;

describe('simulated Midjourney buttons', () => {
  let world: FakeWorld;
  let bot: MidjourneyBotHandle;
  freshMidjourneyWorldEachTest((fresh) => ({ world, bot } = fresh));

  const dominant = async (bytes: Buffer) => (await sharp(bytes).stats()).dominant;
  const imageOf = (message: Message) => world.fileAt(message.attachments[0]?.url ?? '').bytes;

  async function upsample(grid: Message, gridId: string, index: number): Promise<Message> {
    const { verdict } = world.click(bot, grid, `MJ::JOB::upsample::${index}::${gridId}`);
    assert.deepEqual(verdict, { ok: true });
    return world.created((m) => m.message_reference?.message_id === grid.id && m.content.includes(`Image #${index}`), `U${index}`);
  }

  /** Runs a button job: W (reply with the click's nonce) → final; returns both and the new job id. */
  async function buttonJob(source: Message, customId: string) {
    const { answer: waiting } = await clickAndAnswer(world, bot, source, customId);
    const jobId = await jobOfWaiting(world, waiting.id);
    return { waiting, jobId, final: await finalOf(world, jobId) };
  }

  it('U2 answers with a reply "Image #2" right away: no W, new job id, the quadrant at twice its size', async () => {
    const { final: grid, jobId } = await imagine(world, bot, 'a cat');
    const before = world.events.length;
    const u2 = await upsample(grid, jobId, 2);
    assert.deepEqual(world.events.slice(before).map((e) => e.kind), ['success', 'create']);
    assert.equal(u2.type, MessageType.Reply);
    assert.equal(u2.content, `**a cat** - Image #2 <@${U}>`);
    assert.equal(u2.nonce, undefined);
    assert.equal(u2.referenced_message?.id, grid.id);
    const soloId = /_([0-9a-f-]{36})\.png$/.exec(u2.attachments[0]?.filename ?? '')?.[1] ?? '';
    assert.notEqual(soloId, jobId);
    assert.ok(customIds(u2).includes(`MJ::JOB::upsample_v7_2x_subtle::1::${soloId}::SOLO`));
    assert.ok(customIds(u2).includes(`MJ::Inpaint::1::${soloId}::SOLO`));
    assert.ok(customIds(u2).includes(`MJ::CustomZoom::${soloId}`));
    assert.ok(!customIds(u2).some((id) => id.startsWith('MJ::Outpaint::100')), 'no Make Square on a square image');

    const gridBytes = imageOf(grid);
    const topRight = await sharp(gridBytes).extract({ left: 256, top: 0, width: 256, height: 256 }).toBuffer();
    assert.deepEqual(await dominant(imageOf(u2)), await dominant(topRight));
    const u3 = await upsample(grid, jobId, 3);
    assert.notDeepEqual(await dominant(imageOf(u3)), await dominant(imageOf(u2)));
    assert.equal((await sharp(imageOf(u2)).metadata()).width, 512);
  });

  it('V1 makes "Variations (Strong)" by default and "(Subtle)" with low variability', async () => {
    const { final: grid, jobId } = await imagine(world, bot, 'a cat');
    const strong = await buttonJob(grid, `MJ::JOB::variation::1::${jobId}`);
    assert.equal(strong.waiting.type, MessageType.Reply);
    assert.equal(strong.waiting.content, `**a cat** - Variations (Strong) by <@${U}> (Waiting to start)`);
    assert.match(world.updatesOf(strong.waiting.id)[2]?.content ?? '', /^\*\*a cat\*\* - Variations \(Strong\) by <@\d+> \(31%\) \(fast\)$/);
    assert.equal(strong.final.content, `**a cat** - Variations (Strong) by <@${U}> (fast)`);
    assert.equal(strong.final.type, MessageType.Reply);
    assert.equal(strong.final.message_reference?.message_id, grid.id);
    assert.equal(customIds(strong.final).length, 9);

    bot.setAccountState(U, { highVariability: false });
    const subtle = await buttonJob(grid, `MJ::JOB::variation::2::${jobId}`);
    assert.equal(subtle.final.content, `**a cat** - Variations (Subtle) by <@${U}> (fast)`);
  });

  it('🔄 rerolls with the same wording as the grid it came from', async () => {
    const { final: grid, jobId } = await imagine(world, bot, 'a cat --ar 3:2');
    const reroll = await buttonJob(grid, `MJ::JOB::reroll::0::${jobId}::SOLO`);
    assert.equal(reroll.waiting.content, `**a cat --ar 3:2** - <@${U}> (Waiting to start)`);
    assert.equal(reroll.final.content, `**a cat --ar 3:2** - <@${U}> (fast)`);
    assert.notEqual(reroll.jobId, jobId);
  });

  it('runs the solo buttons of an upscale: upscale, vary, zoom, pan, make square, animate, bookmark', async () => {
    const { final: grid, jobId } = await imagine(world, bot, 'a cat --ar 2:1');
    const u1 = await upsample(grid, jobId, 1);
    const soloId = /_([0-9a-f-]{36})\.png$/.exec(u1.attachments[0]?.filename ?? '')?.[1] ?? '';

    const upscale = await buttonJob(u1, `MJ::JOB::upsample_v7_2x_subtle::1::${soloId}::SOLO`);
    assert.match(world.updatesOf(upscale.waiting.id)[0]?.content ?? '', /^\*\*a cat --ar 2:1\*\* - Upscaling by <@\d+> \(0%\) \(fast\)$/);
    assert.equal(upscale.final.content, `**a cat --ar 2:1** - Upscaled (Subtle) by <@${U}> (fast)`);
    assert.equal((await sharp(imageOf(upscale.final)).metadata()).width, 2 * (u1.attachments[0]?.width ?? 0));
    assert.ok(!customIds(upscale.final).some((id) => id.includes('upsample_')), 'no upscale buttons under an upscale');

    const labels: [string, string][] = [
      [`MJ::JOB::low_variation::1::${soloId}::SOLO`, 'Variations (Subtle) by'],
      [`MJ::Outpaint::50::1::${soloId}::SOLO`, 'Zoom Out by'],
      [`MJ::Outpaint::100::1::${soloId}::SOLO`, 'Zoom Out by'],
      [`MJ::JOB::pan_left::1::${soloId}::SOLO`, 'Pan Left by'],
    ];
    bot.setOptions({ maxConcurrentJobs: 5 });
    const [video, ...jobs] = await Promise.all([
      buttonJob(u1, `MJ::JOB::animate_high::1::${soloId}::SOLO`),
      ...labels.map(([customId]) => buttonJob(u1, customId)),
    ]);
    labels.forEach(([customId, label], i) => {
      assert.equal(jobs[i]?.final.content, `**a cat --ar 2:1** - ${label} <@${U}> (fast)`, customId);
      assert.equal(customIds(jobs[i]?.final ?? u1)[0], `MJ::JOB::upsample::1::${jobs[i]?.jobId}`);
    });

    assert.ok(video);
    assert.equal(video.final.attachments[0]?.filename, `${video.jobId}_0.mp4`);
    assert.equal(video.final.attachments[0]?.content_type, 'video/mp4');
    assert.equal(video.final.content, `**a cat --ar 2:1 --motion high --video 1** - <@${U}> (fast)`);
    assert.deepEqual(customIds(video.final), [
      `MJ::JOB::animate_high_extend::1::${video.jobId}`,
      `MJ::JOB::animate_low_extend::1::${video.jobId}`,
      `MJ::JOB::video_virtual_upscale::1::${video.jobId}`,
      `MJ::BOOKMARK::${video.jobId}`,
    ]);

    const before = world.events.length;
    assert.deepEqual(world.click(bot, u1, `MJ::BOOKMARK::${soloId}`).verdict, { ok: true });
    await world.waitFor((e) => e.kind === 'success' && world.events.indexOf(e) >= before, 'bookmark ack');
    assert.deepEqual(world.events.slice(before).map((e) => e.kind), ['success']);
  });

  it('validates custom_ids against the clicked message', async () => {
    const { final: grid, jobId } = await imagine(world, bot, 'a cat');
    const other = await imagine(world, bot, 'a dog');
    const verdict = (message: Message, customId: string) => world.click(bot, message, customId).verdict;

    const notOnMessage = verdict(grid, 'MJ::Nonsense::1');
    assert.ok(!notOnMessage.ok && notOnMessage.status === 400 && notOnMessage.code === 50035);
    const unknownJob = verdict(grid, `MJ::JOB::upsample::1::${randomUUID()}`);
    assert.ok(!unknownJob.ok && unknownJob.status === 404);
    const otherJob = verdict(grid, `MJ::JOB::upsample::1::${other.jobId}`);
    assert.ok(!otherJob.ok && otherJob.status === 400, 'a known job that this message does not show');
    const soloOnGrid = verdict(grid, `MJ::JOB::pan_left::1::${jobId}::SOLO`);
    assert.ok(!soloOnGrid.ok && soloOnGrid.status === 400, 'solo buttons do not apply to a grid');

    const u1 = await upsample(grid, jobId, 1);
    const soloId = /_([0-9a-f-]{36})\.png$/.exec(u1.attachments[0]?.filename ?? '')?.[1] ?? '';
    // Proxies build upscale ids for another model version; the canonical pattern is enough.
    assert.deepEqual(verdict(u1, `MJ::JOB::upsample_v6_2x_creative::1::${soloId}::SOLO`), { ok: true });
  });
});
