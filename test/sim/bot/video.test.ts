import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MessageType, type Message } from '../../../src/discord/protocol/index.js';
import type { ModalSpec } from '../../../src/sim/contracts.js';
import type { MidjourneyBotHandle } from '../../../src/sim/bot/index.js';
import { ALICE, type FakeWorld } from './fake-world.js';
import { clickAndAnswer, customIds, finalOf, freshMidjourneyWorldEachTest, imagine, jobOfWaiting } from './flows.js';

const U = ALICE.userId;

describe('simulated Midjourney videos: animate, extend, upscale, Animate modal', () => {
  let world: FakeWorld;
  let bot: MidjourneyBotHandle;
  freshMidjourneyWorldEachTest((fresh) => ({ world, bot } = fresh));

  /** /imagine, then U1: the single image and its job id. */
  async function singleImage(prompt: string): Promise<{ image: Message; imageId: string }> {
    const { final: grid, jobId } = await imagine(world, bot, prompt);
    assert.deepEqual(world.click(bot, grid, `MJ::JOB::upsample::1::${jobId}`).verdict, { ok: true });
    const image = await world.created((m) => m.message_reference?.message_id === grid.id && m.content.includes('Image #1'), 'U1');
    const imageId = /_([0-9a-f-]{36})\.png$/.exec(image.attachments[0]?.filename ?? '')?.[1] ?? '';
    return { image, imageId };
  }

  /** A button job: W (reply carrying the click's nonce) → progress → final. */
  async function buttonJob(source: Message, customId: string) {
    const { answer: waiting } = await clickAndAnswer(world, bot, source, customId);
    const jobId = await jobOfWaiting(world, waiting.id);
    return { waiting, jobId, final: await finalOf(world, jobId) };
  }

  const videoButtons = (jobId: string) => [
    `MJ::JOB::animate_high_extend::1::${jobId}`,
    `MJ::JOB::animate_low_extend::1::${jobId}`,
    `MJ::JOB::video_virtual_upscale::1::${jobId}`,
    `MJ::BOOKMARK::${jobId}`,
  ];

  it('Extend (Low motion) of a video is a new video job with the motion swapped, answering the video', async () => {
    const { image, imageId } = await singleImage('a cat --ar 2:1');
    const video = await buttonJob(image, `MJ::JOB::animate_high::1::${imageId}::SOLO`);
    assert.deepEqual(customIds(video.final), videoButtons(video.jobId));

    const extended = await buttonJob(video.final, `MJ::JOB::animate_low_extend::1::${video.jobId}`);
    assert.notEqual(extended.jobId, video.jobId);
    assert.equal(extended.waiting.type, MessageType.Reply);
    assert.equal(extended.waiting.message_reference?.message_id, video.final.id);
    assert.equal(extended.waiting.content, `**a cat --ar 2:1 --motion low --video 1** - <@${U}> (Waiting to start)`);
    assert.equal(world.updatesOf(extended.waiting.id)[0]?.attachments[0]?.filename, `${extended.jobId}_grid_0.webp`);
    assert.ok(world.events.some((e) => e.kind === 'delete' && e.messageId === extended.waiting.id), 'W is deleted');

    const { final } = extended;
    assert.equal(final.content, `**a cat --ar 2:1 --motion low --video 1** - <@${U}> (fast)`);
    assert.equal(final.type, MessageType.Reply);
    assert.equal(final.nonce, undefined);
    assert.equal(final.attachments.length, 1);
    assert.equal(final.attachments[0]?.filename, `${extended.jobId}_0.mp4`);
    assert.equal(final.attachments[0]?.content_type, 'video/mp4');
    assert.equal(final.attachments[0]?.width, video.final.attachments[0]?.width);
    assert.deepEqual(customIds(final), videoButtons(extended.jobId));
    assert.equal(bot.getJob(extended.jobId)?.kind, 'video');
  });

  it('a --video imagine result carries the video buttons too, and extends keep its links', async () => {
    const { final, jobId } = await imagine(world, bot, 'https://example.com/start.png waves --video 1 --motion low');
    assert.deepEqual(customIds(final), videoButtons(jobId));
    const extended = await buttonJob(final, `MJ::JOB::animate_high_extend::1::${jobId}`);
    assert.match(extended.final.content, /^\*\*<https:\/\/s\.mj\.run\/\w+> waves --motion high --video 1\*\* - <@\d+> \(fast\)$/);
  });

  it('video_virtual_upscale makes one mp4 at twice the size, "Upscaled by", without another Upscale', async () => {
    const { image, imageId } = await singleImage('a cat');
    const video = await buttonJob(image, `MJ::JOB::animate_low::1::${imageId}::SOLO`);
    const upscaled = await buttonJob(video.final, `MJ::JOB::video_virtual_upscale::1::${video.jobId}`);
    const prompt = '**a cat --motion low --video 1**';
    assert.equal(upscaled.waiting.content, `${prompt} - Upscaling by <@${U}> (Waiting to start)`);
    assert.match(world.updatesOf(upscaled.waiting.id)[1]?.content ?? '', /^\*\*a cat --motion low --video 1\*\* - Upscaling by <@\d+> \(15%\) \(fast\)$/);
    assert.equal(upscaled.final.content, `${prompt} - Upscaled by <@${U}> (fast)`);
    assert.equal(upscaled.final.message_reference?.message_id, video.final.id);
    assert.equal(upscaled.final.attachments.length, 1);
    assert.equal(upscaled.final.attachments[0]?.filename, `${upscaled.jobId}_0.mp4`);
    assert.equal(upscaled.final.attachments[0]?.content_type, 'video/mp4');
    assert.equal(upscaled.final.attachments[0]?.width, 2 * (video.final.attachments[0]?.width ?? 0));
    assert.equal(bot.getJob(upscaled.jobId)?.kind, 'video-upscale');
    assert.deepEqual(customIds(upscaled.final), [
      `MJ::JOB::animate_high_extend::1::${upscaled.jobId}`,
      `MJ::JOB::animate_low_extend::1::${upscaled.jobId}`,
      `MJ::BOOKMARK::${upscaled.jobId}`,
    ]);

    const again = world.click(bot, upscaled.final, `MJ::JOB::video_virtual_upscale::1::${upscaled.jobId}`).verdict;
    assert.ok(!again.ok && again.status === 400, 'an upscaled clip is not upscaled again');
    const extended = await buttonJob(upscaled.final, `MJ::JOB::animate_high_extend::1::${upscaled.jobId}`);
    assert.equal(extended.final.attachments[0]?.width, upscaled.final.attachments[0]?.width);
  });

  it('accepts canonical video ids only on the kind of job they apply to', async () => {
    const { image, imageId } = await singleImage('a cat');
    const video = await buttonJob(image, `MJ::JOB::animate_high::1::${imageId}::SOLO`);
    const verdict = (message: Message, customId: string) => world.click(bot, message, customId).verdict;

    // Proxies build ids by index; a video message takes any index for its one clip.
    assert.deepEqual(verdict(video.final, `MJ::JOB::video_virtual_upscale::2::${video.jobId}`), { ok: true });
    assert.deepEqual(verdict(video.final, `MJ::JOB::animate_low_extend::3::${video.jobId}`), { ok: true });
    const extendImage = verdict(image, `MJ::JOB::animate_high_extend::1::${imageId}`);
    assert.ok(!extendImage.ok && extendImage.status === 400, 'an image is animated, not extended');
    const upscaleImage = verdict(image, `MJ::JOB::video_virtual_upscale::1::${imageId}`);
    assert.ok(!upscaleImage.ok && upscaleImage.status === 400);
    const animateVideo = verdict(video.final, `MJ::JOB::animate_high::1::${video.jobId}::SOLO`);
    assert.ok(!animateVideo.ok && animateVideo.status === 400, 'a video is extended, not animated');
    const soloExtend = verdict(video.final, `MJ::JOB::animate_high_extend::1::${video.jobId}::SOLO`);
    assert.ok(!soloExtend.ok && soloExtend.status === 400, 'extend ids have no ::SOLO');
  });

  describe('with Remix on', () => {
    async function openModal(source: Message, customId: string): Promise<{ interactionId: string; modal: ModalSpec }> {
      const { interaction, verdict } = world.click(bot, source, customId);
      assert.deepEqual(verdict, { ok: true });
      const event = await world.waitFor((e) => e.kind === 'modal' && e.interactionId === interaction.id, 'modal');
      if (event.kind !== 'modal') throw new Error('unreachable');
      return event;
    }

    const inputOf = (modal: ModalSpec) => {
      const input = modal.components[0]?.components[0];
      return input && 'value' in input ? { id: input.custom_id, value: input.value } : undefined;
    };

    async function submitted(openedBy: string, customId: string, value: string) {
      const { interaction, verdict } = world.submitModal(bot, openedBy, customId, 'MJ::AnimateModal::prompt', value);
      assert.deepEqual(verdict, { ok: true });
      const waiting = await world.created((m) => m.nonce === interaction.request.nonce, 'animate W');
      const jobId = await jobOfWaiting(world, waiting.id);
      return { waiting, jobId, final: await finalOf(world, jobId) };
    }

    it('Animate opens the AnimateModal; its submit runs the video with the submitted prompt', async () => {
      const { image, imageId } = await singleImage('a cat --ar 2:1');
      bot.setAccountState(U, { remix: true });
      const before = world.events.length;
      const { interactionId, modal } = await openModal(image, `MJ::JOB::animate_high::1::${imageId}::SOLO`);
      assert.equal(modal.customId, `MJ::AnimateModal::${imageId}::1::high::0`);
      assert.deepEqual(inputOf(modal), { id: 'MJ::AnimateModal::prompt', value: 'a cat --ar 2:1' });
      assert.ok(!world.events.slice(before).some((e) => e.kind === 'create'), 'no job before the submit');

      const video = await submitted(interactionId, modal.customId, 'a cat jumping --ar 2:1 --motion low');
      assert.equal(video.waiting.type, MessageType.Reply);
      assert.equal(video.waiting.message_reference?.message_id, image.id);
      assert.equal(video.waiting.content, `**a cat jumping --ar 2:1 --motion high --video 1** - <@${U}> (Waiting to start)`);
      assert.equal(video.final.content, `**a cat jumping --ar 2:1 --motion high --video 1** - <@${U}> (fast)`);
      assert.equal(video.final.attachments[0]?.filename, `${video.jobId}_0.mp4`);
      assert.deepEqual(customIds(video.final), videoButtons(video.jobId));

      const twice = world.submitModal(bot, interactionId, modal.customId, 'MJ::AnimateModal::prompt', 'again');
      assert.equal(twice.verdict.ok, false, 'a modal is submitted once');
    });

    it('Extend opens the AnimateModal with the extend flag; other kinds or jobs are refused', async () => {
      const { image, imageId } = await singleImage('a cat');
      const video = await buttonJob(image, `MJ::JOB::animate_high::1::${imageId}::SOLO`);
      bot.setAccountState(U, { remix: true });
      const { interactionId, modal } = await openModal(video.final, `MJ::JOB::animate_low_extend::1::${video.jobId}`);
      assert.equal(modal.customId, `MJ::AnimateModal::${video.jobId}::1::low::1`);
      assert.deepEqual(inputOf(modal), { id: 'MJ::AnimateModal::prompt', value: 'a cat' });

      assert.equal(world.submitModal(bot, interactionId, `MJ::RemixModal::${video.jobId}::1::1`, 'x', 'y').verdict.ok, false);
      assert.equal(world.submitModal(bot, interactionId, `MJ::AnimateModal::${imageId}::1::low::1`, 'x', 'y').verdict.ok, false);
      const extended = await submitted(interactionId, modal.customId, 'the cat walks away');
      assert.equal(extended.final.content, `**the cat walks away --motion low --video 1** - <@${U}> (fast)`);
      assert.equal(extended.final.message_reference?.message_id, video.final.id);
    });

    it('video_virtual_upscale opens no modal', async () => {
      const { image, imageId } = await singleImage('a cat');
      const video = await buttonJob(image, `MJ::JOB::animate_high::1::${imageId}::SOLO`);
      bot.setAccountState(U, { remix: true });
      const upscaled = await buttonJob(video.final, `MJ::JOB::video_virtual_upscale::1::${video.jobId}`);
      assert.match(upscaled.final.content, / - Upscaled by <@\d+> \(fast\)$/);
    });
  });
});
