import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DiscordMediaUrls } from '../../src/images/discord-media.js';
import { planHosting, previewStem } from '../../src/images/hosting-plan.js';
import { mediaUrlsOf, replaceMediaUrls } from '../../src/images/task-media.js';
import { sampleTask } from '../api/helpers.js';

const CDN = 'https://cdn.discordapp.com/attachments/1/2';
const signed = (name: string, issuedS = 1_700_000_000, lifetimeS = 86_400) =>
  `${CDN}/${name}?ex=${(issuedS + lifetimeS).toString(16)}&is=${issuedS.toString(16)}&hm=${'a'.repeat(64)}&`;

test('Discord media: its CDN, its media proxy and configured stand-ins, attachments only; never any other host', () => {
  const discord = new DiscordMediaUrls(['https://proxy.example/discord/', 'http://127.0.0.1:9000']);
  for (const url of [
    signed('a.png'), 'https://media.discordapp.net/attachments/1/2/a.png', 'https://proxy.example/discord/attachments/1/2/a.png',
    'http://127.0.0.1:9000/ephemeral-attachments/1/2/a.png', 'http://127.0.0.1:9000/media/attachments/1/2/a.png',
  ]) assert.ok(discord.isDiscordMedia(url), url);
  for (const url of [
    'https://example.com/attachments/1/2/a.png', 'https://cdn.discordapp.com.evil.example/attachments/1/2/a.png',
    'http://127.0.0.1:90001/attachments/1/2/a.png', 'https://proxy.example/other/attachments/a.png',
    'https://cdn.discordapp.com/avatars/1/a.png', 'http://mj.example/mj/image/1/image.png', 'not a url',
  ]) assert.ok(!discord.isDiscordMedia(url), url);
});

test('a signed link counts as expired shortly before its ex (a tenth of its life, at most a minute); unsigned never', () => {
  const discord = new DiscordMediaUrls();
  const day = signed('a.png', 1_700_000_000);
  const expiresMs = (1_700_000_000 + 86_400) * 1000;
  assert.ok(!discord.isExpired(day, expiresMs - 61_000));
  assert.ok(discord.isExpired(day, expiresMs - 59_000));
  const short = signed('b.png', 1_700_000_000, 10);
  assert.ok(!discord.isExpired(short, 1_700_000_008_900));
  assert.ok(discord.isExpired(short, 1_700_000_009_100));
  assert.ok(!discord.isExpired(`${CDN}/c.png`, Date.now()));
});

test('the plan: every Discord URL once, named by its first field; grids cut and thumbnails only for a finished image', () => {
  const isDiscord = (url: string) => url.startsWith(CDN);
  const grid = sampleTask({ imageUrl: signed('grid.png') });
  assert.deepEqual(planHosting(grid, isDiscord), { downloads: [{ url: signed('grid.png'), stem: 'image' }], cutGrid: true, thumbnail: true });

  const upscale = sampleTask({ action: 'UPSCALE', imageUrl: signed('u.png') });
  assert.equal(planHosting(upscale, isDiscord)?.cutGrid, false);
  const video = sampleTask({ action: 'VIDEO', imageUrl: signed('v.mp4'), videoUrl: signed('v.mp4'), videoUrls: [{ url: signed('v.mp4') }] });
  assert.deepEqual(planHosting(video, isDiscord)?.downloads, [{ url: signed('v.mp4'), stem: 'image' }]);
  const many = sampleTask({ action: 'UPSCALE', imageUrl: signed('1.png'), imageUrls: [{ url: signed('1.png') }, { url: signed('2.png') }] });
  assert.deepEqual(planHosting(many, isDiscord)?.downloads.map((d) => d.stem), ['image', '2']);
  const failed = sampleTask({ status: 'FAILURE', imageUrl: signed('preview.webp') });
  assert.deepEqual(planHosting(failed, isDiscord), { downloads: [{ url: signed('preview.webp'), stem: 'image' }], cutGrid: false, thumbnail: false });

  assert.equal(planHosting(sampleTask({ imageUrl: 'http://mj.example/mj/image/1/image.png' }), isDiscord), null);
  assert.equal(planHosting(sampleTask({ imageUrl: 'https://user.example/attachments/x.png' }), isDiscord), null);
  const described = sampleTask({ imageUrl: signed('grid.png'), imageUrls: [{ url: 'http://mj.example/1.png' }] });
  assert.equal(planHosting(described, isDiscord)?.cutGrid, false, 'parts already there');
});

test('preview names differ per Discord file and are safe file stems', () => {
  const a = previewStem(signed('a_grid_0.webp'));
  assert.match(a, /^preview-[0-9a-f]{12}$/);
  assert.equal(previewStem(`${CDN}/a_grid_0.webp?other=query`), a, 'the query does not matter');
  assert.notEqual(previewStem(signed('b_grid_0.webp')), a);
});

test('media URLs are read and swapped in every field, empty and null lists left alone', () => {
  const task = sampleTask({ imageUrl: 'd1', imageUrls: [{ url: 'd1' }, { url: 'd2' }], videoUrl: 'v', videoUrls: [{ url: 'v' }] });
  assert.deepEqual(mediaUrlsOf(task), ['d1', 'd2', 'v']);
  assert.equal(replaceMediaUrls(task, new Map([['x', 'y']])), false);
  assert.equal(replaceMediaUrls(task, new Map([['d1', 'h1'], ['v', 'hv']])), true);
  assert.deepEqual([task.imageUrl, task.imageUrls, task.videoUrl, task.videoUrls], ['h1', [{ url: 'h1' }, { url: 'd2' }], 'hv', [{ url: 'hv' }]]);
  const bare = { ...sampleTask({ imageUrl: null }), imageUrls: null, videoUrls: null } as unknown as ReturnType<typeof sampleTask>;
  assert.deepEqual(mediaUrlsOf(bare), []);
  assert.equal(replaceMediaUrls(bare, new Map([['a', 'b']])), false);
  assert.equal(bare.imageUrls, null);
});
