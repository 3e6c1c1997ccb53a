import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { EmbedColor, MessageType } from '../../../src/discord/protocol/index.js';
import type { MidjourneyBotHandle } from '../../../src/sim/bot/index.js';
import { ALICE, type FakeWorld } from './fake-world.js';
import { customIds, freshMidjourneyWorldEachTest, imagine, promptOption } from './flows.js';

describe('simulated Midjourney /imagine', () => {
  let world: FakeWorld;
  let bot: MidjourneyBotHandle;
  freshMidjourneyWorldEachTest((fresh) => ({ world, bot } = fresh));

  it('follows the choreography: success, W with nonce, progress edits, delete, final', async () => {
    const { interaction, waiting, jobId, final } = await imagine(world, bot, 'a red cat --v 7');
    const order = world.events.map((e) => e.kind);
    assert.equal(order[0], 'success');
    assert.equal(order[1], 'create');

    assert.equal(waiting.type, MessageType.ChatInputCommand);
    assert.equal(waiting.content, `**a red cat --v 7.0** - <@${ALICE.userId}> (Waiting to start)`);
    assert.equal(waiting.interaction?.id, interaction.id);
    assert.equal(waiting.interaction?.name, 'imagine');
    assert.deepEqual(waiting.attachments, []);
    assert.deepEqual(waiting.components, []);

    const progress = world.updatesOf(waiting.id);
    assert.deepEqual(progress.map((m) => /\((\d+)%\)/.exec(m.content)?.[1]), ['0', '15', '31', '46', '62', '78', '93']);
    for (const update of progress) {
      assert.match(update.content, /^\*\*a red cat --v 7\.0\*\* - <@\d+> \(\d+%\) \(fast\)$/);
      assert.equal(update.nonce, undefined);
      assert.equal(update.attachments[0]?.filename, `${jobId}_grid_0.webp`);
    }
    const preview = world.fileAt(progress[0]?.attachments[0]?.url ?? '');
    assert.equal((await sharp(preview.bytes).metadata()).format, 'webp');

    const deleteAt = world.events.findIndex((e) => e.kind === 'delete' && e.messageId === waiting.id);
    const finalAt = world.events.findIndex((e) => e.kind === 'create' && e.message.id === final.id);
    assert.ok(deleteAt > 0 && deleteAt < finalAt, 'W is deleted before F is posted');

    assert.notEqual(final.id, waiting.id);
    assert.equal(final.type, MessageType.Default);
    assert.equal(final.nonce, undefined);
    assert.equal(final.interaction, undefined);
    assert.equal(final.content, `**a red cat --v 7.0** - <@${ALICE.userId}> (fast)`);
    const image = final.attachments[0];
    assert.equal(image?.filename, `alice_a_red_cat_${jobId}.png`);
    assert.equal(image?.content_type, 'image/png');
    const meta = await sharp(world.fileAt(image?.url ?? '').bytes).metadata();
    assert.deepEqual([meta.format, meta.width, meta.height], ['png', 512, 512]);
    assert.deepEqual(customIds(final), [
      ...[1, 2, 3, 4].map((i) => `MJ::JOB::upsample::${i}::${jobId}`),
      `MJ::JOB::reroll::0::${jobId}::SOLO`,
      ...[1, 2, 3, 4].map((i) => `MJ::JOB::variation::${i}::${jobId}`),
    ]);
    assert.equal(bot.getJob(jobId)?.status, 'done');
  });

  it('normalises the prompt: links to s.mj.run, --relax stripped and used as the mode, --ar sizes the grid', async () => {
    const { waiting, final } = await imagine(world, bot, 'https://example.com/cat.png a cat —ar 2:1 --relax');
    assert.match(waiting.content, /^\*\*<https:\/\/s\.mj\.run\/[A-Za-z0-9]{11}> a cat --ar 2:1\*\* - /);
    assert.match(final.content, /--ar 2:1\*\* - <@\d+> \(relaxed\)$/);
    const image = final.attachments[0];
    assert.ok((image?.width ?? 0) > (image?.height ?? 0), 'a 2:1 grid is wider than tall');
  });

  it('shows turbo and stealth in the mode suffix, and can put the nonce on the final message', async () => {
    bot.setAccountState(ALICE.userId, { mode: 'turbo', stealth: true });
    bot.setOptions({ finalNonce: true });
    const { interaction, final } = await imagine(world, bot, 'a dog');
    assert.match(final.content, /\(turbo, stealth\)$/);
    assert.equal(final.nonce, interaction.request.nonce);
  });

  it('animates a start image for a --video prompt: one _0.mp4 instead of a grid', async () => {
    const { final, jobId } = await imagine(world, bot, 'https://example.com/start.png waves --video 1 --motion low');
    assert.equal(final.attachments.length, 1);
    assert.equal(final.attachments[0]?.filename, `${jobId}_0.mp4`);
    assert.equal(final.attachments[0]?.content_type, 'video/mp4');
    assert.equal(world.fileAt(final.attachments[0]?.url ?? '').bytes.subarray(4, 8).toString('latin1'), 'ftyp');
  });

  it('draws the same grid for the same prompt and seed, and a different one for another seed', async () => {
    const first = await imagine(world, bot, 'a fox --seed 42');
    const second = await imagine(world, bot, 'a fox --seed 42');
    const third = await imagine(world, bot, 'a fox --seed 43');
    const bytes = (m: typeof first.final) => world.fileAt(m.attachments[0]?.url ?? '').bytes;
    assert.ok(bytes(first.final).equals(bytes(second.final)));
    assert.ok(!bytes(first.final).equals(bytes(third.final)));
  });

  it('with imageVariety, draws one of that many grids for any prompt: a load test pays for each picture once', async () => {
    bot.setOptions({ imageVariety: 1 });
    const fox = await imagine(world, bot, 'a fox --seed 42');
    const owl = await imagine(world, bot, 'an owl at night');
    const fileOf = (m: typeof fox.final) => world.fileAt(m.attachments[0]?.url ?? '');
    // The same drawing (the cached bytes themselves), under each job's own name and link.
    assert.equal(fileOf(fox.final).bytes, fileOf(owl.final).bytes);
    assert.notEqual(fox.final.attachments[0]?.url, owl.final.attachments[0]?.url);
    assert.match(owl.final.attachments[0]?.filename ?? '', new RegExp(`_${owl.jobId}\\.png$`));
  });

  it('refuses bad prompts with red, nonce-bearing, ephemeral embeds', async () => {
    bot.setBannedWords(['gore']);
    const cases: [string, string][] = [['', 'Empty prompt'], ['a cat --foo 3', 'Invalid parameter'], ['a cat --ar 3', 'Invalid parameter'], ['Gore everywhere', 'Banned prompt detected']];
    for (const [prompt, title] of cases) {
      const { interaction } = world.command(bot, 'imagine', promptOption(prompt));
      const answer = await world.created((m) => m.nonce === interaction.request.nonce, title);
      assert.equal(answer.embeds[0]?.title, title);
      assert.equal(answer.embeds[0]?.color, EmbedColor.Error);
      assert.equal(answer.flags & 64, 64);
      assert.equal(answer.embeds[0]?.footer?.text, `/imagine ${prompt}`);
    }
  });

  it('refuses an unknown command id, and a stale version only in strict mode', () => {
    const { verdict } = world.send(bot, {
      type: 2, application_id: bot.applicationId, channel_id: ALICE.channelId, session_id: 's', nonce: '1',
      data: { id: '1', version: '1', name: 'imagine', type: 1, options: promptOption('x'), attachments: [] },
    });
    assert.equal(verdict.ok === false && verdict.status, 400);
    const imagineCommand = bot.commands.find((c) => c.name === 'imagine');
    const stale = {
      type: 2 as const, application_id: bot.applicationId, channel_id: ALICE.channelId, session_id: 's', nonce: '2',
      data: { id: imagineCommand?.id ?? '', version: '1166847114203123795', name: 'imagine', type: 1, options: promptOption('x'), attachments: [] },
    };
    assert.equal(world.send(bot, stale).verdict.ok, true);
    bot.setOptions({ strictCommandVersions: true });
    const strict = world.send(bot, stale).verdict;
    assert.ok(!strict.ok && JSON.stringify(strict.errors).includes('INTERACTION_APPLICATION_COMMAND_INVALID_VERSION'));
  });

  it('answers nothing when silent: INTERACTION_FAILURE with reason 2', async () => {
    bot.setSilent(true);
    const { interaction } = world.command(bot, 'imagine', promptOption('a cat'));
    const failure = await world.waitFor((e) => e.kind === 'failure', 'failure');
    assert.deepEqual(failure, { kind: 'failure', interactionId: interaction.id, nonce: interaction.request.nonce, reason: 2 });
    assert.equal(world.events.some((e) => e.kind === 'create' || e.kind === 'success'), false);
  });
});
