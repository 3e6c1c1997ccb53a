import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMidjourneyBot, type MidjourneyBotHandle } from '../../../src/sim/bot/index.js';
import { ALICE, FakeWorld } from './fake-world.js';
import { clickAndAnswer, customIds, finalOf, freshMidjourneyWorldEachTest, imagine, jobOfWaiting, promptOption } from './flows.js';

const U = ALICE.userId;
const LINK = '[(Open on website for full quality)](<https://midjourney.com/jobs/';

describe('simulated Midjourney content options', () => {
  let world: FakeWorld;
  let bot: MidjourneyBotHandle;
  freshMidjourneyWorldEachTest((fresh) => ({ world, bot } = fresh));

  it('by default finals have no website link and relaxed jobs do not pause', async () => {
    bot.setAccountState(U, { mode: 'relax' });
    const { waiting, final } = await imagine(world, bot, 'a cat');
    assert.equal(final.content, `**a cat** - <@${U}> (relaxed)`);
    assert.equal(world.updatesOf(waiting.id)[0]?.content, `**a cat** - <@${U}> (0%) (relaxed)`);
    assert.ok(!world.events.some((e) => e.kind === 'update' && e.message.content.includes('(paused)')));
  });

  it('openOnWebsite puts the job link before the mode of finals, not on progress or "Image #i"', async () => {
    bot.setOptions({ openOnWebsite: true });
    bot.setAccountState(U, { stealth: true });
    const { waiting, jobId, final } = await imagine(world, bot, 'a cat');
    assert.equal(final.content, `**a cat** - <@${U}> ${LINK}${jobId}>) (fast, stealth)`);
    assert.ok(world.updatesOf(waiting.id).every((update) => !update.content.includes('Open on website')));

    const { answer: variationW } = await clickAndAnswer(world, bot, final, `MJ::JOB::variation::1::${jobId}`);
    const variationId = await jobOfWaiting(world, variationW.id);
    const variation = await finalOf(world, variationId);
    assert.equal(variation.content, `**a cat** - Variations (Strong) by <@${U}> ${LINK}${variationId}>) (fast, stealth)`);

    world.click(bot, final, `MJ::JOB::upsample::2::${jobId}`);
    const u2 = await world.created((m) => m.content.includes('Image #2'), 'U2');
    assert.equal(u2.content, `**a cat** - Image #2 <@${U}>`);
  });

  it('pauseRelaxed: a relaxed job shows "(paused) (relaxed)" before its first progress; fast jobs do not', async () => {
    bot.setOptions({ pauseRelaxed: true });
    const fast = await imagine(world, bot, 'a fast cat');
    assert.equal(world.updatesOf(fast.waiting.id)[0]?.content, `**a fast cat** - <@${U}> (0%) (fast)`);

    bot.setAccountState(U, { mode: 'relax' });
    const { waiting, final } = await imagine(world, bot, 'a slow cat');
    assert.equal(waiting.content, `**a slow cat** - <@${U}> (Waiting to start)`);
    const [paused, first] = world.updatesOf(waiting.id);
    assert.equal(paused?.content, `**a slow cat** - <@${U}> (paused) (relaxed)`);
    assert.deepEqual(paused?.attachments, [], 'nothing drawn yet while paused');
    assert.equal(first?.content, `**a slow cat** - <@${U}> (0%) (relaxed)`);
    assert.equal(final.content, `**a slow cat** - <@${U}> (relaxed)`);
  });

  it('pauseRelaxed applies to --relax prompts; a paused job can be cancelled before it starts drawing', async () => {
    // A slower world (2 s jobs) so the pause lasts long enough to click Cancel Job inside it.
    const slow = new FakeWorld(2);
    try {
      const slowBot = slow.register(createMidjourneyBot(slow, { pauseRelaxed: true, ephemeralWaiting: true }));
      const { interaction } = slow.command(slowBot, 'imagine', promptOption('a cat --relax'));
      const waiting = await slow.created((m) => m.nonce === interaction.request.nonce, 'W');
      await slow.waitFor((e) => e.kind === 'update' && e.message.id === waiting.id, 'paused');
      assert.equal(slow.updatesOf(waiting.id)[0]?.content, `**a cat** - <@${U}> (paused) (relaxed)`);
      const [cancelId = ''] = customIds(waiting);
      assert.match(cancelId, /^MJ::CancelJob::ByJobid::/);
      assert.deepEqual(slow.click(slowBot, waiting, cancelId).verdict, { ok: true });
      await slow.waitFor((e) => e.kind === 'update' && e.message.id === waiting.id && e.message.content.endsWith('(Stopped)'), 'stopped');
      assert.deepEqual(slow.updatesOf(waiting.id).map((update) => update.content), [
        `**a cat** - <@${U}> (paused) (relaxed)`,
        `**a cat** - <@${U}> (Stopped)`,
      ]);
    } finally {
      slow.close();
    }
  });
});
