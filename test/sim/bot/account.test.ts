import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ButtonStyle, EmbedColor, MessageFlags, type Message } from '../../../src/discord/protocol/index.js';
import type { MidjourneyBotHandle } from '../../../src/sim/bot/index.js';
import { ALICE, type FakeWorld } from './fake-world.js';
import { deferredAnswer, freshMidjourneyWorldEachTest, imagine } from './flows.js';

const U = ALICE.userId;

describe('simulated Midjourney account commands, /show and seeds', () => {
  let world: FakeWorld;
  let bot: MidjourneyBotHandle;
  freshMidjourneyWorldEachTest((fresh) => ({ world, bot } = fresh));

  it('/info answers an ephemeral "Your info" embed with the account state', async () => {
    bot.setAccountState(U, { mode: 'relax', stealth: true, fastHoursLeft: 12.5 });
    const { thinking, answer } = await deferredAnswer(world, bot, 'info');
    assert.equal(thinking.flags, MessageFlags.Ephemeral | MessageFlags.Loading);
    assert.equal(answer.flags, MessageFlags.Ephemeral);
    assert.equal(answer.embeds[0]?.title, 'Your info - alice');
    const lines = (answer.embeds[0]?.description ?? '').split('\n');
    assert.ok(lines.includes('**Job Mode**: Relaxed'));
    assert.ok(lines.includes('**Visibility Mode**: Stealth'));
    assert.ok(lines.includes('**Fast Time Remaining**: 12.50/30.0 hours (41.67%)'));
    assert.ok(lines.includes('**Running Jobs**: None'));
  });

  it('/fast, /relax, /turbo and /prefer remix switch the account and say "Done!" / "Remix mode turned on!"', async () => {
    assert.match((await deferredAnswer(world, bot, 'relax')).answer.content, /^Done! Your jobs now do not consume fast-hours/);
    assert.equal(bot.getAccountState(U).mode, 'relax');
    assert.match((await deferredAnswer(world, bot, 'turbo')).answer.content, /^Done!/);
    assert.equal(bot.getAccountState(U).mode, 'turbo');
    const remix = await deferredAnswer(world, bot, 'prefer', [{ type: 1, name: 'remix', options: [] }]);
    assert.equal(remix.thinking.interaction?.name, 'prefer remix');
    assert.match(remix.answer.content, /^Remix mode turned on!/);
    assert.equal(bot.getAccountState(U).remix, true);
    assert.match((await deferredAnswer(world, bot, 'prefer', [{ type: 1, name: 'remix', options: [] }])).answer.content, /^Remix mode turned off!/);
  });

  it('/settings shows toggles (style 3 = on) and a click edits the panel', async () => {
    const { answer } = await deferredAnswer(world, bot, 'settings');
    const button = (message: Message, id: string) =>
      message.components.flatMap((row) => row.components).find((c) => 'custom_id' in c && c.custom_id === id);
    const style = (message: Message, id: string) => {
      const found = button(message, id);
      return found && 'style' in found ? found.style : undefined;
    };
    assert.equal(style(answer, 'MJ::Settings::RemixMode'), ButtonStyle.Secondary);
    assert.equal(style(answer, 'MJ::Settings::HighVariabilityMode::1'), ButtonStyle.Success);
    assert.equal(style(answer, 'MJ::Settings::FastMode::on'), ButtonStyle.Success);

    const { verdict } = world.click(bot, answer, 'MJ::Settings::RemixMode');
    assert.deepEqual(verdict, { ok: true });
    const edited = await world.waitFor((e) => e.kind === 'update' && e.message.id === answer.id && e.message.edited_timestamp !== answer.edited_timestamp, 'panel edit');
    assert.ok(edited.kind === 'update');
    assert.equal(style(edited.message, 'MJ::Settings::RemixMode'), ButtonStyle.Success);
    assert.equal(bot.getAccountState(U).remix, true);
    world.click(bot, edited.message, 'MJ::Settings::RelaxMode::on');
    await world.waitFor((e) => e.kind === 'update' && e.message.id === answer.id && style(e.message, 'MJ::Settings::RelaxMode::on') === ButtonStyle.Success, 'relax on');
    assert.equal(bot.getAccountState(U).mode, 'relax');
  });

  it('/settings carries the version menu; picking a version edits the panel', async () => {
    const { answer } = await deferredAnswer(world, bot, 'settings');
    const menu = (message: Message) => message.components.flatMap((row) => row.components).find((c) => 'custom_id' in c && c.custom_id === 'MJ::Settings::VersionSelector');
    const picked = (message: Message) => {
      const found = menu(message);
      return found && 'options' in found ? found.options.find((option) => option.default)?.value : undefined;
    };
    assert.equal(picked(answer), '7');
    assert.deepEqual(world.select(bot, answer, 'MJ::Settings::VersionSelector', ['6.1']).verdict, { ok: true });
    await world.waitFor((e) => e.kind === 'update' && e.message.id === answer.id && picked(e.message) === '6.1', 'version picked');
    assert.equal(bot.getAccountState(U).version, '6.1');
  });

  it('/show posts the job again in the DM, ✉️ on it sends the seed, an unknown id is a red embed', async () => {
    const { jobId, final } = await imagine(world, bot, 'a cat');
    const { interaction } = world.command(bot, 'show', [{ type: 3, name: 'job_id', value: jobId }], { channelId: ALICE.dmChannelId });
    const shown = await world.created((m) => m.nonce === interaction.request.nonce, 'show');
    assert.equal(shown.channel_id, ALICE.dmChannelId);
    assert.equal(shown.content, final.content);
    assert.ok(shown.attachments[0]?.filename.endsWith(`_${jobId}.png`));
    assert.equal(shown.interaction?.name, 'show');

    bot.handleReaction?.(U, shown.channel_id, shown.id, '✉️');
    const dm = await world.created((m) => m.content.includes('**Job ID**'), 'seed DM');
    const seed = bot.getJob(jobId)?.seed;
    assert.equal(dm.channel_id, ALICE.dmChannelId);
    assert.equal(dm.content, `**a cat**\n**Job ID**: ${jobId}\n**seed** ${seed}`);
    assert.match(dm.content, /\*\*Job ID\*\*:\s*(?<jobId>[a-fA-F0-9-]{36})\s*\*\*seed\*\*\s*(?<seed>\d+)/);

    bot.handleReaction?.(U, final.channel_id, final.id, '✉');
    await world.waitFor((e) => e.kind === 'create' && e.message.content.includes('**Job ID**') && e.message.id !== dm.id, 'seed DM for the grid');

    const unknown = world.command(bot, 'show', [{ type: 3, name: 'job_id', value: '00000000-0000-4000-8000-000000000000' }]);
    const red = await world.created((m) => m.nonce === unknown.interaction.request.nonce, 'unknown show');
    assert.equal(red.embeds[0]?.color, EmbedColor.Error);
    assert.match(red.embeds[0]?.description ?? '', /00000000-0000-4000-8000-000000000000/);
  });
});
