import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { MessageFlags, type Message } from '../../../src/discord/protocol/index.js';
import type { MidjourneyBotHandle } from '../../../src/sim/bot/index.js';
import type { FakeWorld } from './fake-world.js';
import { customIds, deferredAnswer, freshMidjourneyWorldEachTest, promptOption } from './flows.js';
import { startImageHost } from './image-host.js';

describe('simulated Midjourney /describe and /shorten', () => {
  let world: FakeWorld;
  let bot: MidjourneyBotHandle;
  freshMidjourneyWorldEachTest((fresh) => ({ world, bot } = fresh));

  async function described(): Promise<Message> {
    const png = await sharp({ create: { width: 300, height: 200, channels: 3, background: { r: 20, g: 160, b: 40 } } }).png().toBuffer();
    const uploaded = world.upload(png, 'field.png');
    const { thinking, answer } = await deferredAnswer(world, bot, 'describe', [{ type: 11, name: 'image', value: 0 }], [{ id: '0', filename: 'field.png', uploaded_filename: uploaded }]);
    assert.equal(thinking.content, '');
    assert.equal(thinking.flags & MessageFlags.Loading, MessageFlags.Loading);
    assert.equal(thinking.interaction?.name, 'describe');
    assert.equal(answer.flags & MessageFlags.Loading, 0);
    assert.equal(answer.nonce, undefined);
    return answer;
  }

  it('/describe answers four prompts with the image under ephemeral-attachments and the PicReader buttons', async () => {
    const answer = await described();
    const embed = answer.embeds[0];
    const prompts = (embed?.description ?? '').split('\n\n');
    assert.equal(prompts.length, 4);
    prompts.forEach((prompt, i) => assert.match(prompt, new RegExp(`^${['1️⃣', '2️⃣', '3️⃣', '4️⃣'][i]} .*emerald tones.* --ar 3:2$`)));
    assert.match(embed?.image?.url ?? '', /^https:\/\/cdn\.test\/ephemeral-attachments\/1092492867185950852\/\d+\/field\.png\?ex=[0-9a-f]+&is=[0-9a-f]+&hm=[0-9a-f]+&$/, 'under the describe command id');
    assert.equal(world.readCdnUrl(embed?.image?.url ?? '')?.filename, 'field.png');
    assert.deepEqual(customIds(answer), ['MJ::Job::PicReader::1', 'MJ::Job::PicReader::2', 'MJ::Job::PicReader::3', 'MJ::Job::PicReader::4', 'MJ::Picread::Retry', 'MJ::Job::PicReader::all']);
  });

  it('PicReader n opens a prefilled modal whose submit imagines; Imagine all starts four jobs', async () => {
    const answer = await described();
    const prompts = (answer.embeds[0]?.description ?? '').split('\n\n').map((line) => line.slice(line.indexOf(' ') + 1));
    const { interaction } = world.click(bot, answer, 'MJ::Job::PicReader::2');
    const modal = await world.waitFor((e) => e.kind === 'modal' && e.interactionId === interaction.id, 'picreader modal');
    assert.ok(modal.kind === 'modal');
    assert.equal(modal.modal.customId, 'MJ::Picreader::Modal::2');
    const input = modal.modal.components[0]?.components[0];
    assert.ok(input && 'value' in input && input.value === prompts[1]);
    const submit = world.submitModal(bot, interaction.id, 'MJ::Picreader::Modal::2', 'MJ::Picreader::Modal::PromptField', 'a green field --ar 3:2');
    const waiting = await world.created((m) => m.nonce === submit.interaction.request.nonce, 'imagine from describe');
    assert.match(waiting.content, /^\*\*a green field --ar 3:2\*\* - <@\d+> \(Waiting to start\)$/);

    bot.setOptions({ maxConcurrentJobs: 10 });
    const before = world.events.length;
    const all = world.click(bot, answer, 'MJ::Job::PicReader::all');
    await world.created((m) => m.nonce === all.interaction.request.nonce, 'first of imagine all');
    const started = world.events.slice(before).filter((e) => e.kind === 'create' && e.message.content.endsWith('(Waiting to start)') && e.message.message_reference?.message_id === answer.id);
    assert.equal(started.length, 4, 'Imagine all starts one job per prompt');
  });

  it('/describe with a link fetches any reachable http(s) image; unreachable, failing, oversized or stalled links are "Invalid link"', async (t) => {
    const png = await sharp({ create: { width: 120, height: 160, channels: 3, background: { r: 200, g: 30, b: 30 } } }).png().toBuffer();
    const host = await startImageHost(png);
    t.after(() => host.close());
    const describeLink = async (value: string) => (await deferredAnswer(world, bot, 'describe', [{ type: 3, name: 'link', value }])).answer;

    const answer = await describeLink(`${host.url}/pictures/red%20box.png?size=small`);
    const embed = answer.embeds[0];
    assert.match(embed?.description ?? '', /^1️⃣ .*crimson tones.* --ar 3:4$/m);
    assert.match(embed?.image?.url ?? '', /\/ephemeral-attachments\/1092492867185950852\/\d+\/red%20box\.png\?/);
    assert.deepEqual(world.readCdnUrl(embed?.image?.url ?? '')?.bytes, png);
    assert.equal(customIds(answer).length, 6);

    const notImage = await describeLink(`${host.url}/text`);
    assert.equal(notImage.embeds[0]?.title, 'Invalid image');
    for (const bad of ['https://nowhere.test/x.png', `${host.url}/missing.png`, `${host.url}/huge.png`, `${host.url}/stalled.png`, 'ftp://example.com/x.png']) {
      const refused = await describeLink(bad);
      assert.equal(refused.embeds[0]?.title, 'Invalid link', bad);
      assert.equal(refused.embeds[0]?.footer?.text, `/describe ${bad}`);
    }
  });

  it('/shorten marks tokens, lists five shortened prompts, and its buttons imagine or show details', async () => {
    const { answer } = await deferredAnswer(world, bot, 'shorten', promptOption('a majestic castle on a hill, in the style of dramatic oil painting --ar 16:9'));
    const description = answer.embeds[0]?.description ?? '';
    assert.match(description, /^## Important tokens\n.*\*\*\w+\*\*.*\n## Shortened prompts\n1️⃣ /);
    assert.match(description, /~~(a|on|the|of|in)~~/);
    assert.equal(description.match(/(\d️⃣ .+)/g)?.length, 5);
    assert.match(answer.embeds[0]?.footer?.text ?? '', /Click on a button to imagine one of the shortened prompts/);
    assert.deepEqual(customIds(answer), [1, 2, 3, 4, 5].map((n) => `MJ::Job::PromptAnalyzer::${n}`).concat('MJ::Job::PromptAnalyzer::ShowDetails'));

    const { interaction } = world.click(bot, answer, 'MJ::Job::PromptAnalyzer::1');
    const modal = await world.waitFor((e) => e.kind === 'modal' && e.interactionId === interaction.id, 'analyzer modal');
    assert.ok(modal.kind === 'modal');
    assert.equal(modal.modal.customId, `MJ::ImagineModal::${answer.id}`);

    const details = world.click(bot, answer, 'MJ::Job::PromptAnalyzer::ShowDetails');
    const shown = await world.created((m) => m.nonce === details.interaction.request.nonce, 'details');
    assert.match(shown.embeds[0]?.description ?? '', /\(1\.00\)/);
    assert.match(shown.embeds[0]?.description ?? '', /^██████████ \w+$/m);
    assert.match(shown.embeds[0]?.description ?? '', /[█]+░+ \w+/);
  });
});
