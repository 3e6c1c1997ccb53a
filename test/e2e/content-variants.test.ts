/** Midjourney's rarer content shapes, end to end: "(paused)", "Open on website" links, video extend and upscale. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator } from '../../src/sim/index.js';
import { startTestService } from './harness.js';
import { click, gridAndUpscale, succeed } from './plus-helpers.js';

test('paused relaxed jobs and "Open on website" finals complete like any other', async () => {
  const sim = await startSimulator({ jobSeconds: 0.4, midjourney: { openOnWebsite: true, pauseRelaxed: true } });
  const svc = await startTestService({}, sim);
  try {
    const relaxed = await succeed(svc, '/submit/imagine', { prompt: 'a slow river --relax' });
    assert.equal(relaxed.mode, 'RELAX');
    assert.match(relaxed.properties.messageContent ?? '', /Open on website for full quality/);
    assert.equal(relaxed.properties.finalPrompt, 'a slow river');
    const { task: single } = await click(svc, relaxed, 'U2');
    assert.equal(single?.action, 'UPSCALE');
  } finally {
    await svc.close();
    await sim.close();
  }
});

test('a video can be extended and upscaled through its buttons', async () => {
  const svc = await startTestService({ demo: { jobSeconds: 0.3 } });
  try {
    const { single } = await gridAndUpscale(svc, 'clouds drifting');
    const video = await succeed(svc, '/submit/video', { taskId: single.id, index: 1, motion: 'low' });
    const { task: extended } = await click(svc, video, /animate_high_extend/);
    assert.equal(extended?.action, 'VIDEO');
    assert.ok(extended?.videoUrl);
    const { task: upscaled } = await click(svc, video, /video_virtual_upscale/);
    assert.equal(upscaled?.action, 'UPSCALE');
    assert.ok(upscaled?.videoUrl);
  } finally {
    await svc.close();
  }
});
