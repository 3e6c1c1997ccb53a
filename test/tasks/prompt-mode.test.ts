import { test } from 'node:test';
import assert from 'node:assert/strict';
import { modeInPrompt, resolveMode, withModeFlag } from '../../src/tasks/prompt-mode.js';

test('mode sources, strongest first', () => {
  const base = { accountDefault: 'FAST' as const, prompt: 'cat --relax' };
  assert.deepEqual(resolveMode({ ...base, body: 'TURBO', prefix: 'RELAX' }), { mode: 'TURBO', explicit: true });
  assert.deepEqual(resolveMode({ ...base, prefix: 'TURBO', filterModes: ['FAST'] }), { mode: 'TURBO', explicit: true });
  assert.deepEqual(resolveMode({ ...base, filterModes: ['FAST'] }), { mode: 'FAST', explicit: true });
  assert.deepEqual(resolveMode(base), { mode: 'RELAX', explicit: true });
  assert.deepEqual(resolveMode({ accountDefault: 'RELAX', prompt: 'cat' }), { mode: 'RELAX', explicit: false });
});

test('the chosen flag replaces a conflicting one', () => {
  assert.equal(withModeFlag('cat --fast --ar 2:3', 'RELAX'), 'cat --ar 2:3 --relax');
  assert.equal(withModeFlag('cat', 'TURBO'), 'cat --turbo');
  assert.equal(modeInPrompt('a --fastidious cat'), undefined);
  assert.equal(modeInPrompt('a cat --turbo'), 'TURBO');
});
