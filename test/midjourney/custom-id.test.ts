import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  buttonDescription,
  buttonIndex,
  formatCustomId,
  modalFor,
  parseCustomId,
  SHOW_DETAILS_CUSTOM_ID,
  taskActionForButton,
  type ButtonAction,
  type ButtonTaskAction,
} from '../../src/midjourney/index.js';
import { fixtureNames, HASH_1 as H, only } from './fixture-helpers.js';

const ROUND_TRIPS: [customId: string, action: ButtonAction][] = [
  [`MJ::JOB::upsample::2::${H}`, { kind: 'upsample', index: 2, jobHash: H, solo: false }],
  [`MJ::JOB::variation::4::${H}`, { kind: 'variation', index: 4, jobHash: H, solo: false }],
  [`MJ::JOB::reroll::0::${H}::SOLO`, { kind: 'reroll', index: 0, jobHash: H, solo: true }],
  [`MJ::JOB::low_variation::1::${H}::SOLO`, { kind: 'low_variation', index: 1, jobHash: H, solo: true }],
  [`MJ::JOB::high_variation::1::${H}::SOLO`, { kind: 'high_variation', index: 1, jobHash: H, solo: true }],
  [`MJ::JOB::upsample_v6_2x_subtle::1::${H}::SOLO`, { kind: 'upsample_hd', variant: 'v6_2x_subtle', index: 1, jobHash: H, solo: true }],
  [`MJ::JOB::upsample_v7_2x_creative::1::${H}::SOLO`, { kind: 'upsample_hd', variant: 'v7_2x_creative', index: 1, jobHash: H, solo: true }],
  [`MJ::JOB::upsample_v5_4x::1::${H}::SOLO`, { kind: 'upsample_hd', variant: 'v5_4x', index: 1, jobHash: H, solo: true }],
  [`MJ::Outpaint::50::1::${H}::SOLO`, { kind: 'outpaint', zoom: 50, index: 1, jobHash: H, solo: true }],
  [`MJ::Outpaint::100::1::${H}::SOLO`, { kind: 'outpaint', zoom: 100, index: 1, jobHash: H, solo: true }],
  [`MJ::CustomZoom::${H}`, { kind: 'custom_zoom', jobHash: H }],
  [`MJ::JOB::pan_left::1::${H}::SOLO`, { kind: 'pan', direction: 'left', index: 1, jobHash: H, solo: true }],
  [`MJ::JOB::pan_down::1::${H}::SOLO`, { kind: 'pan', direction: 'down', index: 1, jobHash: H, solo: true }],
  [`MJ::Inpaint::1::${H}::SOLO`, { kind: 'inpaint', index: 1, jobHash: H, solo: true }],
  [`MJ::BOOKMARK::${H}`, { kind: 'bookmark', jobHash: H }],
  [`MJ::JOB::animate_high::1::${H}::SOLO`, { kind: 'animate', motion: 'high', extend: false, index: 1, jobHash: H, solo: true }],
  [`MJ::JOB::animate_low_extend::3::${H}`, { kind: 'animate', motion: 'low', extend: true, index: 3, jobHash: H, solo: false }],
  [`MJ::JOB::video_virtual_upscale::2::${H}`, { kind: 'video_upscale', index: 2, jobHash: H, solo: false }],
  [`MJ::CancelJob::ByJobid::${H}`, { kind: 'cancel_job', jobHash: H }],
  ['MJ::Job::PicReader::3', { kind: 'picreader', pick: 3 }],
  ['MJ::Job::PicReader::all', { kind: 'picreader', pick: 'all' }],
  ['MJ::Picread::Retry', { kind: 'picread_retry' }],
  ['MJ::Job::PromptAnalyzer::5', { kind: 'prompt_analyzer', index: 5 }],
  [SHOW_DETAILS_CUSTOM_ID, { kind: 'show_details', customId: SHOW_DETAILS_CUSTOM_ID }],
  ['MJ::Prompts::Appeal::1300000000000002999', { kind: 'appeal', appealId: '1300000000000002999' }],
  ['MJ::Settings::RemixMode', { kind: 'settings', setting: 'RemixMode' }],
  ['MJ::Settings::HighVariabilityMode::1', { kind: 'settings', setting: 'HighVariabilityMode::1' }],
  ['MJ::Captcha::pick::2', { kind: 'unknown', customId: 'MJ::Captcha::pick::2' }],
];

