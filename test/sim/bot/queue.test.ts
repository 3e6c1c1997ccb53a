import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ButtonStyle, EmbedColor } from '../../../src/discord/protocol/index.js';
import type { MidjourneyBotHandle } from '../../../src/sim/bot/index.js';
import { ALICE, type FakeWorld } from './fake-world.js';
import { customIds, finalOf, freshMidjourneyWorldEachTest, jobOfWaiting, promptOption } from './flows.js';

const U = ALICE.userId;

describe('simulated Midjourney concurrency, queue and cancel', () => {
  let world: FakeWorld;
  let bot: MidjourneyBotHandle;
  freshMidjourneyWorldEachTest((fresh) => ({ world, bot } = fresh), { maxConcurrentJobs: 1, maxQueuedJobs: 1 });

  const submit = async (prompt: string) => {
    const { interaction } = world.command(bot, 'imagine', promptOption(prompt));
    return world.created((m) => m.nonce === interaction.request.nonce, prompt);
  };

  it('queues past the concurrency limit with a non-red "Job queued" that later becomes the waiting message', async () => {
    const first = await submit('one');
    const second = await submit('two');
    const third = await submit('three');
    assert.equal(first.content, `**one** - <@${U}> (Waiting to start)`);

    assert.equal(second.embeds[0]?.title, 'Job queued');
    assert.notEqual(second.embeds[0]?.color, EmbedColor.Error);
    assert.equal(second.embeds[0]?.footer?.text, '/imagine two');
    assert.equal(second.flags & 64, 0);

    assert.equal(third.embeds[0]?.title, 'Queue full');
    assert.equal(third.embeds[0]?.color, EmbedColor.Error);

    const { interaction: infoRequest } = world.command(bot, 'info');
    const infoMessage = await world.created((m) => m.nonce === infoRequest.request.nonce, 'info');
    const infoAnswer = await world.waitFor((e) => e.kind === 'update' && e.message.id === infoMessage.id, 'info answer');
    const description = infoAnswer.kind === 'update' ? infoAnswer.message.embeds[0]?.description ?? '' : '';
    assert.match(description, /\*\*Queued Jobs \(fast\)\*\*: 1/);
    assert.match(description, /\*\*Running Jobs\*\*: [0-9a-f-]{36}/);

    const started = await world.waitFor((e) => e.kind === 'update' && e.message.id === second.id && e.message.content.includes('Waiting to start'), 'queued job starts');
    if (started.kind !== 'update') throw new Error('unreachable');
    assert.deepEqual(started.message.embeds, []);
    assert.ok(world.events.some((e) => e.kind === 'delete' && e.messageId === first.id), 'the first job finished before the second started');
    const jobId = await jobOfWaiting(world, second.id);
    assert.equal((await finalOf(world, jobId)).content, `**two** - <@${U}> (fast)`);
  });

  it('Cancel Job on an ephemeral waiting message stops the job: (Stopped), no final, the next job starts', async () => {
    bot.setOptions({ ephemeralWaiting: true });
    const waiting = await submit('stop me');
    assert.equal(waiting.flags & 64, 64);
    const cancel = waiting.components[0]?.components[0];
    assert.ok(cancel && 'style' in cancel && cancel.style === ButtonStyle.Danger);
    const [cancelId] = customIds(waiting);
    assert.match(cancelId ?? '', /^MJ::CancelJob::ByJobid::[0-9a-f-]{36}$/);
    const jobId = (cancelId ?? '').split('::').pop() ?? '';
    const queued = await submit('next');

    assert.deepEqual(world.click(bot, waiting, cancelId ?? '').verdict, { ok: true });
    const stopped = await world.waitFor((e) => e.kind === 'update' && e.message.id === waiting.id && e.message.content.endsWith('(Stopped)'), 'stopped');
    if (stopped.kind !== 'update') throw new Error('unreachable');
    assert.equal(stopped.message.content, `**stop me** - <@${U}> (Stopped)`);
    assert.equal(bot.getJob(jobId)?.status, 'stopped');

    const nextId = await jobOfWaiting(world, queued.id);
    await finalOf(world, nextId);
    assert.ok(!world.events.some((e) => e.kind === 'create' && e.message.attachments.some((a) => a.filename.includes(jobId) && a.filename.endsWith('.png'))), 'no final for a stopped job');
  });

  it('accepts the canonical Cancel Job id for a running job from another of its messages', async () => {
    const waiting = await submit('cancel by id');
    const jobId = await jobOfWaiting(world, waiting.id);
    const { verdict } = world.click(bot, waiting, `MJ::CancelJob::ByJobid::${jobId}`);
    assert.deepEqual(verdict, { ok: true });
    await world.waitFor((e) => e.kind === 'update' && e.message.id === waiting.id && e.message.content.endsWith('(Stopped)'), 'stopped');
    const late = world.click(bot, waiting, `MJ::CancelJob::ByJobid::${jobId}`).verdict;
    assert.equal(late.ok, false, 'a stopped job cannot be cancelled by a button it does not carry');
  });
});
