import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ApplicationCommand } from '../../src/discord/protocol/index.js';
import {
  buildBlend,
  buildButton,
  buildDescribe,
  buildImagine,
  buildModalSubmit,
  buildPreferRemix,
  buildSaveFace,
  buildShorten,
  buildShow,
  buildSimpleCommand,
  buildSwapFace,
  type InteractionContext,
} from '../../src/midjourney/index.js';

const CTX: InteractionContext = {
  applicationId: '936929561302675456',
  guildId: 'G1',
  channelId: 'C1',
  sessionId: 'S1',
  nonce: 'N1',
};
const command = (name: string, id = `id-${name}`, version = `v-${name}`): ApplicationCommand => ({
  id,
  version,
  name,
  type: 1,
  application_id: CTX.applicationId,
  description: name,
});
const upload = (name: string) => ({ id: 'ignored', filename: `${name}.png`, uploaded_filename: `uuid-${name}/${name}.png` });

describe('slash command payloads', () => {
  it('builds /imagine from the discovered command', () => {
    const cmd = command('imagine', '938956540159881230', '1237876415471554623');
    assert.deepEqual(buildImagine(CTX, cmd, 'a red cat --ar 3:2'), {
      type: 2,
      application_id: '936929561302675456',
      guild_id: 'G1',
      channel_id: 'C1',
      session_id: 'S1',
      nonce: 'N1',
      data: {
        version: '1237876415471554623',
        id: '938956540159881230',
        name: 'imagine',
        type: 1,
        options: [{ type: 3, name: 'prompt', value: 'a red cat --ar 3:2' }],
        application_command: cmd,
        attachments: [],
      },
    });
  });

  it('leaves guild_id out without a guild', () => {
    const { guildId: _guild, ...dm } = CTX;
    assert.equal('guild_id' in buildImagine(dm, command('imagine'), 'x'), false);
  });

  it('builds /blend with renumbered attachments and the dimensions', () => {
    const { data } = buildBlend(CTX, command('blend'), [upload('a'), upload('b'), upload('c')], '--ar 2:3');
    assert.deepEqual(data.options, [
      { type: 11, name: 'image1', value: 0 },
      { type: 11, name: 'image2', value: 1 },
      { type: 11, name: 'image3', value: 2 },
      { type: 3, name: 'dimensions', value: '--ar 2:3' },
    ]);
    assert.deepEqual(data.attachments, [
      { id: '0', filename: 'a.png', uploaded_filename: 'uuid-a/a.png' },
      { id: '1', filename: 'b.png', uploaded_filename: 'uuid-b/b.png' },
      { id: '2', filename: 'c.png', uploaded_filename: 'uuid-c/c.png' },
    ]);
  });

  it('builds /describe from an upload or a link', () => {
    const fromUpload = buildDescribe(CTX, command('describe'), { upload: upload('x') }).data;
    assert.deepEqual(fromUpload.options, [{ type: 11, name: 'image', value: 0 }]);
    assert.deepEqual(fromUpload.attachments, [{ id: '0', filename: 'x.png', uploaded_filename: 'uuid-x/x.png' }]);
    const fromLink = buildDescribe(CTX, command('describe'), { link: 'https://example.com/a.png' }).data;
    assert.deepEqual(fromLink.options, [{ type: 3, name: 'link', value: 'https://example.com/a.png' }]);
    assert.deepEqual(fromLink.attachments, []);
  });

  it('builds /shorten, the option-less commands and /prefer remix', () => {
    assert.deepEqual(buildShorten(CTX, command('shorten'), 'long prompt').data.options, [{ type: 3, name: 'prompt', value: 'long prompt' }]);
    for (const name of ['info', 'settings', 'fast', 'relax', 'turbo']) {
      const { data } = buildSimpleCommand(CTX, command(name));
      assert.deepEqual([data.name, data.id, data.version, data.options], [name, `id-${name}`, `v-${name}`, []]);
    }
    assert.deepEqual(buildPreferRemix(CTX, command('prefer')).data.options, [{ type: 1, name: 'remix', options: [] }]);
  });

  it('sends /show without a guild, even when the context has one', () => {
    const payload = buildShow({ ...CTX, channelId: 'DM1' }, command('show'), '0ddb91a0-af46-4ae9-8e8e-c271074eb6e6');
    assert.equal('guild_id' in payload, false);
    assert.equal(payload.channel_id, 'DM1');
    assert.deepEqual(payload.data.options, [{ type: 3, name: 'job_id', value: '0ddb91a0-af46-4ae9-8e8e-c271074eb6e6' }]);
  });

  it('builds the InsightFace commands', () => {
    const ctx = { ...CTX, applicationId: '1090660574196674713' };
    for (const build of [buildSaveFace, buildSwapFace]) {
      const payload = build(ctx, command('saveid'), 'alice', upload('face'));
      assert.equal(payload.application_id, '1090660574196674713');
      assert.deepEqual(payload.data.options, [
        { type: 3, name: 'idname', value: 'alice' },
        { type: 11, name: 'image', value: 0 },
      ]);
      assert.equal(payload.data.attachments.length, 1);
    }
  });
});

describe('component and modal payloads', () => {
  it('builds a button click with the message flags', () => {
    assert.deepEqual(buildButton(CTX, { messageId: 'M1', messageFlags: 64, customId: 'MJ::JOB::upsample::1::h' }), {
      type: 3,
      application_id: '936929561302675456',
      guild_id: 'G1',
      channel_id: 'C1',
      session_id: 'S1',
      nonce: 'N1',
      message_id: 'M1',
      message_flags: 64,
      data: { component_type: 2, custom_id: 'MJ::JOB::upsample::1::h' },
    });
  });

  it('builds a modal submit naming the interaction that opened it', () => {
    const payload = buildModalSubmit(CTX, {
      interactionId: 'I9',
      modalCustomId: 'MJ::RemixModal::h::1::1',
      inputCustomId: 'MJ::RemixModal::new_prompt',
      value: 'new prompt',
    });
    assert.equal(payload.type, 5);
    assert.deepEqual(payload.data, {
      id: 'I9',
      custom_id: 'MJ::RemixModal::h::1::1',
      components: [{ type: 1, components: [{ type: 4, custom_id: 'MJ::RemixModal::new_prompt', value: 'new prompt' }] }],
    });
  });
});
