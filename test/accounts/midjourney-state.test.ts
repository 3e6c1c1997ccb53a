import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MidjourneyStateTracker } from '../../src/accounts/midjourney-state.js';
import { midjourneyView } from '../../src/accounts/midjourney-view.js';
import { resolveConfig } from '../../src/config/load.js';
import { parseFixture } from '../midjourney/fixture-helpers.js';

const ACTIVITY = 'https://936929561302675456.discordsays.com';
const NOW = 1_733_200_000_000;

function tracker() {
  const config = resolveConfig({ accounts: [{ channelId: 'c1', userToken: 't' }] }).accounts[0]!;
  return new MidjourneyStateTracker(config, ACTIVITY, () => NOW);
}

const feed = (t: MidjourneyStateTracker, ...fixtures: string[]) => {
  for (const name of fixtures) for (const event of parseFixture(name)) t.apply(event);
};

test('/info and /settings land in the state with the time they were read', () => {
  const t = tracker();
  feed(t, 'info-pro', 'settings');
  const view = midjourneyView(t.state);
  assert.equal(view.info?.fastHoursLeft, 29.57);
  assert.equal(view.info?.updatedAt, NOW);
  assert.equal(view.info?.runningJobs, 0);
  assert.equal(view.settings?.version, '6.0');
  assert.equal(view.settings?.variability, 'low');
  assert.equal(view.settings?.mode, 'RELAX');
  assert.equal(t.state.fastExhausted, false);
  assert.ok(t.panels.size === 1, 'the panel is remembered for clicks');
});

test('"Credits exhausted" marks the fast hours used up; /info with fast time clears it', () => {
  const t = tracker();
  feed(t, 'error-credits-exhausted');
  assert.equal(t.state.fastExhausted, true);
  assert.equal(t.state.lock, null, 'running out of fast hours is no lock');
  feed(t, 'info-pro');
  assert.equal(t.state.fastExhausted, false);
});

test('a captcha, "Blocked", "Subscription required" and a pending mod message lock the account; the first lock stays', () => {
  for (const [fixture, reason, url] of [
    ['captcha-iframe', /^\[Action required to continue\] verify you're human$/, new RegExp(`^${ACTIVITY}/captcha/embedded/`)],
    ['error-verify-human', /verify you're human/, null],
    ['error-blocked', /^\[Blocked\] /, null],
    ['error-subscription-required', /^\[Subscription required\] /, null],
    ['error-tos-not-accepted', /^\[Tos not accepted\] /, null],
    ['error-pending-mod', /^\[Pending mod message\] /, null],
  ] as const) {
    const t = tracker();
    feed(t, fixture);
    assert.match(t.state.lock?.reason ?? '', reason, fixture);
    if (url) assert.match(t.state.lock?.url ?? '', url);
    else assert.equal(t.state.lock?.url, null, fixture);
    assert.equal(t.state.lock?.since, NOW);
    feed(t, 'error-blocked');
    assert.match(t.state.lock?.reason ?? '', reason, 'a later lock does not replace the first');
  }
});

test('errors of a job (banned, invalid, queue full, appeal) lock nothing; unlock clears a lock, of a kind when asked', () => {
  const t = tracker();
  feed(t, 'error-banned-prompt', 'error-invalid-parameter', 'error-queue-full', 'error-action-needed', 'error-job-queued');
  assert.equal(t.state.lock, null);
  feed(t, 'error-blocked');
  assert.equal(t.unlock('pending-mod'), false, 'acknowledging a notice leaves a block alone');
  assert.equal(t.unlock(), true);
  assert.equal(t.state.lock, null);
  assert.equal(t.unlock(), false);
});
