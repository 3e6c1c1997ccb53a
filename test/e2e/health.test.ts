/** /mj/health tells the truth: ok with a ready account, degraded when none is ready, 503 down when none can work. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { startSimulator } from '../../src/sim/index.js';
import { startTestService, type TestService } from './harness.js';

interface Health {
  status: string;
  accounts: { instanceId: string; status: string; enable: boolean; disabledReason: string | null }[];
  incidents: Record<string, number>;
}

async function healthWhen(svc: TestService, done: (health: Health, httpStatus: number) => boolean): Promise<{ health: Health; httpStatus: number }> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const answer = await svc.call<Health>('GET', '/mj/health');
    if (done(answer.body, answer.status)) return { health: answer.body, httpStatus: answer.status };
    assert.ok(Date.now() < deadline, `health never got there: ${answer.status} ${answer.text}`);
    await sleep(50);
  }
}

test('ok while an account is ready; degraded (200) when Discord is gone; each account says its state', async () => {
  const sim = await startSimulator({ jobSeconds: 0.3, accounts: 2 });
  const [a, b] = sim.info.accounts;
  const svc = await startTestService({
    discord: { apiBaseUrl: sim.info.apiBaseUrl, gatewayUrl: sim.info.gatewayUrl, activityBaseUrl: sim.info.activityBaseUrl },
    accounts: [{ ...a }, { ...b, enable: false }],
  });
  try {
    const { health, httpStatus } = await healthWhen(svc, (h) => h.accounts[0]?.status === 'ready');
    assert.equal(httpStatus, 200);
    assert.equal(health.status, 'ok');
    assert.deepEqual(health.accounts.map((account) => [account.instanceId, account.status, account.enable]), [
      [a!.channelId, 'ready', true], [b!.channelId, 'disabled', false],
    ]);
    assert.deepEqual(Object.keys(health.incidents).sort(), ['parserErrors', 'uncaughtExceptions', 'unhandledRejections']);

    await sim.close(); // Discord unreachable: the enabled account reconnects again and again
    const degraded = await healthWhen(svc, (h) => h.status !== 'ok');
    assert.equal(degraded.httpStatus, 200);
    assert.equal(degraded.health.status, 'degraded');
    assert.notEqual(degraded.health.accounts[0]?.status, 'ready');
  } finally {
    await svc.close();
    await sim.close();
  }
});

test('down (503) when no account is enabled, and when the only one is stopped by Discord (4004)', async () => {
  const sim = await startSimulator({ jobSeconds: 0.3 });
  const [account] = sim.info.accounts;
  const discord = { apiBaseUrl: sim.info.apiBaseUrl, gatewayUrl: sim.info.gatewayUrl, activityBaseUrl: sim.info.activityBaseUrl };
  const disabled = await startTestService({ discord, accounts: [{ ...account, enable: false }] });
  try {
    const answer = await disabled.call<Health>('GET', '/mj/health');
    assert.equal(answer.status, 503);
    assert.equal(answer.body.status, 'down');
    assert.equal(answer.body.accounts[0]?.disabledReason, 'disabled in configuration');
  } finally {
    await disabled.close();
  }
  const revoked = await startTestService({ discord, accounts: [{ ...account }] });
  try {
    await healthWhen(revoked, (h) => h.status === 'ok');
    sim.faults.closeConnections(4004, 'Authentication failed.');
    const { health, httpStatus } = await healthWhen(revoked, (h) => h.status !== 'ok');
    assert.equal(httpStatus, 503);
    assert.equal(health.status, 'down');
    assert.match(health.accounts[0]?.disabledReason ?? '', /4004|Authentication failed/);
  } finally {
    await revoked.close();
    await sim.close();
  }
});
