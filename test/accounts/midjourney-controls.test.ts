import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeVersion } from '../../src/accounts/midjourney-controls.js';

test('a version is recognised however a Plus client writes it', () => {
  for (const written of ['6.1', 'v6.1', 'V6.1', '--v 6.1', ' --v  6.1 ']) assert.equal(normalizeVersion(written), '6.1', written);
  assert.equal(normalizeVersion('niji 6'), normalizeVersion('--niji 6'));
  assert.equal(normalizeVersion('Midjourney Model V7'), 'midjourneymodelv7');
  assert.notEqual(normalizeVersion('6'), normalizeVersion('6.1'));
});
