import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDispatch, parseFastHoursLeft } from '../../src/midjourney/index.js';
import { CONTEXT, HASH_1, loadFixture, only, parseFixture } from './fixture-helpers.js';

describe('deferred answers', () => {
  it('reports the empty loading message of a deferred command', () => {
    const event = only('describe-deferred', 'deferred');
    assert.deepEqual([event.nonce, event.interactionName, event.flags], ['1300000000000000599', 'describe', 128]);
  });

  it('reads the describe result: four prompts, the whole text, the image', () => {
    const event = only('describe-result', 'describe-result');
    assert.equal(event.source, 'update');
    assert.equal(event.messageId, '1300000000000000601');
    assert.equal(event.prompts.length, 4);
    assert.ok(event.prompts[0]?.startsWith('A fluffy orange cat sitting on a wooden windowsill'));
    assert.ok(event.prompts[0]?.endsWith('soft focus --ar 4:3'));
    assert.equal(event.prompts[3], 'cat portrait, amber tones, impressionist brushwork --ar 4:3');
    assert.ok(event.text.startsWith('1️⃣ A fluffy') && event.text.includes('\n\n4️⃣ cat portrait'));
    assert.match(event.imageUrl ?? '', /ephemeral-attachments\/1092492867185950852\//);
    assert.deepEqual(event.buttons.map((b) => b.customId).slice(-2), ['MJ::Picread::Retry', 'MJ::Job::PicReader::all']);
  });

  it('reads the shorten result and its Show Details variant', () => {
    const plain = only('shorten-result', 'shorten-result');
    assert.equal(plain.details, false);
    assert.deepEqual(plain.prompts, [
      'appdash appdash, draftsmanship, commission for, ethereal, toonami',
      'appdash appdash, draftsmanship, toonami',
      'appdash appdash, draftsmanship, ethereal, toonami',
      'appdash, draftsmanship, toonami',
      'appdash, toonami',
    ]);
    assert.ok(plain.text.startsWith('## Important tokens'));
    const details = only('shorten-details', 'shorten-result');
    assert.equal(details.details, true);
    assert.equal(details.prompts.length, 5);
  });

  it('reads /info of a Pro account', () => {
    const { info } = only('info-pro', 'info-result');
    assert.equal(info.subscription, 'Pro (Active yearly, renews next on <t:1715321361>)');
    assert.equal(info.jobMode, 'Fast');
    assert.equal(info.visibilityMode, 'Stealth');
    assert.equal(info.fastTimeRemaining, '29.57/30.0 hours (98.58%)');
    assert.equal(info.fastHoursLeft, 29.57);
    assert.equal(info.lifetimeUsage, '102 images (1.77 hours)');
    assert.equal(info.relaxedUsage, '19 images (0.29 hours)');
    assert.deepEqual([info.queuedFast, info.queuedRelax, info.runningJobs], [0, 2, 'None']);
    assert.equal(Object.keys(info.raw).length, 9);
  });

  it('reads /info of a trial account (minutes left)', () => {
    const { info } = only('info-trial', 'info-result');
    assert.equal(info.subscription, 'None (Trial)');
    assert.equal(info.fastHoursLeft, 25 / 60);
    assert.equal(parseFastHoursLeft('0.19/15.0 hours (1.27%)'), 0.19);
    assert.equal(parseFastHoursLeft('unknown'), null);
  });

  it('reads /settings toggles from green buttons', () => {
    const event = only('settings', 'settings-result');
    assert.deepEqual([event.remix, event.highVariability, event.mode], [true, false, 'relax']);
    assert.ok(!event.buttons.some((b) => b.customId === 'MJ::Settings::VersionSelector'), 'selects are not buttons');
    assert.equal(event.buttons.length, 10);
    assert.equal(event.version, '6.0');
    assert.deepEqual(event.versions, [{ value: '6.0', label: 'Midjourney Model V6.0', default: true }]);
  });

  it('reads /fast, /relax and /prefer remix answers', () => {
    assert.equal(only('fast-done', 'preference-changed').mode, 'fast');
    assert.equal(only('relax-done', 'preference-changed').mode, 'relax');
    const remix = only('prefer-remix', 'preference-changed');
    assert.deepEqual([remix.remix, remix.mode], [true, undefined]);
  });

  it('reads toggles and "Done!" answers by their words when the command name is missing', () => {
    const { t, d } = loadFixture('prefer-remix');
    const reply = (content: string) => {
      const { interaction: _i, interaction_metadata: _m, ...rest } = d as Record<string, unknown>;
      return parseDispatch(t, { ...rest, content }, CONTEXT);
    };
    assert.deepEqual(reply('High variability mode turned off!').map((e) => e.kind === 'preference-changed' && e.highVariability), [false]);
    assert.deepEqual(reply('Remix mode turned off!').map((e) => e.kind === 'preference-changed' && e.remix), [false]);
    const relax = 'Done! Your jobs now do not consume fast-hours, but might take a little longer. You can always switch back with /fast';
    assert.deepEqual(reply(relax).map((e) => e.kind === 'preference-changed' && e.mode), ['relax']);
    assert.deepEqual(reply('Done! Turbo mode is on.').map((e) => e.kind === 'preference-changed' && e.mode), ['turbo']);
    assert.deepEqual(reply('Done! Stealth mode turned on.'), [], 'not a mode switch');
  });
});

describe('the DM seed flow', () => {
  it('reads the /show answer as the job it shows', () => {
    const event = only('show-result', 'show-result');
    assert.deepEqual([event.jobHash, event.channelId, event.nonce], [HASH_1, '1100000000000000003', '1300000000000001099']);
  });

  it('reads the seed DM', () => {
    const event = only('seed-dm', 'seed');
    assert.deepEqual([event.jobHash, event.seed], [HASH_1, '1259687673']);
  });
});

describe('interaction dispatches', () => {
  it('reports create / success / failure with nonce and reason', () => {
    assert.deepEqual(parseFixture('interaction-create'), [
      { kind: 'interaction-created', interactionId: '1300000000000000100', nonce: '1299999999999999999' },
    ]);
    assert.deepEqual(parseFixture('interaction-success'), [
      { kind: 'interaction-succeeded', interactionId: '1300000000000000100', nonce: '1299999999999999999' },
    ]);
    assert.deepEqual(parseFixture('interaction-failure'), [
      { kind: 'interaction-failed', interactionId: '1300000000000003000', nonce: '1300000000000002999', reasonCode: 2 },
    ]);
  });

  it('reads a modal with its text inputs', () => {
    assert.deepEqual(parseFixture('modal-create'), [
      {
        kind: 'modal',
        interactionId: '1300000000000003100',
        nonce: '1300000000000003099',
        channelId: '1100000000000000002',
        applicationId: '936929561302675456',
        customId: `MJ::RemixModal::${HASH_1}::1::1`,
        title: 'Remix Prompt',
        inputs: [{ customId: 'MJ::RemixModal::new_prompt', value: 'a red cat --v 6.0' }],
      },
    ]);
  });

  it('tells the Vary (Region) editor from a captcha', () => {
    const region = only('iframe-modal', 'iframe-modal');
    assert.deepEqual([region.customId, region.captcha], ['MJ::iframe::U3NhbXBsZVRva2Vu', false]);
    const captcha = only('captcha-iframe', 'iframe-modal');
    assert.deepEqual([captcha.title, captcha.captcha], ['Action required to continue', true]);
  });
});

describe('InsightFace', () => {
  it('reads a swap result by the command it answers', () => {
    const event = only('insightface-swap', 'face-swapped');
    assert.equal(event.applicationId, '1090660574196674713');
    assert.equal(event.image?.filename, 'swapped_result.jpg');
    assert.equal(event.nonce, '1300000000000003399');
  });
});
