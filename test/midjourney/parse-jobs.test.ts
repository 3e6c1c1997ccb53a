import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDispatch } from '../../src/midjourney/index.js';
import { CONTEXT, HASH_1, HASH_2, HASH_3, loadFixture, only, parseFixture } from './fixture-helpers.js';

describe('imagine job messages', () => {
  it('reads the nonce-bearing start message W', () => {
    const event = only('imagine-waiting', 'job-start');
    assert.equal(event.source, 'create');
    assert.equal(event.nonce, '1299999999999999999');
    assert.equal(event.interactionId, '1300000000000000100');
    assert.equal(event.interactionName, 'imagine');
    assert.equal(event.messageId, '1300000000000000101');
    assert.equal(event.prompt, 'a red cat --v 6.0');
    assert.equal(event.contentKind, 'imagine');
    assert.equal(event.jobHash, undefined);
  });

  it('reads a progress edit with its preview and job hash', () => {
    const event = only('imagine-progress', 'job-progress');
    assert.equal(event.source, 'update');
    assert.equal(event.nonce, undefined);
    assert.equal(event.percent, 46);
    assert.equal(event.status, 'running');
    assert.equal(event.mode, 'fast');
    assert.equal(event.jobHash, HASH_1);
    assert.match(event.previewUrl ?? '', /_grid_0\.webp\?ex=/);
  });

  it('reads paused and stopped jobs as progress without a percentage', () => {
    const paused = only('imagine-paused', 'job-progress');
    assert.deepEqual([paused.status, paused.percent, paused.mode], ['paused', null, 'relaxed']);
    const stopped = only('imagine-stopped', 'job-progress');
    assert.deepEqual([stopped.status, stopped.percent, stopped.mode], ['stopped', null, null]);
  });

  it('reads the final grid with image, hash and flattened buttons', () => {
    const event = only('imagine-final', 'job-done');
    assert.equal(event.nonce, undefined);
    assert.equal(event.contentKind, 'imagine');
    assert.equal(event.mode, 'fast');
    assert.equal(event.jobHash, HASH_1);
    assert.equal(event.image.width, 2048);
    assert.equal(event.image.contentType, 'image/png');
    assert.match(event.image.proxyUrl ?? '', /^https:\/\/media\.discordapp\.net\//);
    assert.deepEqual(event.images, []);
    assert.equal(event.videoUrl, null);
    assert.deepEqual(
      event.buttons.map((b) => b.label || b.emoji),
      ['U1', 'U2', 'U3', 'U4', '🔄', 'V1', 'V2', 'V3', 'V4'],
    );
    assert.deepEqual(event.buttons[4], {
      customId: `MJ::JOB::reroll::0::${HASH_1}::SOLO`,
      emoji: '🔄',
      label: '',
      type: 2,
      style: 2,
    });
  });

  it('keeps `**` inside the prompt and reads (relaxed, stealth)', () => {
    const event = only('imagine-final-stealth-bold', 'job-done');
    assert.equal(event.prompt, 'a **bold** cat, **neon** ** - glow --v 6.1');
    assert.equal(event.mode, 'relaxed');
  });

  it('reads a long prompt followed by the markdown website link', () => {
    const event = only('imagine-final-long-prompt', 'job-done');
    assert.ok(event.prompt.length > 3000);
    assert.ok(event.prompt.startsWith('<https://s.mj.run/AbCdEfGhIjK> an intricately'));
    assert.ok(event.prompt.endsWith('--v 7.0 --p 77724z8'));
    assert.equal(event.mode, 'fast');
    assert.equal(event.jobHash, HASH_2);
  });

  it('deletes are reported by id', () => {
    assert.deepEqual(parseFixture('message-delete'), [
      { kind: 'message-deleted', messageId: '1300000000000000101', channelId: '1100000000000000002' },
    ]);
  });
});

describe('button-made jobs', () => {
  it('reads an upscale `Image #2` reply with its new hash and solo buttons', () => {
    const event = only('upscale-result', 'job-done');
    assert.equal(event.contentKind, 'upscale');
    assert.equal(event.index, 2);
    assert.equal(event.mode, null);
    assert.equal(event.jobHash, HASH_2);
    assert.equal(event.referencedMessageId, '1300000000000000200');
    assert.equal(event.interactionId, '1300000000000000250');
    const subtle = event.buttons[0];
    assert.deepEqual(subtle, {
      customId: `MJ::JOB::upsample_v6_2x_subtle::1::${HASH_2}::SOLO`,
      emoji: 'upscale_1',
      label: 'Upscale (Subtle)',
      type: 2,
      style: 2,
    });
    assert.ok(!event.buttons.some((b) => b.label === 'Web'), 'link buttons have no custom_id and are left out');
    assert.equal(event.buttons.at(-1)?.customId, `MJ::BOOKMARK::${HASH_2}`);
  });

  it('tells variation, remix, zoom and pan contents apart', () => {
    const variation = only('variation-final', 'job-done');
    assert.deepEqual([variation.contentKind, variation.jobHash], ['variation', HASH_3]);
    const remix = only('remix-progress', 'job-progress');
    assert.deepEqual([remix.contentKind, remix.prompt, remix.percent, remix.mode], ['variation', 'a blue cat --v 6.0', 15, 'relaxed']);
    const zoom = only('zoom-progress', 'job-progress');
    assert.deepEqual([zoom.contentKind, zoom.prompt, zoom.percent], ['zoom', 'a red cat --v 6.0 --zoom 2', 62]);
    const pan = only('pan-final', 'job-done');
    assert.deepEqual([pan.contentKind, pan.mode], ['pan', 'relaxed']);
  });

  it('reads upscale subtle / creative results and the Upscaling progress with subtext', () => {
    const subtle = only('upscale-subtle-final', 'job-done');
    assert.deepEqual([subtle.contentKind, subtle.mode], ['upscale-hd', 'fast']);
    const creative = only('upscale-creative-final', 'job-done');
    assert.deepEqual([creative.contentKind, creative.mode], ['upscale-hd', 'fast']);
    const running = only('upscale-progress-subtext', 'job-progress');
    assert.deepEqual([running.contentKind, running.percent, running.mode], ['upscale-hd', 31, 'fast']);
  });

  it('takes the job hash of an ephemeral W from its Cancel Job button', () => {
    const event = only('zoom-waiting-ephemeral', 'job-start');
    assert.equal(event.flags, 64);
    assert.equal(event.prompt, 'rain');
    assert.equal(event.jobHash, HASH_3);
  });

  it('reads the legacy start forms', () => {
    const variation = only('legacy-variation-waiting', 'job-start');
    assert.deepEqual([variation.contentKind, variation.prompt], ['variation', 'a red cat --v 6.0']);
    const upscale = only('legacy-upscaling-waiting', 'job-start');
    assert.deepEqual([upscale.contentKind, upscale.prompt], ['upscale', 'a red cat --v 6.0']);
  });

  it('reads a `--video 1` job with its clip', () => {
    const event = only('video-final', 'job-done');
    assert.equal(event.contentKind, 'video');
    assert.equal(event.jobHash, HASH_2);
    assert.match(event.videoUrl ?? '', /_0\.mp4\?/);
    assert.equal(event.image.contentType, 'video/mp4');
  });
});

describe('whose messages are parsed', () => {
  it('ignores messages of users and of bots not listed', () => {
    assert.deepEqual(parseFixture('user-message'), []);
    assert.deepEqual(parseFixture('imagine-final', { botApplicationIds: new Set(['1']) }), []);
  });

  it('leaves out jobs of another user when a userId is given', () => {
    const other = { ...CONTEXT, userId: '42' };
    assert.deepEqual(parseFixture('imagine-final', other), [], 'by the mention in the content');
    assert.deepEqual(parseFixture('info-pro', other), [], 'by the interaction user');
    const { botApplicationIds } = CONTEXT;
    assert.equal(parseFixture('imagine-final', { botApplicationIds }).length, 1, 'no userId: everything');
  });

  it('needs an image and a hash for a finished job', () => {
    const payload = loadFixture('imagine-final');
    const d = { ...(payload.d as Record<string, unknown>), attachments: [], components: [] };
    assert.deepEqual(parseDispatch(payload.t, d, CONTEXT), []);
    const noHash = {
      ...(payload.d as Record<string, unknown>),
      components: [],
      attachments: [{ id: '1', filename: 'grid.png', size: 1, url: 'https://cdn.example/grid.png', proxy_url: '', content_type: 'image/png' }],
    };
    assert.deepEqual(parseDispatch(payload.t, noHash, CONTEXT), []);
  });
});
