import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EmbedColor, MessageType, type Message } from '../../../src/discord/protocol/index.js';
import type { ModalSpec } from '../../../src/sim/contracts.js';
import type { MidjourneyBotHandle } from '../../../src/sim/bot/index.js';
import { ALICE, type FakeWorld } from './fake-world.js';
import { finalOf, freshMidjourneyWorldEachTest, imagine, jobOfWaiting } from './flows.js';

const U = ALICE.userId;

describe('simulated Midjourney modals, remix and Vary (Region)', () => {
  let world: FakeWorld;
  let bot: MidjourneyBotHandle;
  freshMidjourneyWorldEachTest((fresh) => ({ world, bot } = fresh));

  async function openModal(source: Message, customId: string): Promise<{ interactionId: string; modal: ModalSpec }> {
    const { interaction, verdict } = world.click(bot, source, customId);
    assert.deepEqual(verdict, { ok: true });
    const event = await world.waitFor((e) => e.kind === 'modal' && e.interactionId === interaction.id, 'modal');
    if (event.kind !== 'modal') throw new Error('unreachable');
    const success = world.events.find((e) => e.kind === 'success' && e.interactionId === interaction.id);
    assert.ok(success, 'INTERACTION_SUCCESS accompanies the modal');
    return event;
  }

  const inputOf = (modal: ModalSpec) => {
    const input = modal.components[0]?.components[0];
    return input && 'value' in input ? { id: input.custom_id, value: input.value } : undefined;
  };

  async function submitted(openedBy: string, customId: string, inputId: string, value: string) {
    const { interaction, verdict } = world.submitModal(bot, openedBy, customId, inputId, value);
    assert.deepEqual(verdict, { ok: true });
    const answer = await world.created((m) => m.nonce === interaction.request.nonce, 'modal answer');
    return { interaction, answer };
  }

  it('with remix on, V2 opens the remix modal; its submit runs "Remix (Strong)" with the new prompt', async () => {
    const { final: grid, jobId } = await imagine(world, bot, 'a cat --v 7');
    bot.setAccountState(U, { remix: true });
    const { interactionId, modal } = await openModal(grid, `MJ::JOB::variation::2::${jobId}`);
    assert.equal(modal.customId, `MJ::RemixModal::${jobId}::2::1`);
    assert.deepEqual(inputOf(modal), { id: 'MJ::RemixModal::new_prompt', value: 'a cat --v 7.0' });

    const { answer: waiting } = await submitted(interactionId, modal.customId, 'MJ::RemixModal::new_prompt', 'a black cat --v 7');
    assert.equal(waiting.type, MessageType.Reply);
    assert.equal(waiting.content, `**a black cat --v 7.0** - Remix (Strong) by <@${U}> (Waiting to start)`);
    const final = await finalOf(world, await jobOfWaiting(world, waiting.id));
    assert.equal(final.content, `**a black cat --v 7.0** - Remix (Strong) by <@${U}> (fast)`);

    const again = world.submitModal(bot, interactionId, modal.customId, 'MJ::RemixModal::new_prompt', 'twice');
    assert.equal(again.verdict.ok, false, 'a modal is submitted once');
  });

  it('with remix on, 🔄 opens the ImagineModal and pans open the PanModal', async () => {
    const { final: grid, jobId } = await imagine(world, bot, 'a cat');
    bot.setAccountState(U, { remix: true });
    const reroll = await openModal(grid, `MJ::JOB::reroll::0::${jobId}::SOLO`);
    assert.equal(reroll.modal.customId, `MJ::ImagineModal::${grid.id}`);
    const { answer } = await submitted(reroll.interactionId, reroll.modal.customId, 'MJ::ImagineModal::new_prompt', 'a cat in space');
    assert.equal(answer.content, `**a cat in space** - <@${U}> (Waiting to start)`);
  });

  it('Custom Zoom always opens a modal and needs --zoom between 1 and 2', async () => {
    const { final: grid, jobId } = await imagine(world, bot, 'a cat');
    world.click(bot, grid, `MJ::JOB::upsample::1::${jobId}`);
    const u1 = await world.created((m) => m.content.includes('Image #1'), 'U1');
    const soloId = /_([0-9a-f-]{36})\.png$/.exec(u1.attachments[0]?.filename ?? '')?.[1] ?? '';

    const first = await openModal(u1, `MJ::CustomZoom::${soloId}`);
    assert.equal(first.modal.customId, `MJ::OutpaintCustomZoomModal::${soloId}`);
    assert.deepEqual(inputOf(first.modal), { id: 'MJ::OutpaintCustomZoomModal::prompt', value: 'a cat --zoom 2' });
    const bad = await submitted(first.interactionId, first.modal.customId, 'MJ::OutpaintCustomZoomModal::prompt', 'a cat');
    assert.equal(bad.answer.embeds[0]?.title, 'Invalid parameter');
    assert.equal(bad.answer.embeds[0]?.color, EmbedColor.Error);

    const second = await openModal(u1, `MJ::CustomZoom::${soloId}`);
    const good = await submitted(second.interactionId, second.modal.customId, 'MJ::OutpaintCustomZoomModal::prompt', 'a cat --zoom 1.5');
    assert.equal(good.answer.content, `**a cat --zoom 1.5** - Zoom Out by <@${U}> (Waiting to start)`);
  });

  it('refuses a submit for a modal it did not open, or of another kind', async () => {
    const { final: grid, jobId } = await imagine(world, bot, 'a cat');
    bot.setAccountState(U, { remix: true });
    const { interactionId } = await openModal(grid, `MJ::JOB::variation::1::${jobId}`);
    assert.equal(world.submitModal(bot, '123', `MJ::RemixModal::${jobId}::1::1`, 'x', 'y').verdict.ok, false);
    assert.equal(world.submitModal(bot, interactionId, `MJ::PanModal::left::${jobId}::1`, 'x', 'y').verdict.ok, false);
    // The same kind of modal for the same job is fine even if the strength digit differs (proxies build it).
    assert.equal(world.submitModal(bot, interactionId, `MJ::RemixModal::${jobId}::1::0`, 'x', 'a dog').verdict.ok, true);
  });

  it('Vary (Region) opens the editor iframe; its submit starts "Variations (Region)"', async () => {
    const { final: grid, jobId } = await imagine(world, bot, 'a cat');
    world.click(bot, grid, `MJ::JOB::upsample::3::${jobId}`);
    const u3 = await world.created((m) => m.content.includes('Image #3'), 'U3');
    const soloId = /_([0-9a-f-]{36})\.png$/.exec(u3.attachments[0]?.filename ?? '')?.[1] ?? '';
    const { interaction } = world.click(bot, u3, `MJ::Inpaint::1::${soloId}::SOLO`);
    const iframe = await world.waitFor((e) => e.kind === 'iframe' && e.interactionId === interaction.id, 'iframe');
    if (iframe.kind !== 'iframe') throw new Error('unreachable');
    assert.match(iframe.modal.customId, /^MJ::iframe::[0-9a-f]+$/);

    const token = iframe.modal.customId.slice('MJ::iframe::'.length);
    assert.equal(bot.handleActivitySubmit?.(U, { customId: 'nope', mask: 'AAAA' }).status, 404);
    assert.equal(bot.handleActivitySubmit?.(U, { customId: token, mask: '' }).status, 400);
    const accepted = bot.handleActivitySubmit?.(U, { customId: token, mask: 'iVBORw0KGgo=', prompt: 'a cat with a hat', userId: '0', username: '0', full_prompt: null });
    assert.deepEqual(accepted, { status: 200, body: { success: true } });

    const waiting = await world.created((m) => m.nonce === interaction.request.nonce, 'region W');
    assert.equal(waiting.content, `**a cat with a hat** - Variations (Region) by <@${U}> (Waiting to start)`);
    assert.equal(waiting.message_reference?.message_id, u3.id);
    const final = await finalOf(world, await jobOfWaiting(world, waiting.id));
    assert.equal(final.content, `**a cat with a hat** - Variations (Region) by <@${U}> (fast)`);
  });
});
