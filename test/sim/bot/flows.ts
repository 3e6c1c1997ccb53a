/**
 * Shared steps of the bot tests: a fresh world (and Midjourney bot) per test, run a command to its
 * final message, read job ids from messages.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach } from 'node:test';
import type { CommandOption, InteractionAttachmentRef, Message } from '../../../src/discord/protocol/index.js';
import { createMidjourneyBot, type MidjourneyBotHandle, type MidjourneyBotOptions } from '../../../src/sim/bot/index.js';
import type { SimBot } from '../../../src/sim/contracts.js';
import { FakeWorld } from './fake-world.js';

/** Registers the suite's hooks: before each test a new FakeWorld handed to `receive`, after it the world closed. */
export function freshWorldEachTest(receive: (world: FakeWorld) => void): void {
  let world: FakeWorld | undefined;
  beforeEach(() => {
    world = new FakeWorld();
    receive(world);
  });
  afterEach(() => world?.close());
}

/** Like freshWorldEachTest, with a Midjourney bot (built with `options`) registered in each world. */
export function freshMidjourneyWorldEachTest(
  receive: (fixture: { world: FakeWorld; bot: MidjourneyBotHandle }) => void,
  options: MidjourneyBotOptions = {},
): void {
  freshWorldEachTest((world) => receive({ world, bot: world.register(createMidjourneyBot(world, options)) }));
}

export const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/;

export const promptOption = (value: string) => [{ type: 3, name: 'prompt', value }];

export function jobIdOf(message: Message): string {
  const text = [...message.attachments.map((a) => a.filename), ...message.components.flatMap((row) => row.components.map((c) => ('custom_id' in c ? c.custom_id : '')))].join(' ');
  const match = UUID.exec(text);
  if (!match) throw new Error(`no job id in message ${message.id}`);
  return match[0];
}

/** The final message of a job: a new message whose image file name ends with the job id. */
export function finalOf(world: FakeWorld, jobId: string): Promise<Message> {
  return world.created((m) => m.attachments.some((a) => a.filename.includes(jobId)) && m.components.length > 0, `final of ${jobId}`);
}

/** The job id a waiting message W belongs to, read from its first progress preview. */
export async function jobOfWaiting(world: FakeWorld, waitingId: string): Promise<string> {
  const event = await world.waitFor((e) => e.kind === 'update' && e.message.id === waitingId && e.message.attachments.length > 0, 'progress');
  if (event.kind !== 'update') throw new Error('unreachable');
  return jobIdOf(event.message);
}

/** /imagine to the end: the waiting message, the job id and the final message. */
export async function imagine(world: FakeWorld, bot: SimBot, prompt: string) {
  const { interaction, verdict } = world.command(bot, 'imagine', promptOption(prompt));
  assert.deepEqual(verdict, { ok: true });
  const waiting = await world.created((m) => m.nonce === interaction.request.nonce, 'waiting message');
  const jobId = await jobOfWaiting(world, waiting.id);
  const final = await finalOf(world, jobId);
  return { interaction, waiting, jobId, final };
}

/** A deferred command: the nonce-bearing "thinking" message and the (nonce-less) update that answers it. */
export async function deferredAnswer(world: FakeWorld, bot: SimBot, name: string, options: CommandOption[] = [], attachments: InteractionAttachmentRef[] = []) {
  const { interaction, verdict } = world.command(bot, name, options, { attachments });
  assert.deepEqual(verdict, { ok: true });
  const thinking = await world.created((m) => m.nonce === interaction.request.nonce, `${name} thinking`);
  const event = await world.waitFor((e) => e.kind === 'update' && e.message.id === thinking.id, `${name} answer`);
  if (event.kind !== 'update') throw new Error('unreachable');
  return { thinking, answer: event.message };
}

/** Clicks a button and returns the nonce-bearing answer (W, error or reply). */
export async function clickAndAnswer(world: FakeWorld, bot: SimBot, message: Message, customId: string) {
  const { interaction, verdict } = world.click(bot, message, customId);
  assert.deepEqual(verdict, { ok: true });
  const answer = await world.created((m) => m.nonce === interaction.request.nonce, `answer to ${customId}`);
  return { interaction, answer };
}

export function customIds(message: Message): string[] {
  return message.components.flatMap((row) => row.components.flatMap((c) => ('custom_id' in c && c.custom_id ? [c.custom_id] : [])));
}
