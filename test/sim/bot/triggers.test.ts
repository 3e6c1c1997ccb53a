import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EmbedColor } from '../../../src/discord/protocol/index.js';
import type { MidjourneyBotHandle } from '../../../src/sim/bot/index.js';
import { ALICE, type FakeWorld } from './fake-world.js';
import { customIds, finalOf, freshMidjourneyWorldEachTest, jobOfWaiting, promptOption } from './flows.js';

const U = ALICE.userId;

describe('simulated Midjourney moderation triggers and fast hours', () => {
  let world: FakeWorld;
  let bot: MidjourneyBotHandle;
  freshMidjourneyWorldEachTest((fresh) => ({ world, bot } = fresh));

  const submit = async (prompt: string) => {
    const { interaction } = world.command(bot, 'imagine', promptOption(prompt));
    const answer = await world.created((m) => m.nonce === interaction.request.nonce, prompt);
    return { interaction, answer };
  };

  it('"Action needed to continue": the Appeal verdict approves, then the job runs with the request nonce', async () => {
    bot.triggerNext(U, 'action-needed');
    const { interaction, answer: notice } = await submit('a tiger');
    assert.equal(notice.embeds[0]?.title, 'Action needed to continue');
    assert.equal(notice.embeds[0]?.color, EmbedColor.Error);
    const [appeal] = customIds(notice);
    assert.match(appeal ?? '', /^MJ::Prompts::Appeal::[0-9a-f-]{36}$/);

    assert.deepEqual(world.click(bot, notice, appeal ?? '').verdict, { ok: true });
    const verdict = await world.waitFor((e) => e.kind === 'update' && e.message.id === notice.id, 'verdict');
    assert.equal(verdict.kind === 'update' && verdict.message.embeds[0]?.title, 'Appeal accepted');
    const waiting = await world.created((m) => m.id !== notice.id && m.nonce === interaction.request.nonce, 'W after appeal');
    assert.equal(waiting.content, `**a tiger** - <@${U}> (Waiting to start)`);
    await finalOf(world, await jobOfWaiting(world, waiting.id));

    const { answer: next } = await submit('a second tiger');
    assert.match(next.content, /Waiting to start/, 'a trigger applies to one job only');
  });

  it('a denied appeal turns the notice into a red rejection and the job never starts', async () => {
    bot.setOptions({ appealVerdict: 'deny' });
    bot.triggerNext(U, 'action-needed');
    const { answer: notice } = await submit('a tiger');
    world.click(bot, notice, customIds(notice)[0] ?? '');
    const verdict = await world.waitFor((e) => e.kind === 'update' && e.message.id === notice.id, 'verdict');
    assert.ok(verdict.kind === 'update' && verdict.message.embeds[0]?.color === EmbedColor.Error);
    assert.equal(world.events.filter((e) => e.kind === 'create').length, 1);
  });

  it('"Pending mod message" waits for Acknowledge, then the job runs', async () => {
    bot.triggerNext(U, 'pending-mod');
    const { answer: notice } = await submit('a lion');
    assert.equal(notice.embeds[0]?.title, 'Pending mod message');
    assert.equal(notice.embeds[0]?.color, EmbedColor.Error);
    assert.match(customIds(notice)[0] ?? '', /^MJ::Prompts::Acknowledge::/);
    world.click(bot, notice, customIds(notice)[0] ?? '');
    await world.created((m) => m.content === `**a lion** - <@${U}> (Waiting to start)`, 'W after acknowledge');
  });

  it('the captcha trigger opens the "Action required to continue" iframe instead of a job', async () => {
    bot.triggerNext(U, 'captcha');
    const { interaction } = world.command(bot, 'imagine', promptOption('a bear'));
    const iframe = await world.waitFor((e) => e.kind === 'iframe', 'captcha');
    assert.ok(iframe.kind === 'iframe');
    assert.equal(iframe.interactionId, interaction.id);
    assert.equal(iframe.modal.title, 'Action required to continue');
    assert.match(iframe.modal.iframePath, /^\/captcha\/embedded\//);
    assert.ok(world.events.some((e) => e.kind === 'success' && e.interactionId === interaction.id));
    assert.equal(world.events.some((e) => e.kind === 'create'), false);
  });

  it('without fast hours, fast jobs get "Credits exhausted" while relaxed jobs still run', async () => {
    bot.setAccountState(U, { fastHoursLeft: 0 });
    const { answer: refused } = await submit('a horse');
    assert.equal(refused.embeds[0]?.title, 'Credits exhausted');
    const { answer: relaxed } = await submit('a horse --relax');
    assert.match(relaxed.content, /Waiting to start/);
  });

  it('"Blocked" and "Subscription required" answer one job with their red embed; the next job runs', async () => {
    bot.triggerNext(U, 'blocked');
    const { answer: blocked } = await submit('a wolf');
    assert.equal(blocked.embeds[0]?.title, 'Blocked');
    assert.equal(blocked.embeds[0]?.color, EmbedColor.Error);
    bot.triggerNext(U, 'subscription-required');
    const { answer: unpaid } = await submit('a fox');
    assert.equal(unpaid.embeds[0]?.title, 'Subscription required');
    const { answer: next } = await submit('a hare');
    assert.match(next.content, /Waiting to start/);
  });

  it('fast hours count down as jobs run, run out mid-day and come back with the renewal', async () => {
    bot.setAccountState(U, { fastHoursLeft: 1 / 60 });
    const { answer: waiting } = await submit('the last fast horse');
    await finalOf(world, await jobOfWaiting(world, waiting.id));
    assert.equal(bot.getAccountState(U).fastHoursLeft, 0);
    const { answer: refused } = await submit('one horse too many');
    assert.equal(refused.embeds[0]?.title, 'Credits exhausted');
    bot.renewFastHours(U);
    assert.equal(bot.getAccountState(U).fastHoursLeft, 30);
    const { answer: again } = await submit('a renewed horse');
    assert.match(again.content, /Waiting to start/);
  });
});
