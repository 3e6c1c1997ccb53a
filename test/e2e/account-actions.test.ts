/**
 * What an operator asks Midjourney about an account, over real sockets: sync-info (rate-limited to
 * one /info a minute), change-version and action on the /settings panel, each reflected in the
 * account's state and in what the simulated Midjourney holds; and the /info schedule on its own.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import { startTestService, type TestService } from './harness.js';

const ADMIN = { 'mj-api-secret': 'actions-admin-secret' };

interface Answer<T = Record<string, unknown>> { code: number; description: string; result: T | null }
interface SettingsView { remix: boolean; variability: string; version: string | null; mode: string | null; versions: { value: string }[] }
interface InfoView { fastHoursLeft: number | null; fastTimeRemaining: string | null; runningJobs: number | null; updatedAt: number }

/** A service on its own simulator; `listenOnly` adds a second account shared with a human (LISTEN_ONLY). */
async function startWith(tree: Record<string, unknown>, listenOnly = false): Promise<{ sim: Simulator; svc: TestService; id: string; userId: string }> {
  const sim = await startSimulator({ jobSeconds: 0.3, accounts: listenOnly ? 2 : 1 });
  const [account, shared] = sim.info.accounts;
  if (!account) throw new Error('the simulator has no account');
  const svc = await startTestService({
    server: { adminSecret: ADMIN['mj-api-secret'] },
    discord: { apiBaseUrl: sim.info.apiBaseUrl, gatewayUrl: sim.info.gatewayUrl, activityBaseUrl: sim.info.activityBaseUrl },
    accounts: listenOnly ? [account, { ...shared, status: 'LISTEN_ONLY' }] : [account],
    ...tree,
  });
  return { sim, svc, id: account.channelId, userId: account.userId };
}

describe('sync-info, change-version and action (one /info a minute)', () => {
  let sim: Simulator;
  let svc: TestService;
  let id: string;
  let userId: string;
  const post = <T>(path: string, body?: unknown) => svc.call<Answer<T>>('POST', `/mj/account/${id}${path}`, body, ADMIN);

  before(async () => {
    ({ sim, svc, id, userId } = await startWith({}));
  });
  after(async () => {
    await svc.close();
    await sim.close();
  });

  test('sync-info right after the start-up /info is refused with the wait; the admin secret is required', async () => {
    const answer = await post('/sync-info');
    assert.equal(answer.status, 200);
    assert.equal(answer.body.code, 4, answer.text);
    assert.match(answer.body.description, /try again in \d+ s/);
    assert.equal((await svc.call('POST', `/mj/account/${id}/sync-info`)).status, 401);
    assert.equal((await svc.call<Answer>('POST', '/mj/account/404404/sync-info', undefined, ADMIN)).body.code, 3);
  });

  test('change-version picks the version in the /settings menu', async () => {
    const picked = await post<{ settings: SettingsView }>('/change-version?version=--v%206.1');
    assert.equal(picked.body.code, 1, picked.text);
    assert.equal(picked.body.result?.settings.version, '6.1');
    assert.equal(sim.bots.midjourney.getAccountState(userId).version, '6.1');
    const byBody = await post<{ settings: SettingsView }>('/change-version', { version: '7' });
    assert.equal(byBody.body.result?.settings.version, '7');
    assert.equal(sim.bots.midjourney.getAccountState(userId).version, '7');
    const unknown = await post('/change-version', { version: '99' });
    assert.equal(unknown.body.code, 4);
    assert.match(unknown.body.description, /^version: must be one of 7, 6\.1/);
    assert.equal((await post('/change-version')).body.code, 4);
  });

  test('action clicks a /settings button: remix, variability, relax, stealth', async () => {
    const remix = await post<{ settings: SettingsView }>('/action', { customId: 'MJ::Settings::RemixMode' });
    assert.equal(remix.body.code, 1, remix.text);
    assert.equal(remix.body.result?.settings.remix, true);
    assert.equal(sim.bots.midjourney.getAccountState(userId).remix, true);
    assert.equal(svc.service.pool.get(id)?.state.remix, true);

    const low = await post<{ settings: SettingsView }>('/action?customId=MJ::Settings::HighVariabilityMode::0&botType=MID_JOURNEY');
    assert.equal(low.body.result?.settings.variability, 'low');
    const relax = await post<{ settings: SettingsView; jobMode: string }>('/action', { customId: 'MJ::Settings::RelaxMode::on' });
    assert.equal(relax.body.result?.jobMode, 'RELAX');
    assert.equal(relax.body.result?.settings.mode, 'RELAX');
    assert.equal(sim.bots.midjourney.getAccountState(userId).mode, 'relax');
    await post('/action', { customId: 'MJ::Settings::StealthMode::on' });
    assert.equal(sim.bots.midjourney.getAccountState(userId).stealth, true);

    assert.equal((await post('/action', { customId: 'MJ::JOB::upsample::1::x' })).body.code, 4);
    assert.equal((await post('/action', { customId: 'MJ::Settings::RemixMode', botType: 'DALL_E' })).body.code, 4);
  });
});

