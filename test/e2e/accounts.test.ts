import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import { startTestService, type TestService } from './harness.js';
import { click, submit, succeed } from './plus-helpers.js';

let sim: Simulator;
let svc: TestService;

before(async () => {
  sim = await startSimulator({ jobSeconds: 0.3, accounts: 2 });
  const [a, b] = sim.info.accounts;
  svc = await startTestService({
    discord: { apiBaseUrl: sim.info.apiBaseUrl, gatewayUrl: sim.info.gatewayUrl, activityBaseUrl: sim.info.activityBaseUrl },
    accountSelection: 'round-robin',
    accounts: [{ ...a, remark: 'alpha team', dmChannelId: '' }, { ...b, remark: 'beta team', mode: 'RELAX' }],
  });
});
after(async () => {
  await svc.close();
  await sim.close();
});

test('round-robin spreads tasks over both accounts; follow-ups stay on the account that made the target', async () => {
  const first = await succeed(svc, '/submit/imagine', { prompt: 'rr one' });
  const second = await succeed(svc, '/submit/imagine', { prompt: 'rr two' });
  assert.notEqual(first.properties.discordInstanceId, second.properties.discordInstanceId);
  for (const grid of [first, second]) {
    const { task } = await click(svc, grid, 'U1');
    assert.equal(task?.properties.discordInstanceId, grid.properties.discordInstanceId);
  }
});

test('accountFilter: instanceId, channelId and remark pick the account; no match is code 3', async () => {
  const [, b] = sim.info.accounts;
  const byInstance = await submit(svc, '/submit/imagine', { prompt: 'by instance', accountFilter: { instanceId: b!.channelId } });
  assert.equal(byInstance.properties.discordInstanceId, b!.channelId);
  const byRemark = await submit(svc, '/submit/imagine', { prompt: 'by remark', accountFilter: { remark: 'alpha' } });
  assert.equal(byRemark.properties.discordInstanceId, sim.info.accounts[0]!.channelId);
  const none = await submit(svc, '/submit/imagine', { prompt: 'nobody', accountFilter: { channelId: '42' } });
  assert.equal(none.code, 3);
  assert.ok(none.description.length > 0);
});

test('the mode reaches Midjourney: prefix, body, a flag in the prompt, the account default', async () => {
  const byPrefix = await svc.call<{ result: string }>('POST', '/mj-relax/mj/submit/imagine', { prompt: 'prefix relax', accountFilter: { remark: 'alpha' } });
  const prefixTask = await svc.waitForTask(byPrefix.body.result);
  assert.equal(prefixTask.mode, 'RELAX');
  assert.match(prefixTask.properties.messageContent ?? '', /\(relaxed\)$/);
  const byBody = await succeed(svc, '/submit/imagine', { prompt: 'body turbo', mode: 'turbo', accountFilter: { remark: 'alpha' } });
  assert.equal(byBody.mode, 'TURBO');
  assert.match(byBody.properties.messageContent ?? '', /\(turbo\)$/);
  const byPromptFlag = await succeed(svc, '/submit/imagine', { prompt: 'flag --relax', accountFilter: { remark: 'alpha' } });
  assert.equal(byPromptFlag.mode, 'RELAX');
  const byDefault = await succeed(svc, '/submit/imagine', { prompt: 'default mode', accountFilter: { remark: 'beta' } });
  assert.equal(byDefault.mode, 'RELAX');
  assert.match(byDefault.properties.messageContent ?? '', /\(relaxed\)$/);
});

test('image seed finds (creates) the DM channel by itself', async () => {
  const task = await succeed(svc, '/submit/imagine', { prompt: 'dm seed', accountFilter: { remark: 'alpha' } });
  const seed = await svc.call<{ code: number; result: string }>('GET', `/mj/task/${task.id}/image-seed`);
  assert.equal(seed.body.code, 1, seed.text);
  assert.match(seed.body.result, /^\d+$/);
});

test('an account that is reconnecting gets no new task while the other one is ready', async () => {
  const [a, b] = sim.info.accounts;
  sim.faults.delayNextReady(8000, a!.userId);
  sim.faults.sendInvalidSession(false, a!.userId);
  const health = async () => (await svc.call<{ accounts: { instanceId: string; status: string }[] }>('GET', '/mj/health')).body.accounts;
  for (let waited = 0; (await health()).find((x) => x.instanceId === a!.channelId)?.status === 'ready'; waited += 1) {
    assert.ok(waited < 100, 'the account never left ready');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const answers = [];
  for (const n of [1, 2, 3, 4]) answers.push(await submit(svc, '/submit/imagine', { prompt: `while alpha reconnects ${n}` }));
  assert.deepEqual(answers.map((answer) => answer.properties.discordInstanceId), [b!.channelId, b!.channelId, b!.channelId, b!.channelId]);
  await Promise.all(answers.map((answer) => svc.waitForTask(answer.result as string)));
});
