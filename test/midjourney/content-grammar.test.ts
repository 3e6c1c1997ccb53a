import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hashFromButtons, hashFromFile, parseJobContent, type ParsedJobContent } from '../../src/midjourney/index.js';

const U = '<@1122599062454157382>';
type Expected = Partial<ParsedJobContent>;

const CASES: [content: string, expected: Expected][] = [
  [`**rain** - ${U} (Waiting to start)`, { prompt: 'rain', kind: 'imagine', stage: 'start' }],
  [`**rain** - ${U} (0%) (fast)`, { stage: 'progress', percent: 0, mode: 'fast', status: 'running' }],
  [`**rain** - ${U} (100%) (turbo)`, { stage: 'progress', percent: 100, mode: 'turbo' }],
  [`**rain** - ${U} (paused) (relaxed)`, { stage: 'progress', status: 'paused', percent: null, mode: 'relaxed' }],
  [`**rain** - ${U} (Stopped)`, { stage: 'progress', status: 'stopped' }],
  [`**rain** - ${U} (fast)`, { stage: 'final', mode: 'fast', stealth: false }],
  [`**rain** - ${U} (turbo, stealth)`, { stage: 'final', mode: 'turbo', stealth: true }],
  [`**rain** - ${U} (relaxed,stealth)`, { mode: 'relaxed', stealth: true }],
  [`**rain** - ${U} (Open on website for full quality) (relaxed)`, { stage: 'final', mode: 'relaxed' }],
  [
    `**rain** - ${U} [(Open on website for full quality)](<https://midjourney.com/jobs/0ddb91a0-af46-4ae9-8e8e-c271074eb6e6>) (fast)`,
    { stage: 'final', mode: 'fast' },
  ],
  [`**rain** - Image #3 ${U}`, { kind: 'upscale', index: 3, stage: 'final', mode: null }],
  [`**rain** - Variations by ${U} (fast)`, { kind: 'variation', variant: null }],
  [`**rain** - Variations (Subtle) by ${U} (0%) (relaxed)`, { kind: 'variation', variant: 'Subtle', percent: 0 }],
  [`**rain** - Variations (Region) by ${U} (fast)`, { kind: 'variation', variant: 'Region' }],
  [`**rain** - Remix (Subtle) by ${U} (fast)`, { kind: 'variation', variant: 'Subtle' }],
  [`**rain** - Remix by ${U} (Waiting to start)`, { kind: 'variation', stage: 'start' }],
  [`**rain** - Upscaled (Creative) by ${U} (fast)`, { kind: 'upscale-hd', variant: 'Creative' }],
  [`**rain** - Upscaled (4x) by ${U} (Open on website for full quality) (fast)`, { kind: 'upscale-hd', variant: '4x', mode: 'fast' }],
  [`**rain** - Upscaled by ${U} (fast)`, { kind: 'upscale-hd', variant: null }],
  [`**rain** - Upscaling by ${U} (0%) (fast)\n-# more text`, { kind: 'upscale-hd', stage: 'progress', percent: 0 }],
  [`**rain --zoom 2** - Zoom Out by ${U} (62%) (fast)`, { kind: 'zoom', prompt: 'rain --zoom 2' }],
  [`**rain** - Pan Left by ${U} (relaxed)`, { kind: 'pan', panDirection: 'left' }],
  [`**rain** - Pan Down by ${U} (fast)`, { kind: 'pan', panDirection: 'down' }],
  [`Making variations for image #1 with prompt **rain** - ${U} (Waiting to start)`, { kind: 'variation', index: 1, prompt: 'rain' }],
  [`Upscaling image #4 with **rain** - ${U} (Waiting to start)`, { kind: 'upscale', index: 4, prompt: 'rain' }],
  [`**<https://s.mj.run/abc> <https://s.mj.run/def> --ar 2:3 --v 5.1** - ${U} (relaxed)`, { prompt: '<https://s.mj.run/abc> <https://s.mj.run/def> --ar 2:3 --v 5.1' }],
  [`**a cat --video 1 --motion high** - ${U} (fast)`, { kind: 'video' }],
  [`**a **very** bold ** - cat** - ${U} (fast)`, { prompt: 'a **very** bold ** - cat' }],
];

describe('job content grammar', () => {
  for (const [content, expected] of CASES) {
    it(JSON.stringify(content).slice(0, 90), () => {
      const parsed = parseJobContent(content);
      assert.ok(parsed, 'should parse');
      assert.equal(parsed.userId, '1122599062454157382');
      for (const [key, value] of Object.entries(expected)) {
        assert.deepEqual(parsed[key as keyof ParsedJobContent], value, key);
      }
    });
  }

  it('rejects contents that are not job messages', () => {
    for (const content of ['', 'Done! Your jobs now use fast-hours.', '**rain**', '**rain** - (fast)', 'hello <@1> (fast)']) {
      assert.equal(parseJobContent(content), null, content);
    }
  });

  it('handles a very long prompt quickly', () => {
    const prompt = Array.from({ length: 2000 }, (_, i) => `word${i} **x**`).join(' ');
    const parsed = parseJobContent(`**${prompt}** - ${U} (fast)`);
    assert.equal(parsed?.prompt, prompt);
  });
});

describe('job hash', () => {
  const H = '0ddb91a0-af46-4ae9-8e8e-c271074eb6e6';
  it('reads every file-name shape', () => {
    assert.equal(hashFromFile(`${H}_grid_0.webp`), H);
    assert.equal(hashFromFile(`alice_a_red_cat_${H}.png`), H);
    assert.equal(hashFromFile(`https://cdn.discordapp.com/attachments/1/2/alice_cat_${H}.png?ex=6836daff&is=6835897f&hm=ab12&`), H);
    assert.equal(hashFromFile(`alice_cat_${H}_0.mp4`), H);
    assert.equal(hashFromFile(`https://cdn.midjourney.com/${H}/0_0.png`), H);
    assert.equal(hashFromFile(`prefix-${H.toUpperCase()}-suffix.bin`), H, 'first UUID anywhere, lower-cased');
    assert.equal(hashFromFile('grid_0.webp'), null);
  });

  it('reads buttons', () => {
    const button = (customId: string) => ({ customId, emoji: '', label: '', type: 2, style: 2 });
    assert.equal(hashFromButtons([button('MJ::Settings::RemixMode'), button(`MJ::CancelJob::ByJobid::${H}`)]), H);
    assert.equal(hashFromButtons([button('MJ::Picread::Retry')]), null);
  });
});