describe('custom_id grammar', () => {
  for (const [customId, action] of ROUND_TRIPS) {
    it(`round-trips ${customId.replace(H, 'H')}`, () => {
      assert.deepEqual(parseCustomId(customId), action);
      assert.equal(formatCustomId(action), customId);
    });
  }

  it('rejects near misses as unknown', () => {
    for (const customId of [
      '', 'MJ::JOB::upsample::x::H', `MJ::JOB::upsample::1::${H}::SOLO::extra`, `MJ::JOB::upsample::1::${H}::NOPE`,
      'MJ::JOB::upsample::1', 'MJ::CustomZoom::', 'MJ::Job::PicReader::some', `mj::job::upsample::1::${H}`,
    ]) {
      assert.equal(parseCustomId(customId).kind, 'unknown', customId);
    }
  });

  it('formats the usual ::SOLO form when solo is not given', () => {
    assert.equal(formatCustomId({ kind: 'upsample', index: 1, jobHash: H }), `MJ::JOB::upsample::1::${H}`);
    assert.equal(formatCustomId({ kind: 'reroll', index: 0, jobHash: H }), `MJ::JOB::reroll::0::${H}::SOLO`);
    assert.equal(formatCustomId({ kind: 'pan', direction: 'up', index: 1, jobHash: H }), `MJ::JOB::pan_up::1::${H}::SOLO`);
    assert.equal(
      formatCustomId({ kind: 'animate', motion: 'high', extend: true, index: 2, jobHash: H }),
      `MJ::JOB::animate_high_extend::2::${H}`,
    );
  });

  it('round-trips every button of every fixture', () => {
    let seen = 0;
    for (const name of fixtureNames().filter((n) => n.endsWith('final') || n === 'upscale-result')) {
      for (const button of only(name, 'job-done').buttons) {
        const action = parseCustomId(button.customId);
        assert.notEqual(action.kind, 'unknown', button.customId);
        assert.equal(formatCustomId(action), button.customId);
        seen += 1;
      }
    }
    assert.ok(seen > 40);
  });
});

