import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AccountPool } from '../../src/accounts/account-pool.js';
import type { AccountSession } from '../../src/accounts/account-session.js';
import type { AccountLock, AccountMjState } from '../../src/accounts/midjourney-state.js';

interface Fake {
  id: string;
  fastExhausted?: boolean;
  lock?: AccountLock | null;
  policy?: 'relax' | 'refuse';
  mode?: 'FAST' | 'RELAX';
}

/** A pool of these sessions (the pool's constructor takes the rule; sessions join with add). */
function poolOf(sessions: AccountSession[]): AccountPool {
  const pool = new AccountPool('round-robin');
  for (const one of sessions) pool.add(one);
  return pool;
}

/** Just what the pool reads of a session. */
function session({ id, fastExhausted = false, lock = null, policy = 'relax', mode = 'FAST' }: Fake): AccountSession {
  const state = { remix: false, fastExhausted, lock } as AccountMjState;
  return {
    id, usable: true, ready: true, state, queue: { backlog: -1 },
    config: { channelId: id, remark: '', remixAutoSubmit: false, weight: 1, fastExhausted: policy, mode },
  } as unknown as AccountSession;
}

const LOCK: AccountLock = { kind: 'captcha', reason: '[Action required to continue] verify you\'re human', url: null, since: 1 };

test('a locked account gets no work', () => {
  const pool = poolOf([session({ id: 'locked', lock: LOCK }), session({ id: 'free' })]);
  for (let i = 0; i < 4; i += 1) assert.equal(pool.choose()?.id, 'free');
  assert.equal(poolOf([session({ id: 'locked', lock: LOCK })]).choose(), undefined);
});

test('fast work goes to accounts with fast hours; relaxed work anywhere', () => {
  const pool = poolOf([session({ id: 'dry', fastExhausted: true }), session({ id: 'funded' })]);
  for (let i = 0; i < 4; i += 1) {
    assert.equal(pool.choose({ mode: 'FAST' })?.id, 'funded');
    assert.equal(pool.choose({ mode: 'TURBO' })?.id, 'funded');
    assert.equal(pool.choose()?.id, 'funded', 'an account whose default is FAST asks for fast hours too');
  }
  const relaxed = new Set(Array.from({ length: 4 }, () => pool.choose({ mode: 'RELAX' })?.id));
  assert.deepEqual([...relaxed].sort(), ['dry', 'funded']);
});

test('with no fast hours anywhere, fast work runs where fastExhausted is relax and is refused where it is refuse', () => {
  const relax = poolOf([session({ id: 'dry', fastExhausted: true, policy: 'relax' })]);
  assert.equal(relax.choose({ mode: 'FAST' })?.id, 'dry');
  const refuse = poolOf([session({ id: 'dry', fastExhausted: true, policy: 'refuse' })]);
  assert.equal(refuse.choose({ mode: 'FAST' }), undefined);
  assert.equal(refuse.choose({ mode: 'RELAX' })?.id, 'dry');
  const relaxDefault = poolOf([session({ id: 'dry', fastExhausted: true, policy: 'refuse', mode: 'RELAX' })]);
  assert.equal(relaxDefault.choose()?.id, 'dry', 'an account whose default is RELAX takes work that names no mode');
});