describe('the /info schedule', () => {
  let sim: Simulator;
  let svc: TestService;
  let id: string;
  let userId: string;

  before(async () => {
    // /info about every 0.6 s, at most one per 0.3 s.
    ({ sim, svc, id, userId } = await startWith({ accountSync: { everyMinutes: 0.01, minIntervalSeconds: 0.3 } }, true));
  });
  after(async () => {
    await svc.close();
    await sim.close();
  });

  test('/info runs by itself and follows the fast hours as they change; never on a listen-only account', async () => {
    const account = svc.service.pool.get(id)!;
    for (const hours of [12.5, 7.25]) {
      sim.bots.midjourney.setAccountState(userId, { fastHoursLeft: hours });
      const deadline = Date.now() + 15_000;
      while (account.state.info?.fastHoursLeft !== hours) {
        assert.ok(Date.now() < deadline, `the schedule never ran /info: ${JSON.stringify(account.state.info)}`);
        await sleep(50);
      }
    }
    const shared = svc.service.pool.all().find((session) => session.id !== id);
    assert.ok(shared?.ready, 'the listen-only account is connected');
    assert.equal(shared.state.info, null, 'mj-proxy sent no /info on an account shared with a human');
  });
});

describe('sync-info once the interval has passed', () => {
  let sim: Simulator;
  let svc: TestService;
  let id: string;
  let userId: string;

  before(async () => {
    // The schedule is an hour away; /info may run again a second after the start-up one.
    ({ sim, svc, id, userId } = await startWith({ accountSync: { everyMinutes: 60, minIntervalSeconds: 1 } }));
  });
  after(async () => {
    await svc.close();
    await sim.close();
  });

  test('sync-info runs /info and /settings now and answers what they said; a second one within the interval is refused', async () => {
    sim.bots.midjourney.setAccountState(userId, { fastHoursLeft: 7.25 });
    await sleep(1100);
    const now = await svc.call<Answer<{ info: InfoView; settings: SettingsView }>>('POST', `/mj/account/${id}/sync-info`, undefined, ADMIN);
    assert.equal(now.body.code, 1, now.text);
    assert.equal(now.body.result?.info.fastHoursLeft, 7.25);
    assert.equal(now.body.result?.info.fastTimeRemaining, '7.25/30.0 hours (24.17%)');
    assert.equal(now.body.result?.info.runningJobs, 0);
    assert.equal(now.body.result?.settings.version, '7');
    const again = await svc.call<Answer>('POST', `/mj/account/${id}/sync-info`, undefined, ADMIN);
    assert.equal(again.body.code, 4, again.text);
    assert.match(again.body.description, /try again in 1 s/);
  });
});