describe('what a click means', () => {
  const ACTIONS: [customId: string, action: ButtonTaskAction | null][] = [
    [`MJ::JOB::upsample::2::${H}`, 'UPSCALE'],
    [`MJ::JOB::upsample_v6_2x_creative::1::${H}::SOLO`, 'UPSCALE'],
    [`MJ::JOB::video_virtual_upscale::1::${H}`, 'UPSCALE'],
    [`MJ::JOB::variation::1::${H}`, 'VARIATION'],
    [`MJ::JOB::low_variation::1::${H}::SOLO`, 'VARIATION'],
    [`MJ::JOB::high_variation::1::${H}::SOLO`, 'VARIATION'],
    [`MJ::Inpaint::1::${H}::SOLO`, 'VARIATION'],
    [`MJ::Outpaint::75::1::${H}::SOLO`, 'ZOOM'],
    [`MJ::Outpaint::100::1::${H}::SOLO`, 'ZOOM'],
    [`MJ::CustomZoom::${H}`, 'ZOOM'],
    [`MJ::JOB::pan_right::1::${H}::SOLO`, 'PAN'],
    [`MJ::JOB::reroll::0::${H}::SOLO`, 'REROLL'],
    ['MJ::Job::PicReader::2', 'IMAGINE'],
    ['MJ::Job::PromptAnalyzer::1', 'IMAGINE'],
    ['MJ::Picread::Retry', 'DESCRIBE'],
    [SHOW_DETAILS_CUSTOM_ID, 'SHORTEN'],
    [`MJ::JOB::animate_low::1::${H}::SOLO`, 'VIDEO'],
    ['MJ::Job::PicReader::all', null],
    [`MJ::BOOKMARK::${H}`, null],
    [`MJ::CancelJob::ByJobid::${H}`, null],
    ['MJ::Settings::RemixMode', null],
    ['MJ::Something::New', null],
  ];
  for (const [customId, expected] of ACTIONS) {
    it(`${customId.replace(H, 'H')} → ${expected}`, () => assert.equal(taskActionForButton(parseCustomId(customId)), expected));
  }

  it('asks for a modal only where DISCORD.md §2.5 says so', () => {
    const off = { remix: false, messageId: 'M' };
    const on = { remix: true, messageId: 'M' };
    const modal = (customId: string, options: Parameters<typeof modalFor>[1]) => modalFor(parseCustomId(customId), options);
    assert.equal(modal(`MJ::JOB::variation::2::${H}`, off), null);
    assert.equal(modal(`MJ::JOB::upsample::2::${H}`, on), null);
    assert.equal(modal(`MJ::Outpaint::50::1::${H}::SOLO`, on), null);
    assert.deepEqual(modal(`MJ::JOB::variation::2::${H}`, on), {
      kind: 'text', modalCustomId: `MJ::RemixModal::${H}::2::0`, inputCustomId: 'MJ::RemixModal::new_prompt', remixOnly: true,
    });
    assert.equal(modal(`MJ::JOB::variation::2::${H}`, { ...on, highVariability: true })?.modalCustomId, `MJ::RemixModal::${H}::2::1`);
    assert.equal(modal(`MJ::JOB::high_variation::1::${H}::SOLO`, on)?.modalCustomId, `MJ::RemixModal::${H}::1::1`);
    assert.equal(modal(`MJ::JOB::low_variation::1::${H}::SOLO`, on)?.modalCustomId, `MJ::RemixModal::${H}::1::0`);
    assert.deepEqual(modal(`MJ::JOB::reroll::0::${H}::SOLO`, on), {
      kind: 'text', modalCustomId: 'MJ::ImagineModal::M', inputCustomId: 'MJ::ImagineModal::new_prompt', remixOnly: true,
    });
    assert.equal(modal(`MJ::JOB::reroll::0::${H}::SOLO`, { remix: true })?.modalCustomId, null);
    assert.deepEqual(modal(`MJ::JOB::pan_left::1::${H}::SOLO`, on), {
      kind: 'text', modalCustomId: `MJ::PanModal::left::${H}::1`, inputCustomId: 'MJ::PanModal::prompt', remixOnly: true,
    });
    assert.equal(modal(`MJ::JOB::animate_high_extend::1::${H}`, on)?.modalCustomId, `MJ::AnimateModal::${H}::1::high::1`);
    assert.deepEqual(modal(`MJ::CustomZoom::${H}`, off), {
      kind: 'text', modalCustomId: `MJ::OutpaintCustomZoomModal::${H}`, inputCustomId: 'MJ::OutpaintCustomZoomModal::prompt', remixOnly: false,
    });
    assert.deepEqual(modal(`MJ::Inpaint::1::${H}::SOLO`, off), { kind: 'iframe', modalCustomId: null, inputCustomId: null, remixOnly: false });
    assert.deepEqual(modal('MJ::Job::PicReader::3', off), {
      kind: 'text', modalCustomId: 'MJ::Picreader::Modal::3', inputCustomId: 'MJ::Picreader::Modal::PromptField', remixOnly: false,
    });
    assert.equal(modal('MJ::Job::PicReader::all', on), null);
    assert.equal(modal('MJ::Job::PromptAnalyzer::2', off)?.modalCustomId, 'MJ::ImagineModal::M');
  });

  it('describes the task a click makes', () => {
    const describe = (customId: string) => buttonDescription('1715000000000123', parseCustomId(customId));
    assert.equal(describe(`MJ::JOB::upsample::2::${H}`), '/up 1715000000000123 U2');
    assert.equal(describe(`MJ::JOB::variation::1::${H}`), '/up 1715000000000123 V1');
    assert.equal(describe(`MJ::JOB::reroll::0::${H}::SOLO`), '/up 1715000000000123 R');
    assert.equal(describe(SHOW_DETAILS_CUSTOM_ID), '/up 1715000000000123 Show Details');
    assert.equal(describe(`MJ::Outpaint::50::1::${H}::SOLO`), '/up 1715000000000123 Zoom Out 2x');
    assert.equal(describe(`MJ::JOB::pan_left::1::${H}::SOLO`), '/up 1715000000000123 Pan Left');
    assert.equal(describe(`MJ::JOB::low_variation::1::${H}::SOLO`), '/up 1715000000000123 Vary (Subtle)');
  });

  it('gives the index a button names', () => {
    assert.equal(buttonIndex(parseCustomId(`MJ::JOB::upsample::3::${H}`)), 3);
    assert.equal(buttonIndex(parseCustomId(`MJ::JOB::reroll::0::${H}::SOLO`)), 0);
    assert.equal(buttonIndex(parseCustomId('MJ::Job::PicReader::4')), 4);
    assert.equal(buttonIndex(parseCustomId(`MJ::CustomZoom::${H}`)), null);
  });
});
