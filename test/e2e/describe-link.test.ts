import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { startImageHost, type ImageHost } from '../sim/bot/image-host.js';
import { startTestService, type TestService } from './harness.js';
import { submit, succeed } from './plus-helpers.js';

/** The /describe command ids of the two bots (DISCORD.md §2.3): Discord files their ephemeral images under them. */
const MIDJOURNEY_DESCRIBE_ID = '1092492867185950852';
const NIJI_DESCRIBE_ID = '1092683500743831652';

let svc: TestService;
let host: ImageHost;
let png: Buffer;

before(async () => {
  png = await sharp({ create: { width: 160, height: 90, channels: 3, background: { r: 30, g: 60, b: 220 } } }).png().toBuffer();
  host = await startImageHost(png);
  // Discord's own URL is what is checked here: no re-hosting to replace it.
  svc = await startTestService({ demo: { jobSeconds: 0.3 }, images: { store: 'none' } });
});
after(async () => {
  await svc.close();
  await host.close();
});

test('describe with a link to an ordinary web server: four prompts, the image served under /ephemeral-attachments/<describe command id>/', async () => {
  const link = `${host.url}/photos/sky.png`;
  for (const [botType, commandId] of [['MID_JOURNEY', MIDJOURNEY_DESCRIBE_ID], ['NIJI_JOURNEY', NIJI_DESCRIBE_ID]] as const) {
    const task = await succeed(svc, '/submit/describe', { link, botType });
    assert.equal(task.description, `/describe ${link}`);
    assert.equal((task.properties.finalPrompt ?? '').split('\n\n').length, 4);
    assert.match(task.properties.finalPrompt ?? '', /azure tones.*--ar 16:9/);
    const imageUrl = new URL(task.imageUrl ?? '');
    assert.equal(imageUrl.origin, new URL(svc.sim.world.cdnBaseUrl).origin);
    assert.match(imageUrl.pathname, new RegExp(`^/ephemeral-attachments/${commandId}/\\d+/sky\\.png$`), botType);
    const served = await fetch(imageUrl);
    assert.equal(served.status, 200);
    assert.equal(served.headers.get('content-type'), 'image/png');
    assert.deepEqual(Buffer.from(await served.arrayBuffer()), png);
  }
});

test('describe with a link that cannot be fetched fails with Midjourney\'s "Invalid link"', async () => {
  const answer = await submit(svc, '/submit/describe', { link: `${host.url}/missing.png` });
  assert.equal(answer.code, 1, JSON.stringify(answer));
  const task = await svc.waitForTask(answer.result as string);
  assert.equal(task.status, 'FAILURE');
  assert.equal(task.progress, '100%');
  assert.match(task.failReason ?? '', /Invalid link/);
});
