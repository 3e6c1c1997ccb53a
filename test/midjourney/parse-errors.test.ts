import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BotErrorEvent } from '../../src/midjourney/index.js';
import { only } from './fixture-helpers.js';

const EXPECTED: [fixture: string, code: BotErrorEvent['code'], fatal: boolean][] = [
  ['error-banned-prompt', 'banned', true],
  ['error-banned-image-prompt', 'banned', true],
  ['error-invalid-parameter', 'invalid', true],
  ['error-empty-prompt', 'invalid', true],
  ['error-invalid-link', 'invalid', true],
  ['error-queue-full', 'queue-full', true],
  ['error-job-queued', 'job-queued', false],
  ['error-job-action-restricted', 'other', true],
  ['error-output-filters', 'other', true],
  ['error-could-not-complete', 'other', true],
  ['error-action-needed', 'action-needed', true],
  ['error-pending-mod', 'pending-mod', true],
  ['error-blocked', 'account', true],
  ['error-subscription-required', 'account', true],
  ['error-credits-exhausted', 'fast-exhausted', true],
  ['error-tos-not-accepted', 'account', true],
  ['error-duplicate-images', 'other', true],
  ['error-verify-human', 'captcha', true],
];

describe('error embeds', () => {
  for (const [fixture, code, fatal] of EXPECTED) {
    it(`${fixture} → ${code}${fatal ? '' : ' (not fatal)'}`, () => {
      const event = only(fixture, 'bot-error');
      assert.equal(event.code, code);
      assert.equal(event.fatal, fatal);
      assert.ok(event.nonce, 'errors replace W, so they carry the nonce');
      assert.ok(event.title !== '' && event.description !== '');
    });
  }

  it('keeps the footer, the colour and the buttons to press', () => {
    const banned = only('error-banned-prompt', 'bot-error');
    assert.equal(banned.footer, '/imagine a red cat --v 6.0');
    assert.equal(banned.color, 16711680);
    assert.ok(banned.description.startsWith('Sorry! Our AI moderator thinks this prompt'));
    const queued = only('error-job-queued', 'bot-error');
    assert.equal(queued.color, 16239475);
    const appeal = only('error-action-needed', 'bot-error');
    assert.deepEqual(appeal.buttons.map((b) => b.customId), ['MJ::Prompts::Appeal::1300000000000002999']);
  });

  it('reads the plain "Failed to process your command" content', () => {
    const event = only('failed-to-process', 'bot-error');
    assert.deepEqual([event.fatal, event.code, event.color], [true, 'other', null]);
    assert.equal(event.description, 'Failed to process your command :confused:');
  });
});
