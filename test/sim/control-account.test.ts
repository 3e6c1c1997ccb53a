import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { startSimulator, type Simulator } from '../../src/sim/index.js';

let sim: Simulator;
let control: (body: unknown) => Promise<{ status: number; body: unknown }>;

before(async () => {
  sim = await startSimulator({ accounts: 2, control: true });
  const origin = new URL(sim.info.apiBaseUrl).origin;
  control = async (body) => {
    const answer = await fetch(`${origin}/_sim/account`, { method: 'POST', body: JSON.stringify(body) });
    return { status: answer.status, body: await answer.json() };
  };
});
after(() => sim.close());

it('POST /_sim/account sets one account\'s fast hours and gives them back with the renewal', async () => {
  const [a, b] = sim.info.accounts;
  assert.deepEqual(await control({ userId: a?.userId, fastHoursLeft: 0.5 }), { status: 200, body: { ok: true } });
  assert.equal(sim.bots.midjourney.getAccountState(a?.userId ?? '').fastHoursLeft, 0.5);
  assert.equal(sim.bots.midjourney.getAccountState(b?.userId ?? '').fastHoursLeft, 30, 'other accounts keep theirs');
  await control({ userId: a?.userId, renew: true });
  assert.equal(sim.bots.midjourney.getAccountState(a?.userId ?? '').fastHoursLeft, 30);
  await control({ userId: a?.userId, renew: 12 });
  assert.equal(sim.bots.midjourney.getAccountState(a?.userId ?? '').fastHoursLeft, 12);
});

it('POST /_sim/account refuses a missing user and an unknown trigger', async () => {
  assert.equal((await control({ fastHoursLeft: 1 })).status, 400);
  assert.equal((await control({ userId: sim.info.accounts[0]?.userId, trigger: 'meteor' })).status, 400);
  assert.equal((await control({ userId: sim.info.accounts[0]?.userId, trigger: 'blocked' })).status, 200);
});
